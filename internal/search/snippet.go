package search

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
	"golang.org/x/text/unicode/norm"

	"github.com/kb-cli/kb/internal/index"
)

// snippetFields are searched for the snippet in this order of preference;
// each is line-aligned with the file (see notes.Note), so a match's line in
// the field is its line in the file.
var snippetFields = []string{index.FieldBody, index.FieldHeadings, index.FieldCode}

// maxSnippet is the longest snippet in bytes (about 70 Hangul syllables or
// 200 Latin letters): one line of a wide terminal.
const maxSnippet = 200

type highlighter struct {
	// hangul holds the Hangul runs of the query words. A Korean word matches as
	// a chain of overlapping bigrams; a stray bigram elsewhere (네티 inside
	// 인터네티즌) is not a match of 쿠버네티스 and must not be highlighted.
	hangul []string
}

func newHighlighter(words []string) *highlighter {
	hl := &highlighter{}
	for _, w := range words {
		hl.hangul = append(hl.hangul, strings.FieldsFunc(strings.ToLower(norm.NFC.String(w)), notHangul)...)
	}
	return hl
}

func notHangul(r rune) bool { return !unicode.Is(unicode.Hangul, r) }

// snippet picks the line that best covers the query and returns its file line,
// its text (trimmed on word boundaries) and the byte ranges to highlight. Bleve's
// own highlighter splits Korean matches into half-marked bigrams, so the spans
// are rebuilt here from the hit's term locations.
func (hl *highlighter) snippet(d *search.DocumentMatch) (int, string, []Span) {
	type lineMatch struct {
		field    int
		line     int
		spans    []Span
		distinct int
	}
	var best *lineMatch
	title := index.StoredString(d.Fields[index.FieldTitle])
	hasBody := len(d.Locations[index.FieldBody]) > 0
	for fi, field := range snippetFields {
		text := index.StoredString(d.Fields[field])
		spans := hl.keep(text, merge(locations(d, field)))
		if len(spans) == 0 {
			continue
		}
		byLine := map[int]*lineMatch{}
		var order []int
		for _, s := range spans {
			ln := strings.Count(text[:s.Start], "\n")
			m := byLine[ln]
			if m == nil {
				m = &lineMatch{field: fi, line: ln}
				byLine[ln] = m
				order = append(order, ln)
			}
			m.spans = append(m.spans, s)
		}
		for _, ln := range order {
			m := byLine[ln]
			if field == index.FieldHeadings && lineText(text, ln) == title && hasBody {
				continue // the title heading says nothing the title does not
			}
			seen := map[string]bool{}
			for _, s := range m.spans {
				seen[strings.ToLower(text[s.Start:s.End])] = true
			}
			m.distinct = len(seen)
			if best == nil || m.distinct > best.distinct ||
				(m.distinct == best.distinct && m.field == best.field && len(m.spans) > len(best.spans)) {
				best = m
			}
		}
	}
	if best == nil {
		return firstLine(index.StoredString(d.Fields[index.FieldBody]))
	}
	text := index.StoredString(d.Fields[snippetFields[best.field]])
	start, end := lineBounds(text, best.line)
	marks := make([]Span, len(best.spans))
	for i, s := range best.spans {
		marks[i] = Span{s.Start - start, s.End - start}
	}
	snip, marks := trim(text[start:end], marks)
	return best.line + 1, snip, marks
}

func locations(d *search.DocumentMatch, field string) []Span {
	var out []Span
	for _, locs := range d.Locations[field] {
		for _, l := range locs {
			out = append(out, Span{int(l.Start), int(l.End)})
		}
	}
	return out
}

// merge sorts spans and joins overlapping ones: the bigrams 쿠버 버네 네티 티스
// become the one span 쿠버네티스.
func merge(spans []Span) []Span {
	if len(spans) == 0 {
		return nil
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	out := []Span{spans[0]}
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s.Start < last.End {
			if s.End > last.End {
				last.End = s.End
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// keep drops Hangul spans that do not cover a whole Hangul run of the query.
func (hl *highlighter) keep(text string, spans []Span) []Span {
	out := spans[:0]
	for _, s := range spans {
		if s.End > len(text) || s.Start < 0 || s.Start >= s.End {
			continue
		}
		t := strings.ToLower(text[s.Start:s.End])
		if strings.IndexFunc(t, func(r rune) bool { return !notHangul(r) }) < 0 || hl.coversRun(t) {
			out = append(out, s)
		}
	}
	return out
}

func (hl *highlighter) coversRun(t string) bool {
	t = strings.ReplaceAll(t, " ", "") // a compound spaced otherwise than in the query
	for _, run := range hl.hangul {
		if strings.Contains(t, run) {
			return true
		}
	}
	return false
}

func lineText(text string, line int) string {
	s, e := lineBounds(text, line)
	return text[s:e]
}

func lineBounds(text string, line int) (int, int) {
	start := 0
	for i := 0; i < line; i++ {
		j := strings.IndexByte(text[start:], '\n')
		if j < 0 {
			return len(text), len(text)
		}
		start += j + 1
	}
	end := strings.IndexByte(text[start:], '\n')
	if end < 0 {
		return start, len(text)
	}
	return start, start + end
}

// firstLine is the snippet of a note matched without a located word (by tag
// or title only): its first line of prose.
func firstLine(body string) (int, string, []Span) {
	for i, l := range strings.Split(body, "\n") {
		if strings.TrimSpace(l) != "" {
			s, _ := trim(l, nil)
			return i + 1, s, nil
		}
	}
	return 0, "", nil
}

const ellipsis = "…"

// trim cuts a long line to about maxSnippet bytes around its first mark, at
// spaces where it can, and shifts the marks to match.
func trim(line string, marks []Span) (string, []Span) {
	if len(line) <= maxSnippet {
		return line, marks
	}
	from := 0
	if len(marks) > 0 && marks[0].Start > maxSnippet/3 {
		from = wordStart(line, marks[0].Start-maxSnippet/3)
	}
	to := from + maxSnippet
	if to >= len(line) {
		to = len(line)
	} else {
		to = wordEnd(line, from, to)
	}
	out := line[from:to]
	shift := -from
	if from > 0 {
		out = ellipsis + out
		shift += len(ellipsis)
	}
	if to < len(line) {
		out += ellipsis
	}
	var kept []Span
	for _, m := range marks {
		if m.Start < from || m.End > to {
			continue
		}
		kept = append(kept, Span{m.Start + shift, m.End + shift})
	}
	return out, kept
}

// wordStart moves i forward to the start of a word (after a space), or to a
// rune boundary when no space is near.
func wordStart(s string, i int) int {
	if i <= 0 {
		return 0
	}
	if j := strings.IndexByte(s[i:], ' '); j >= 0 && j < 40 {
		return i + j + 1
	}
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return i
}

// wordEnd moves i back to the end of a word, staying after from.
func wordEnd(s string, from, i int) int {
	if j := strings.LastIndexByte(s[from:i], ' '); j > 0 && i-(from+j) < 40 {
		return from + j
	}
	for i > from && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}
