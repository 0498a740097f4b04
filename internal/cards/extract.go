// Package cards finds the questions in ordinary Markdown notes: the cards
// kb quiz drills. Nothing is ever written into a note.
package cards

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/kb-cli/kb/internal/notes"
)

// Card is one question and its answer.
type Card struct {
	ID       string   `json:"id"`
	Path     string   `json:"path"`
	Line     int      `json:"line"`
	Question string   `json:"question"`
	Answer   string   `json:"answer"`
	Deck     string   `json:"deck"`
	Tags     []string `json:"tags"`
}

// ID is a card's identity: a hash of its question, normalised (case, spaces,
// punctuation) so that moving or renaming the note keeps it; small wording
// fixes are bridged by the review log (see reviews).
func ID(question string) string {
	sum := sha256.Sum256([]byte(Normalize(question)))
	return hex.EncodeToString(sum[:6])
}

// Normalize reduces a question to what identifies it.
func Normalize(q string) string {
	q = strings.ToLower(norm.NFC.String(q))
	var b strings.Builder
	space := false
	for _, r := range q {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

var (
	atxRE     = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	fenceRE   = regexp.MustCompile("^ {0,3}(```+|~~~+)")
	qRE       = regexp.MustCompile(`^(?:\*\*)?[Qq][:：](?:\*\*)?\s*(.*)$`)
	aRE       = regexp.MustCompile(`^(?:\*\*)?[Aa][:：](?:\*\*)?\s*(.*)$`)
	summaryRE = regexp.MustCompile(`(?is)<summary>(.*?)</summary>(.*)`)
	tagRE     = regexp.MustCompile(`<[^>]+>`)
)

type line struct {
	text   string
	n      int // file line, 1-based
	inCode bool
}

// Extract returns a note's cards. src is the raw file; path names it.
func Extract(path string, src []byte) []Card {
	n, _ := notes.Parse(path, src, zeroTime)
	return FromNote(n, src)
}

// FromNote returns the cards of a note already parsed from src, so that
// indexing finds them without parsing the note twice.
func FromNote(n *notes.Note, src []byte) []Card {
	src, _ = notes.Clean(src)
	mode, _ := n.Fields["quiz"].(string)
	if b, ok := n.Fields["quiz"].(bool); ok && !b {
		return nil
	}
	fm, _, _ := notes.SplitFrontMatter(src)
	lines := splitLines(string(src[fm.BodyOffset:]), fm.BodyLine)

	deck, _ := n.Fields["deck"].(string)
	if deck == "" {
		deck = topFolder(n.Path)
	}
	var out []Card
	add := func(q, a string, ln int) {
		q = strings.TrimSpace(q)
		if q == "" {
			return
		}
		out = append(out, Card{ID: ID(q), Path: n.Path, Line: ln, Question: q,
			Answer: strings.TrimSpace(a), Deck: deck, Tags: n.Tags})
	}
	headingCards(lines, mode == "headings", add)
	qaCards(lines, add)
	inlineCards(lines, add)
	detailsCards(lines, add)
	return dedupe(out)
}

func splitLines(body string, first int) []line {
	raw := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	out := make([]line, len(raw))
	inCode := false
	var fence string
	for i, t := range raw {
		if m := fenceRE.FindStringSubmatch(t); m != nil {
			if !inCode {
				inCode, fence = true, m[1][:3]
				out[i] = line{t, first + i, true}
				continue
			}
			if strings.HasPrefix(strings.TrimSpace(t), fence) {
				out[i] = line{t, first + i, true}
				inCode = false
				continue
			}
		}
		out[i] = line{t, first + i, inCode}
	}
	return out
}

func isQuestion(s string) bool { return strings.HasSuffix(s, "?") || strings.HasSuffix(s, "？") }

// headingCards: a heading ending in ? is a question; its answer is the
// section under it, up to the next heading of the same or a higher level.
func headingCards(lines []line, allH2 bool, add func(q, a string, ln int)) {
	type heading struct{ i, level int }
	var hs []heading
	for i, l := range lines {
		if l.inCode {
			continue
		}
		if m := atxRE.FindStringSubmatch(l.text); m != nil {
			hs = append(hs, heading{i, len(m[1])})
		}
	}
	for k, h := range hs {
		text := strings.TrimSpace(atxRE.FindStringSubmatch(lines[h.i].text)[2])
		if !isQuestion(text) && !(allH2 && h.level == 2) {
			continue
		}
		end := len(lines)
		for _, next := range hs[k+1:] {
			if next.level <= h.level {
				end = next.i
				break
			}
		}
		add(text, joinLines(lines[h.i+1:end]), lines[h.i].n)
	}
}

// qaCards: a paragraph starting "Q:" and the "A:" paragraph after it. The
// answer runs on over blank lines while what follows is indented or a list;
// it ends at another paragraph, a heading or the next Q:.
func qaCards(lines []line, add func(q, a string, ln int)) {
	for i := 0; i < len(lines); i++ {
		m := qRE.FindStringSubmatch(strings.TrimSpace(lines[i].text))
		if lines[i].inCode || m == nil {
			continue
		}
		qLine, q := lines[i].n, []string{m[1]}
		j := i + 1
		for ; j < len(lines) && strings.TrimSpace(lines[j].text) != "" && aRE.FindStringSubmatch(strings.TrimSpace(lines[j].text)) == nil; j++ {
			q = append(q, strings.TrimSpace(lines[j].text))
		}
		for j < len(lines) && strings.TrimSpace(lines[j].text) == "" {
			j++
		}
		if j >= len(lines) {
			break
		}
		am := aRE.FindStringSubmatch(strings.TrimSpace(lines[j].text))
		if am == nil {
			continue
		}
		a := []string{am[1]}
		k := j + 1
		for k < len(lines) {
			t := lines[k].text
			if strings.TrimSpace(t) == "" {
				next := k + 1
				for next < len(lines) && strings.TrimSpace(lines[next].text) == "" {
					next++
				}
				if next < len(lines) && continuesAnswer(lines[next].text) {
					a = append(a, "")
					k = next
					continue
				}
				break
			}
			if qRE.MatchString(strings.TrimSpace(t)) || atxRE.MatchString(t) {
				break
			}
			a = append(a, t)
			k++
		}
		add(strings.Join(q, " "), strings.Join(a, "\n"), qLine)
		i = k - 1
	}
}

func continuesAnswer(t string) bool {
	trimmed := strings.TrimLeft(t, " \t")
	return len(t)-len(trimmed) >= 2 || strings.HasPrefix(trimmed, "- ") || strings.HasPrefix(trimmed, "* ") ||
		strings.HasPrefix(trimmed, "```")
}

// inlineCards: "question :: answer" on one line.
func inlineCards(lines []line, add func(q, a string, ln int)) {
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		if l.inCode || strings.HasPrefix(t, "|") || strings.HasPrefix(t, "#") {
			continue
		}
		// An odd number of backticks before it: the :: is inside inline code.
		if i := strings.Index(t, " :: "); i > 0 && strings.Count(t[:i], "`")%2 == 0 {
			q := strings.TrimSpace(strings.TrimLeft(t[:i], "-*+ "))
			add(q, t[i+4:], l.n)
		}
	}
}

// detailsCards: <details><summary>question</summary> answer </details>, the
// format of the big public DevOps question banks.
func detailsCards(lines []line, add func(q, a string, ln int)) {
	for i := 0; i < len(lines); i++ {
		if lines[i].inCode || !strings.Contains(strings.ToLower(lines[i].text), "<details") {
			continue
		}
		start := lines[i].n
		var block []string
		j := i
		for ; j < len(lines); j++ {
			block = append(block, lines[j].text)
			if strings.Contains(strings.ToLower(lines[j].text), "</details>") {
				break
			}
		}
		text := strings.Join(block, "\n")
		m := summaryRE.FindStringSubmatch(text)
		if m == nil {
			i = j
			continue
		}
		q := strings.TrimSpace(tagRE.ReplaceAllString(m[1], ""))
		answer := m[2]
		if k := strings.Index(strings.ToLower(answer), "</details>"); k >= 0 {
			answer = answer[:k]
		}
		add(q, answer, start)
		i = j
	}
}

func joinLines(ls []line) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l.text)
		b.WriteByte('\n')
	}
	return b.String()
}

func topFolder(p string) string {
	if i := strings.IndexByte(p, '/'); i > 0 {
		return p[:i]
	}
	return ""
}

// dedupe keeps the first card of each question within a note.
func dedupe(cs []Card) []Card {
	seen := map[string]bool{}
	out := cs[:0]
	for _, c := range cs {
		if !seen[c.ID] {
			seen[c.ID] = true
			out = append(out, c)
		}
	}
	return out
}
