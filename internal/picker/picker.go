// Package picker is kb's interactive search: a query line that re-runs the
// search at each key, a list of hits to move through, and a preview of the
// selected note around the matching line. The model here knows nothing of
// terminals; term.go draws it on one.
package picker

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/kb-cli/kb/internal/ansi"
	"github.com/kb-cli/kb/internal/cellwidth"
)

// Item is one hit the picker shows.
type Item struct {
	Title string
	Path  string
	Line  int // 0: the top of the note
	Tags  []string
}

// Source answers the picker: Search runs a query (called again at each change
// of the query, with the index kept open), Preview returns a note's lines.
type Source interface {
	Search(query string) ([]Item, string, error) // items and a status line
	Preview(it Item) []string
}

// Model is the picker's state.
type Model struct {
	src     Source
	query   []rune
	items   []Item
	status  string
	cursor  int
	top     int // first item on screen
	lastQ   string
	searchE error
}

// New starts a picker on query.
func New(src Source, query string) *Model {
	m := &Model{src: src, query: []rune(query), lastQ: "\x00"}
	m.refresh()
	return m
}

// Query is the text typed so far.
func (m *Model) Query() string { return string(m.query) }

// Items are the current hits.
func (m *Model) Items() []Item { return m.items }

// Selected is the hit under the cursor.
func (m *Model) Selected() (Item, bool) {
	if m.cursor < len(m.items) {
		return m.items[m.cursor], true
	}
	return Item{}, false
}

// Action is what a key asks of the program.
type Action int

const (
	Continue Action = iota
	Open            // Enter on a hit
	Quit            // Esc, Ctrl-C
)

// Handle applies one key.
func (m *Model) Handle(k Key, pageRows int) Action {
	switch k.Kind {
	case Char:
		if unicode.IsPrint(k.Rune) {
			m.query = append(m.query, k.Rune)
		}
	case Backspace:
		if len(m.query) > 0 {
			m.query = m.query[:len(m.query)-1]
		}
	case DeleteWord:
		q := strings.TrimRightFunc(string(m.query), unicode.IsSpace)
		if i := strings.LastIndexFunc(q, unicode.IsSpace); i >= 0 {
			m.query = []rune(q[:i+1])
		} else {
			m.query = nil
		}
	case Clear:
		m.query = nil
	case Up:
		m.move(-1)
	case Down:
		m.move(1)
	case PageUp:
		m.move(-max(1, pageRows))
	case PageDown:
		m.move(max(1, pageRows))
	case Enter:
		if _, ok := m.Selected(); ok {
			return Open
		}
	case Esc, Interrupt:
		return Quit
	}
	m.refresh()
	return Continue
}

func (m *Model) move(d int) {
	m.cursor = min(max(m.cursor+d, 0), max(len(m.items)-1, 0))
}

// refresh searches again when the query changed.
func (m *Model) refresh() {
	// The query as searched: "도커" and "도커 " are one search, "proces" is
	// the start of a word.
	q := AsTyped(strings.TrimLeft(string(m.query), " "))
	if q == m.lastQ {
		return
	}
	m.lastQ = q
	m.items, m.status, m.searchE = m.src.Search(q)
	m.cursor, m.top = 0, 0
}

// Style colours the picker; the zero Style draws plain text.
type Style struct{ Color bool }

func (s Style) sgr(code, t string) string { return ansi.Styler{On: s.Color}.Style(code, t) }

// Render draws the screen as lines of at most width cells: the query, the
// hits (about a third of the height), a rule, and the preview.
func (m *Model) Render(width, height int, st Style) []string {
	width, height = max(width, 20), max(height, 6)
	lines := []string{st.sgr(ansi.Bold, "> ") + string(m.query) + "█"}
	status := m.status
	if m.searchE != nil {
		status = m.searchE.Error()
	}
	lines = append(lines, st.sgr(ansi.Dim, cellwidth.Truncate(status, width)))
	listRows := max(3, (height-3)/3)
	if m.cursor < m.top {
		m.top = m.cursor
	}
	if m.cursor >= m.top+listRows {
		m.top = m.cursor - listRows + 1
	}
	for i := m.top; i < m.top+listRows; i++ {
		if i >= len(m.items) {
			lines = append(lines, "")
			continue
		}
		it := m.items[i]
		loc := it.Path
		if it.Line > 0 {
			loc += ":" + strconv.Itoa(it.Line)
		}
		text := cellwidth.Truncate(it.Title+"  "+loc, width-2)
		if i == m.cursor {
			lines = append(lines, st.sgr(ansi.Reverse, "> "+cellwidth.Pad(text, width-2)))
		} else {
			lines = append(lines, "  "+text)
		}
	}
	lines = append(lines, st.sgr(ansi.Dim, strings.Repeat("─", width)))
	rows := height - len(lines)
	if it, ok := m.Selected(); ok && rows > 0 {
		for _, l := range previewWindow(m.src.Preview(it), it.Line, rows) {
			lines = append(lines, highlightWords(cellwidth.Truncate(l, width), queryWords(m.lastQ), st))
		}
	}
	return lines
}

// previewWindow is rows lines of the note with line (1-based) a little below
// the top, so the heading above a match shows too.
func previewWindow(text []string, line, rows int) []string {
	start := 0
	if line > 0 {
		start = max(0, line-1-rows/4)
	}
	end := min(len(text), start+rows)
	if start > end {
		return nil
	}
	return text[start:end]
}

// queryWords are the words to mark in the preview: the query's, without
// operators and quotes.
func queryWords(q string) []string {
	var out []string
	for _, w := range strings.Fields(q) {
		if strings.HasPrefix(w, "-") {
			continue
		}
		if i := strings.IndexByte(w, ':'); i >= 0 {
			w = w[i+1:]
		}
		w = strings.Trim(w, `"#*?!.,`)
		if w != "" && w != "OR" {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

// highlightWords marks each occurrence of the words in s, without regard to
// case; Korean words match with their particles, as search does.
func highlightWords(s string, words []string, st Style) string {
	if len(words) == 0 {
		return s
	}
	lower := strings.ToLower(s)
	if len(lower) != len(s) {
		return s // case folding changed lengths: leave the line plain
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		n := 0
		for _, w := range words {
			if strings.HasPrefix(lower[i:], w) && len(w) > n {
				n = len(w)
			}
		}
		if n > 0 {
			b.WriteString(st.sgr(ansi.Highlight, s[i:i+n]))
			i += n
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}
