package cards

import (
	"sort"
	"strconv"
	"strings"

	"github.com/kb-cli/kb/internal/notes"
)

var (
	qRE = lazy(`^(?:\*\*)?[Qq][:：](?:\*\*)?\s*(.*)$`)
	aRE = lazy(`^(?:\*\*)?[Aa][:：](?:\*\*)?\s*(.*)$`)
)

// markQuestions finds the blocks where a question card starts: a heading or
// a parent question's answer ends there.
func (d *doc) markQuestions() {
	for i, b := range d.blocks {
		switch b.Kind {
		case notes.HeadingBlock:
			d.question[i] = d.headingIsCard(b)
		case notes.Paragraph:
			lines, _ := d.blockLines(b)
			for _, l := range lines {
				t := strings.TrimSpace(l)
				if qRE.get().MatchString(t) || t == "?" || t == "??" || inlineSplit(t) != nil {
					d.question[i] = true
					break
				}
			}
		}
	}
	for _, dt := range d.details() {
		if d.summaryIsCard(dt.summary) {
			d.question[d.blockAt(dt.open)] = true
		}
	}
}

// headingIsCard: a heading ending in ? (with quiz: headings, any level-2
// heading), unless it is only a link: an entry of a table of contents.
func (d *doc) headingIsCard(b notes.Block) bool {
	return (isQuestion(b.Text) || (d.mode == "headings" && b.Level == 2)) && !d.headingIsLink(b)
}

func (d *doc) headingIsLink(b notes.Block) bool {
	t := strings.Trim(strings.TrimSpace(d.lineText(b.Line)), "#")
	ok, _, _ := linkOnly(t)
	return ok
}

// blockAt is the index of the block holding byte offset off (or the last
// one before it).
func (d *doc) blockAt(off int) int {
	return max(0, sort.Search(len(d.blocks), func(i int) bool { return d.blocks[i].Start > off })-1)
}

// headingCards: a heading ending in ? is a question (with quiz: headings,
// every level-2 heading). Its answer is what follows, up to the next heading
// of the same or a higher level or the next question of any level. A
// question with nothing of its own before its first sub-question is a
// section title, and an answer that is only links is a table of contents:
// neither is a card.
func (d *doc) headingCards() []found {
	var out []found
	for i, b := range d.blocks {
		if b.Kind != notes.HeadingBlock || !d.question[i] {
			continue
		}
		j := i + 1
		for ; j < len(d.blocks); j++ {
			if nb := d.blocks[j]; (nb.Kind == notes.HeadingBlock && nb.Level <= b.Level) || d.question[j] {
				break
			}
		}
		end := len(d.src)
		if j < len(d.blocks) {
			end = d.blocks[j].Start
		}
		a := d.answer(b.End, end)
		if a == "" && j < len(d.blocks) && d.blocks[j].Kind == notes.HeadingBlock && d.blocks[j].Level > b.Level {
			continue
		}
		if a != "" && onlyLinks(a) || d.isIndex(i) {
			continue
		}
		out = append(out, found{kind: KindHeading, line: b.Line, q: b.Text, a: a, level: b.Level})
	}
	return out
}

// isIndex: the section under heading i (to the next heading of its level)
// has two or more headings that are links: it leads to other pages, it
// does not answer a question ("What is this?" atop a README).
func (d *doc) isIndex(i int) bool {
	n := 0
	for _, b := range d.blocks[i+1:] {
		if b.Kind != notes.HeadingBlock {
			continue
		}
		if b.Level <= d.blocks[i].Level {
			break
		}
		if d.headingIsLink(b) {
			n++
		}
	}
	return n >= 2
}

// qaCards: a paragraph line starting "Q:" and the "A:" line after it, in
// the same paragraph or starting the next one. The answer runs to the next
// Q:, then on through the lists, code and quotes that follow.
func (d *doc) qaCards() []found {
	var out []found
	var q []string
	qLine, aFrom := 0, -1
	flush := func(aTo int) {
		if qLine > 0 && aFrom >= 0 {
			out = append(out, found{kind: KindQA, line: qLine, q: strings.Join(q, " "), a: d.answer(aFrom, aTo)})
		}
		q, qLine, aFrom = nil, 0, -1
	}
	for i := 0; i < len(d.blocks); i++ {
		b := d.blocks[i]
		if b.Kind != notes.Paragraph {
			flush(b.Start)
			continue
		}
		lines, offs := d.blockLines(b)
		if qLine > 0 && aFrom < 0 && !aRE.get().MatchString(strings.TrimSpace(lines[0])) {
			q, qLine = nil, 0 // a question whose answer never came
		}
		for k, l := range lines {
			t := strings.TrimSpace(l)
			switch {
			case qRE.get().MatchString(t):
				flush(offs[k])
				q, qLine = []string{qRE.get().FindStringSubmatch(t)[1]}, b.Line+k
			case qLine > 0 && aFrom < 0 && aRE.get().MatchString(t):
				m := aRE.get().FindStringSubmatchIndex(t)
				aFrom = offs[k] + (len(l) - len(strings.TrimLeft(l, " \t"))) + m[2]
			case qLine > 0 && aFrom < 0:
				q = append(q, t)
			}
		}
		if aFrom < 0 {
			continue
		}
		// The answer goes on through lists, code, quotes and tables.
		j := i + 1
		for ; j < len(d.blocks) && !d.question[j]; j++ {
			nb := d.blocks[j]
			if !(nb.InList || nb.InQuote || nb.Kind == notes.CodeBlock || nb.Kind == notes.TableBlock) {
				break
			}
		}
		end := len(d.src)
		if j < len(d.blocks) {
			end = d.blocks[j].Start
		}
		flush(end)
		i = j - 1
	}
	flush(len(d.src))
	return out
}

