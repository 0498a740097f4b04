// Package ansi spells the terminal's escape codes, in one place: text styles
// (SGR) and the few screen controls kb draws with. Whether a stream gets
// styles at all (a terminal, NO_COLOR, TERM=dumb) is decided by iostreams;
// a Styler only carries that answer.
package ansi

import (
	"strconv"
	"strings"
)

// SGR codes kb uses.
const (
	Bold      = "1"
	Dim       = "2"
	Underline = "4"
	Reverse   = "7"
	Strike    = "9"
	Yellow    = "33"
	Magenta   = "35"
	Cyan      = "36"
	BoldCyan  = "1;36"
	// Highlight marks matched words.
	Highlight = "1;33"
	// TitleStyle is a note's first heading.
	TitleStyle = "1;4;35"
)

// Color256 is the SGR code of foreground colour n of the 256-colour palette.
func Color256(n int) string { return "38;5;" + strconv.Itoa(n) }

// Screen controls.
const (
	ClearLine   = "\x1b[K"               // the rest of the line
	ClearScreen = "\x1b[J"               // the rest of the screen
	Home        = "\x1b[H"               // the cursor to the top left
	AltScreen   = "\x1b[?1049h\x1b[?25l" // the alternate screen, no cursor
	MainScreen  = "\x1b[?25h\x1b[?1049l" // back, with the cursor
)

// Styler applies styles when On; the zero Styler leaves text plain.
type Styler struct{ On bool }

// Style wraps s in the SGR code; empty text stays empty.
func (st Styler) Style(code, s string) string {
	if !st.On || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (st Styler) Bold(s string) string      { return st.Style(Bold, s) }
func (st Styler) Dim(s string) string       { return st.Style(Dim, s) }
func (st Styler) Cyan(s string) string      { return st.Style(Cyan, s) }
func (st Styler) Highlight(s string) string { return st.Style(Highlight, s) }

// Enabled reports whether styles are applied.
func (st Styler) Enabled() bool { return st.On }

// Strip removes SGR sequences, to measure styled text.
func Strip(s string) string {
	if !strings.Contains(s, "\x1b[") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b {
			for i < len(s) && s[i] != 'm' {
				i++
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
