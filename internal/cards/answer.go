package cards

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kb-cli/kb/internal/notes"
)

// answerBudget is how long an answer may be, in characters, before it is cut
// at a paragraph boundary with a pointer to the rest: a quiz answer is read
// in one look, and 3,000 characters is a page, not an answer.
const answerBudget = 1200

// piece is one block's share of an answer.
type piece struct {
	kind    notes.BlockKind
	text    string
	line    int  // file line the text starts on
	gap     bool // a blank line before it
	inList  bool
	level   int // heading level
	heading string
}

// answer is the text of the note's bytes from..to as a person wants to read
// it: HTML rendered to text (<img alt="x"> as [image: x], <br> as a line
// break, other tags removed), navigation lines and reference sections
// dropped, code and images in their place, and cut at a paragraph boundary
// with "… (more: path:line)" when long.
func (d *doc) answer(from, to int) string {
	if from >= to {
		return ""
	}
	var ps []piece
	prevEnd := 0
	first := sort.Search(len(d.blocks), func(i int) bool { return d.blocks[i].End > from })
	for _, b := range d.blocks[first:] {
		if b.Start >= to {
			break
		}
		s, e := max(b.Start, from), min(b.End, to)
		var text string
		switch b.Kind {
		case notes.CodeBlock:
			text = string(d.src[s:e])
		case notes.HTMLBlock:
			text = htmlText(string(d.src[s:e]))
		default:
			text = d.inlineHTML(s, e)
		}
		text = strings.TrimRight(strings.TrimLeft(text, "\r\n"), " \t\r\n")
		if strings.TrimSpace(text) == "" {
			continue
		}
		line := d.lineOf(s)
		ps = append(ps, piece{kind: b.Kind, text: text, line: line, gap: prevEnd > 0 && line > prevEnd+1,
			inList: b.InList, level: b.Level, heading: b.Text})
		prevEnd = d.lineOf(max(s, e-1))
	}
	ps = dropClutter(ps)
	for len(ps) > 0 && ps[0].kind == notes.RuleBlock {
		ps = ps[1:]
	}
	for len(ps) > 0 && ps[len(ps)-1].kind == notes.RuleBlock {
		ps = ps[:len(ps)-1]
	}
	return d.join(ps)
}

