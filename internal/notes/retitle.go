package notes

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Edit replaces src[Start:End] (offsets in the file without its byte-order
// mark, as Link.Start and End are) with New.
type Edit struct {
	Start, End int
	New        string
}

var errNotClean = errors.New("the note is not clean UTF-8 (NFC); kb will not rewrite it")

// checkClean splits off a byte-order mark and refuses text whose offsets
// would not match what Parse saw (invalid UTF-8, not NFC).
func checkClean(src []byte) (bomLen int, err error) {
	if bytes.HasPrefix(src, bom) {
		bomLen = len(bom)
	}
	body := src[bomLen:]
	if !utf8.Valid(body) || !norm.NFC.IsNormal(body) {
		return 0, errNotClean
	}
	return bomLen, nil
}

// ApplyEdits makes the edits and keeps every other byte: a byte-order mark,
// CRLF line endings, the rest of each line.
func ApplyEdits(src []byte, edits []Edit) ([]byte, error) {
	bomLen, err := checkClean(src)
	if err != nil {
		return nil, err
	}
	body := src[bomLen:]
	sort.Slice(edits, func(i, j int) bool { return edits[i].Start < edits[j].Start })
	out := append([]byte(nil), src[:bomLen]...)
	at := 0
	for _, e := range edits {
		if e.Start < at || e.End < e.Start || e.End > len(body) {
			return nil, fmt.Errorf("overlapping or misplaced edit at byte %d", e.Start)
		}
		out = append(out, body[at:e.Start]...)
		out = append(out, e.New...)
		at = e.End
	}
	return append(out, body[at:]...), nil
}

// Retitle gives a note a new title where it has one: the front matter's
// title (a one-line value) and a level-1 heading that reads as the old title.
// A note titled by its file name is left as it is (its new name is the
// title). The result is parsed again to be sure it reads as the new title.
func Retitle(notePath string, src []byte, newTitle string) ([]byte, error) {
	if _, err := checkClean(src); err != nil {
		return nil, err
	}
	n, _ := Parse(notePath, src, time.Time{})
	if n.TitleFromName {
		return src, nil
	}
	clean, _ := Clean(src)
	var edits []Edit
	fm, hasFM, _ := SplitFrontMatter(clean)
	fmTitle := false
	if hasFM {
		if s, e, ok := titleValue(fm); ok {
			edits = append(edits, Edit{s, e, blockScalar(newTitle)})
			fmTitle = true
		}
	}
	if s, e, ok := h1Span(clean, fm, n); ok {
		edits = append(edits, Edit{s, e, newTitle})
	} else if !fmTitle {
		return nil, fmt.Errorf("cannot tell where the title %q is written", n.Title)
	}
	out, err := ApplyEdits(src, edits)
	if err != nil {
		return nil, err
	}
	if after, _ := Parse(notePath, out, time.Time{}); after.Title != norm.NFC.String(newTitle) {
		return nil, fmt.Errorf("the new title would read as %q", after.Title)
	}
	return out, nil
}

// titleValue is where a top-level "title:" value is written on its line in
// the front matter, when it is a one-line scalar.
func titleValue(fm FrontMatter) (int, int, bool) {
	off := fm.RawOffset
	rest := fm.Raw
	for len(rest) > 0 {
		line, next, _ := cutLine(rest)
		if bytes.HasPrefix(line, []byte("title:")) {
			v := line[len("title:"):]
			s := len("title:")
			for len(v) > 0 && (v[0] == ' ' || v[0] == '\t') {
				v, s = v[1:], s+1
			}
			e := s + len(bytes.TrimRight(v, " \t"))
			if s == e || v[0] == '|' || v[0] == '>' || v[0] == '#' {
				return 0, 0, false // empty, a block scalar or a comment
			}
			if len(next) > 0 && (next[0] == ' ' || next[0] == '\t') {
				return 0, 0, false // continued on the next line
			}
			if v[0] != '"' && v[0] != '\'' {
				// A plain value may end in a comment.
				if i := bytes.Index(v, []byte(" #")); i >= 0 {
					e = s + len(bytes.TrimRight(v[:i], " \t"))
				}
			}
			return off + s, off + e, true
		}
		off += len(rest) - len(next)
		rest = next
	}
	return 0, 0, false
}

// h1Span is where the first level-1 heading's text is written, when it reads
// exactly as the note's title ("# Title", "# Title #", or a Setext heading).
func h1Span(src []byte, fm FrontMatter, n *Note) (int, int, bool) {
	for _, h := range n.Headings {
		if h.Level != 1 {
			continue
		}
		if h.Text != n.Title {
			return 0, 0, false
		}
		starts := lineStarts(src)
		if h.Line < 1 || h.Line > len(starts) {
			return 0, 0, false
		}
		s := starts[h.Line-1]
		e := len(src)
		if i := bytes.IndexByte(src[s:], '\n'); i >= 0 {
			e = s + i
		}
		line := bytes.TrimRight(src[s:e], "\r")
		e = s + len(line)
		t := bytes.TrimLeft(line, " ")
		s += len(line) - len(t)
		if bytes.HasPrefix(t, []byte("#")) {
			t = bytes.TrimLeft(t[1:], " \t")
			s = e - len(t)
			t = bytes.TrimRight(t, " \t")
			if bytes.HasSuffix(t, []byte("#")) {
				t = bytes.TrimRight(bytes.TrimRight(t, "#"), " \t")
			}
		} else {
			t = bytes.TrimRight(t, " \t")
		}
		if string(t) != n.Title {
			return 0, 0, false
		}
		return s, s + len(t), true
	}
	return 0, 0, false
}
