// Package notes reads Markdown notes: front matter, title, tags, headings and
// the searchable text, with warnings for anything malformed.
package notes

import (
	"fmt"
	"time"
)

// Note is one parsed Markdown file.
type Note struct {
	Path  string // relative to the KB root, NFC, '/' separated
	Title string
	// TitleFromName is true when the note has no title of its own (front
	// matter or first H1) and Title is its file name.
	TitleFromName bool
	Tags          []string
	Type          string
	Created       time.Time
	Modified      time.Time
	Headings      []Heading
	Links         []Link         // links to other notes, in file order
	Fields        map[string]any // every front matter key, as decoded
	Blocks        []Block        // the leaf blocks of the body, in order
	RawHTML       []Span         // inline HTML in the body's text

	// Line-aligned text: line i of each string is what that field holds of line
	// i of the file (empty when nothing), so a match offset maps to a file line
	// by counting newlines. Body is prose without Markdown syntax; HeadingText the
	// headings; Code fenced and indented code blocks.
	Body        string
	HeadingText string
	Code        string
}

// Heading is a Markdown heading and the file line it starts on (1-based).
type Heading struct {
	Level int
	Text  string
	Line  int
}

// Warning is something wrong with a note that did not stop kb from reading it.
type Warning struct {
	Path string
	Line int // 0 when it concerns the whole file
	Msg  string
}

func (w Warning) String() string {
	if w.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", w.Path, w.Line, w.Msg)
	}
	return fmt.Sprintf("%s: %s", w.Path, w.Msg)
}

// ZeroTime is a modification time for parsing a note whose dates do not matter.
var ZeroTime time.Time