// lineOf is the file line (1-based) of byte offset off.
func (d *doc) lineOf(off int) int {
	lo, hi := 0, len(d.starts)
	for lo < hi {
		m := (lo + hi) / 2
		if d.starts[m] <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// join puts the pieces together, cutting at answerBudget characters.
func (d *doc) join(ps []piece) string {
	var b strings.Builder
	n := 0
	more := func(line int) { fmt.Fprintf(&b, "\n\n… (more: %s:%d)", d.n.Path, line) }
	for i, p := range ps {
		r := utf8.RuneCountInString(p.text)
		if i > 0 && n+r > answerBudget {
			more(p.line)
			break
		}
		if i > 0 {
			b.WriteString("\n")
			if p.gap {
				b.WriteString("\n")
			}
		}
		if r > answerBudget {
			kept, nextLine := cutPiece(p)
			b.WriteString(kept)
			more(nextLine)
			break
		}
		b.WriteString(p.text)
		n += r
	}
	return b.String()
}

// cutPiece keeps the lines of an over-long first piece that fit the budget
// (at least part of the first, cut after a sentence), closing a code fence.
func cutPiece(p piece) (string, int) {
	lines := strings.Split(p.text, "\n")
	var kept []string
	n := 0
	for _, l := range lines {
		r := utf8.RuneCountInString(l) + 1
		if n+r > answerBudget {
			break
		}
		kept = append(kept, l)
		n += r
	}
	next := p.line + len(kept)
	if len(kept) == 0 {
		kept = []string{cutSentence(lines[0], answerBudget)}
	}
	if p.kind == notes.CodeBlock {
		t := strings.TrimLeft(lines[0], " \t>")
		for _, f := range []string{"```", "~~~"} {
			if strings.HasPrefix(t, f) {
				kept = append(kept, lines[0][:len(lines[0])-len(t)]+f)
			}
		}
	}
	return strings.Join(kept, "\n"), next
}

// cutSentence cuts s to at most n characters, after the last sentence end.
func cutSentence(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	r = r[:n]
	for i := len(r) - 1; i > n/2; i-- {
		if (r[i] == '.' || r[i] == '。' || r[i] == '!' || r[i] == '?') && (i+1 == len(r) || unicode.IsSpace(r[i+1])) {
			return string(r[:i+1])
		}
	}
	return string(r) + "…"
}

// inlineHTML is the text of src[s:e] with its inline HTML rendered as text.
func (d *doc) inlineHTML(s, e int) string {
	var b strings.Builder
	at := s
	spans := d.n.RawHTML
	first := sort.Search(len(spans), func(i int) bool { return spans[i].Start >= s })
	for _, sp := range spans[first:] {
		if sp.End > e {
			break
		}
		b.Write(d.src[at:sp.Start])
		tag := string(d.src[sp.Start:sp.End])
		if brRE.get().MatchString(tag) {
			// A line break: nothing at the end of a line, else a hard break.
			if sp.End < e && d.src[sp.End] != '\n' && d.src[sp.End] != '\r' {
				b.WriteString("  \n")
			}
		} else {
			b.WriteString(tagText(tag))
		}
		at = sp.End
	}
	b.Write(d.src[at:e])
	return b.String()
}

var (
	commentRE  = lazy(`(?s)<!--.*?(-->|$)`)
	imgRE      = lazy(`(?is)<img\b[^>]*>`)
	altRE      = lazy(`(?is)\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`)
	brRE       = lazy(`(?i)^<br\s*/?>$|^</br>$`)
	brAnyRE    = lazy(`(?i)<br\s*/?>|</br>`)
	blockEndRE = lazy(`(?i)</(?:p|div|li|tr|h[1-6]|table|ul|ol|details|summary|blockquote|pre)\s*>`)
	anyTagRE   = lazy(`(?s)</?[A-Za-z][A-Za-z0-9-]*(?:\s[^>]*)?/?>`)
	blankRunRE = lazy(`\n{3,}`)
)

// tagText is how one inline HTML tag reads as text.
func tagText(tag string) string {
	if strings.HasPrefix(tag, "<!--") {
		return ""
	}
	if imgRE.get().MatchString(tag) {
		return imageText(tag)
	}
	return ""
}

func imageText(tag string) string {
	if m := altRE.get().FindStringSubmatch(tag); m != nil {
		if alt := strings.TrimSpace(m[1] + m[2] + m[3]); alt != "" {
			return "[image: " + alt + "]"
		}
	}
	return "[image]"
}

// htmlText renders a piece of HTML as plain text.
func htmlText(s string) string {
	s = commentRE.get().ReplaceAllString(s, "")
	s = imgRE.get().ReplaceAllStringFunc(s, imageText)
	s = brAnyRE.get().ReplaceAllString(s, "\n")
	s = blockEndRE.get().ReplaceAllString(s, "\n")
	s = anyTagRE.get().ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "&nbsp;", " ")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(blankRunRE.get().ReplaceAllString(strings.Join(lines, "\n"), "\n\n"))
}

var (
	linkRE     = lazy(`\[([^\]]*)\]\(((?:[^()\s]|\([^)]*\))*)(?:\s+"[^"]*")?\)|\[([^\]]+)\]\[[^\]]*\]|<https?://[^>]+>|https?://\S+`)
	listMarkRE = lazy(`(?m)^[ \t>]*(?:[-*+]|\d+[.)])[ \t]+`)
	navWords   = map[string]bool{"뒤로": true, "위로": true, "앞으로": true, "처음으로": true, "맨 위로": true, "목차": true, "목차로": true,
		"이전": true, "다음": true, "홈": true, "top": true, "back": true, "back to top": true, "home": true, "prev": true,
		"previous": true, "next": true, "up": true, "contents": true, "table of contents": true, "toc": true}
	refWords = map[string]bool{"reference": true, "references": true, "ref": true, "refs": true, "source": true, "sources": true,
		"참고": true, "참고자료": true, "참고 자료": true, "참고문헌": true, "참고 문헌": true, "참고사이트": true, "참고 사이트": true,
		"참고 링크": true, "출처": true, "레퍼런스": true, "see also": true, "further reading": true, "bibliography": true}
)

// linkOnly reports whether text is nothing but links (and list markers,
// punctuation, arrows), and returns the links' texts and targets.
func linkOnly(text string) (ok bool, texts, targets []string) {
	if strings.Contains(text, "![") {
		return false, nil, nil
	}
	rest := linkRE.get().ReplaceAllStringFunc(text, func(m string) string {
		sm := linkRE.get().FindStringSubmatch(m)
		texts = append(texts, sm[1]+sm[3])
		targets = append(targets, sm[2])
		return " "
	})
	if len(texts) == 0 {
		return false, nil, nil
	}
	rest = listMarkRE.get().ReplaceAllString(rest, "")
	for _, r := range rest {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return false, nil, nil
		}
	}
	return true, texts, targets
}