// inlineSplit finds "question :: answer" or "question ::: answer" in a
// line of text, outside inline code. It returns nil, or {q, a, sep}.
func inlineSplit(t string) []string {
	if strings.HasPrefix(t, "|") {
		return nil
	}
	for _, sep := range []string{" ::: ", " :: "} {
		i := strings.Index(t, sep)
		if i <= 0 || strings.Count(t[:i], "`")%2 != 0 {
			continue
		}
		q, a := strings.TrimSpace(t[:i]), strings.TrimSpace(t[i+len(sep):])
		if q == "" || a == "" {
			continue
		}
		return []string{q, a, strings.TrimSpace(sep)}
	}
	return nil
}

// inlineCards: "question :: answer" on one line; "question ::: answer"
// makes two cards, one each way.
func (d *doc) inlineCards() []found {
	var out []found
	for _, b := range d.blocks {
		if b.Kind != notes.Paragraph {
			continue
		}
		lines, offs := d.blockLines(b)
		for k, l := range lines {
			m := inlineSplit(strings.TrimSpace(l))
			if m == nil {
				continue
			}
			ln := b.Line + k
			a := d.answer(offs[k]+strings.Index(l, m[1]), offs[k]+len(l))
			if m[2] == ":::" {
				out = append(out, found{kind: KindReversed, line: ln, q: m[0], a: a},
					found{kind: KindReversed, line: ln, q: m[1], a: cleanQuestion(m[0])})
			} else {
				out = append(out, found{kind: KindInline, line: ln, q: m[0], a: a})
			}
		}
	}
	return out
}

// multilineCards: question lines, a line holding only "?", answer lines
// (obsidian-spaced-repetition's format); "??" makes a card each way. The
// answer runs to the first blank line.
func (d *doc) multilineCards() []found {
	var out []found
	for i, b := range d.blocks {
		if b.Kind != notes.Paragraph {
			continue
		}
		lines, offs := d.blockLines(b)
		for k, l := range lines {
			sep := strings.TrimSpace(l)
			if (sep != "?" && sep != "??") || k == 0 {
				continue
			}
			q := strings.TrimSpace(strings.Join(lines[:k], "\n"))
			var a string
			if k+1 < len(lines) {
				a = d.answer(offs[k+1], b.End)
			} else { // the answer is the blocks right below, up to a blank line
				j := i + 1
				for j < len(d.blocks) && !d.blankBetween(j) && !d.question[j] {
					j++
				}
				if j > i+1 {
					a = d.answer(d.blocks[i+1].Start, d.blocks[j-1].End)
				}
			}
			if a == "" {
				break
			}
			out = append(out, found{kind: KindMultiline, line: b.Line, q: q, a: a})
			if sep == "??" {
				out = append(out, found{kind: KindMultiline, line: b.Line, q: a, a: q})
			}
			break
		}
	}
	return out
}

var (
	clozeRE    = lazy(`\{\{c(\d+)::(.*?)(?:::([^}]*))?\}\}|==([^=\s](?:[^=]*[^=\s])?)==`)
	codeSpanRE = lazy("`+[^`]*`+")
)

// clozeCards: in a paragraph or list item, {{c1::hidden}} (Anki; an
// optional ::hint) and ==hidden== (each its own number) hide text. One card
// per number: those clozes hidden, the others shown.
func (d *doc) clozeCards() []found {
	var out []found
	for _, b := range d.blocks {
		if b.Kind != notes.Paragraph {
			continue
		}
		lines, _ := d.blockLines(b)
		text := strings.Join(lines, "\n")
		if !strings.Contains(text, "{{c") && !strings.Contains(text, "==") {
			continue
		}
		code := codeSpanRE.get().FindAllStringIndex(text, -1)
		inCode := func(at int) bool {
			for _, c := range code {
				if at >= c[0] && at < c[1] {
					return true
				}
			}
			return false
		}
		type cloze struct {
			start, end int
			num        int
			hidden     string
			hint       string
		}
		var cs []cloze
		maxNum := 0
		for _, m := range clozeRE.get().FindAllStringSubmatchIndex(text, -1) {
			if inCode(m[0]) {
				continue
			}
			c := cloze{start: m[0], end: m[1]}
			if m[2] >= 0 {
				c.num, _ = strconv.Atoi(text[m[2]:m[3]])
				c.hidden = text[m[4]:m[5]]
				if m[6] >= 0 {
					c.hint = text[m[6]:m[7]]
				}
				maxNum = max(maxNum, c.num)
			} else {
				c.num = -1
				c.hidden = text[m[8]:m[9]]
			}
			cs = append(cs, c)
		}
		next := maxNum
		var nums []int
		for i := range cs {
			if cs[i].num < 0 {
				next++
				cs[i].num = next
			}
			if !containsInt(nums, cs[i].num) {
				nums = append(nums, cs[i].num)
			}
		}
		for _, num := range nums {
			var q, a strings.Builder
			last := 0
			for _, c := range cs {
				q.WriteString(text[last:c.start])
				a.WriteString(text[last:c.start])
				if c.num == num {
					hint := "..."
					if c.hint != "" {
						hint = c.hint
					}
					q.WriteString("[" + hint + "]")
					a.WriteString("**" + c.hidden + "**")
				} else {
					q.WriteString(c.hidden)
					a.WriteString(c.hidden)
				}
				last = c.end
			}
			q.WriteString(text[last:])
			a.WriteString(text[last:])
			out = append(out, found{kind: KindCloze, line: b.Line, q: q.String(), a: a.String()})
		}
	}
	return out
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
