package notes

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/text"
	"golang.org/x/text/unicode/norm"
)

// RenameInlineTag rewrites #old as #new in a note's prose (not in code, not
// in headings, not in URLs: exactly where kb reads inline tags) and returns
// the file lines it changed. Every other byte stays as it was.
func RenameInlineTag(src []byte, old, new string) ([]byte, []int, error) {
	bomLen := 0
	if bytes.HasPrefix(src, bom) {
		bomLen = len(bom)
	}
	body := src[bomLen:]
	if !utf8.Valid(body) || !norm.NFC.IsNormal(body) {
		return nil, nil, errors.New("the note is not clean UTF-8 (NFC); kb will not rewrite it")
	}
	fm, _, _ := SplitFrontMatter(body)
	prose := body[fm.BodyOffset:]
	// BoundNesting keeps every offset, so the spans found in its copy are
	// spans of prose.
	bounded := BoundNesting(prose)
	w := newTextWalker(bounded, fm.BodyLine, bytes.Count(body, []byte("\n"))+1)
	w.walk(md().Parser().Parse(text.NewReader(bounded)))
	var spans []TagSpan
	for _, sp := range w.tagSpans {
		if strings.EqualFold(sp.Tag, old) {
			spans = append(spans, sp)
		}
	}
	if len(spans) == 0 {
		return src, nil, nil
	}
	out := append([]byte(nil), src[:bomLen+fm.BodyOffset]...)
	at := 0
	var lines []int
	for _, sp := range spans {
		out = append(out, prose[at:sp.Start]...)
		out = append(out, new...)
		at = sp.End
		if ln := w.lineIndex(sp.Start) + 1; len(lines) == 0 || lines[len(lines)-1] != ln {
			lines = append(lines, ln)
		}
	}
	out = append(out, prose[at:]...)
	return out, lines, nil
}