// onlyLinks: an answer that is only a list of links (a table of contents).
func onlyLinks(a string) bool {
	ok, _, _ := linkOnly(a)
	return ok
}

// isNavigation: a line of links back, up or to another part of the page.
func isNavigation(text string) bool {
	ok, texts, targets := linkOnly(text)
	if !ok {
		return false
	}
	for i := range texts {
		if !strings.HasPrefix(targets[i], "#") && !navWords[label(texts[i])] {
			return false
		}
	}
	return true
}

// label reduces a heading or a bold line to its words: "**Reference** :"
// is "reference".
func label(s string) string {
	s = strings.ToLower(strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }))
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '*' || r == '_' }), " ")
}

// dropClutter removes navigation lines and reference sections: a heading
// such as "Reference" or "참고 자료" with what it holds, a paragraph saying
// so with the links below it, a "출처: [link]" line.
func dropClutter(ps []piece) []piece {
	out := ps[:0:0]
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		switch {
		case p.kind == notes.HeadingBlock && refWords[label(p.heading)]:
			for i+1 < len(ps) && !(ps[i+1].kind == notes.HeadingBlock && ps[i+1].level <= p.level) {
				i++
			}
			continue
		case p.kind == notes.Paragraph && !p.inList && refWords[label(p.text)]:
			for i+1 < len(ps) && (ps[i+1].inList || onlyLinks(ps[i+1].text)) {
				i++
			}
			continue
		case p.kind == notes.Paragraph && refLine(p.text):
			continue
		case p.kind == notes.Paragraph && isNavigation(p.text):
			continue
		}
		out = append(out, p)
	}
	return out
}

// refLine: "출처: [link]", "**Reference** : <url>".
func refLine(text string) bool {
	i := strings.IndexAny(text, ":：")
	if i <= 0 || !refWords[label(text[:i])] {
		return false
	}
	_, after, _ := strings.Cut(text[i:], string([]rune(text[i:])[0]))
	return onlyLinks(after)
}

var knownTagRE = lazy(`(?i)</?(?:a|b|i|u|s|em|strong|del|ins|mark|small|big|sub|sup|span|font|kbd|code|p|div|center|summary|details)\b[^>]*>`)

// cleanQuestion renders the HTML a question line may hold, as answers do;
// only tags HTML knows are removed, so "List<String>" stays as written.
func cleanQuestion(q string) string {
	if !strings.Contains(q, "<") {
		return q
	}
	q = commentRE.get().ReplaceAllString(q, "")
	q = imgRE.get().ReplaceAllStringFunc(q, imageText)
	q = brAnyRE.get().ReplaceAllString(q, " ")
	return knownTagRE.get().ReplaceAllString(q, "")
}
