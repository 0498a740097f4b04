package notes

import (
	"bytes"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
	"golang.org/x/text/unicode/norm"
)

// md is built on first use: most kb commands parse no note, and building
// the parser and its extensions is most of this package's start-up.
var md = sync.OnceValue(func() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithParserOptions(parserOption))
})

var bom = []byte("\xef\xbb\xbf")

// Clean removes a byte-order mark, repairs invalid UTF-8 and normalises to NFC.
// It reports the line of the first invalid byte, if any.
func Clean(src []byte) (out []byte, badLine int) {
	src = bytes.TrimPrefix(src, bom)
	if !utf8.Valid(src) {
		badLine = 1 + bytes.Count(src[:firstInvalid(src)], []byte("\n"))
		src = bytes.ToValidUTF8(src, []byte("\uFFFD"))
	}
	if !norm.NFC.IsNormal(src) {
		src = norm.NFC.Bytes(src)
	}
	return src, badLine
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// Parse reads one note. relPath names it in warnings and gives the fallback
// title; modTime is the fallback for the created and modified dates.
// It never fails: whatever is malformed is reported and the rest is kept.
func Parse(relPath string, src []byte, modTime time.Time) (*Note, []Warning) {
	relPath = norm.NFC.String(relPath)
	var warns []Warning
	warn := func(line int, msg string) { warns = append(warns, Warning{Path: relPath, Line: line, Msg: msg}) }

	src, bad := Clean(src)
	if bad > 0 {
		warn(bad, "invalid UTF-8, replaced with U+FFFD")
	}
	n := &Note{Path: relPath, Modified: modTime}

	fm, hasFM, err := SplitFrontMatter(src)
	if err != nil {
		le := err.(*LineError)
		warn(le.Line, le.Msg)
	}
	if hasFM {
		meta, errs := ParseMeta(fm)
		for _, e := range errs {
			warn(e.Line, e.Msg)
		}
		n.Title, n.Tags, n.Type, n.Fields = meta.Title, meta.Tags, meta.Type, meta.Fields
		if !meta.Created.IsZero() {
			n.Created = meta.Created
		}
		if !meta.Modified.IsZero() {
			n.Modified = meta.Modified
		}
	}
	if n.Created.IsZero() {
		n.Created = modTime
	}

	body := BoundNesting(src[fm.BodyOffset:])
	w := newTextWalker(body, fm.BodyLine, bytes.Count(src, []byte("\n"))+1)
	w.base = fm.BodyOffset
	w.walk(md().Parser().Parse(text.NewReader(body)))
	w.finishBlocks(fm.BodyOffset)
	n.Headings, n.Links, n.Blocks, n.RawHTML = w.headings, w.links, w.blocks, w.rawHTML
	n.Body, n.HeadingText, n.Code = w.body.String(), w.heads.String(), w.code.String()

	if n.Title == "" {
		for _, h := range n.Headings {
			if h.Level == 1 {
				n.Title = h.Text
				break
			}
		}
	}
	if n.Title == "" {
		n.Title = strings.TrimSuffix(path.Base(relPath), path.Ext(relPath))
		n.TitleFromName = true
	}
	n.Tags = dedupeTags(append(n.Tags, w.tags...))
	return n, warns
}

func dedupeTags(tags []string) []string {
	seen := map[string]bool{}
	out := tags[:0]
	for _, t := range tags {
		k := strings.ToLower(t)
		if t == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, t)
	}
	return out
}

// lines accumulates text per file line; see Note.Body.
type lines struct {
	text    [][]byte
	lastEnd []int // source offset where the last piece on the line ended
}

func newLines(n int) *lines { return &lines{text: make([][]byte, n), lastEnd: make([]int, n)} }

// add appends s, found at src[start:end], to line i.
func (l *lines) add(i int, s []byte, start, end int, src []byte) {
	if i < 0 || i >= len(l.text) || len(s) == 0 {
		return
	}
	if len(l.text[i]) > 0 && needsSpace(src, l.lastEnd[i], start) {
		l.text[i] = append(l.text[i], ' ')
	}
	l.text[i] = append(l.text[i], s...)
	l.lastEnd[i] = end
}

// needsSpace reports whether two inline pieces separated by src[from:to] are
// separate words. Pieces split only by emphasis, code or wikilink markers
// stay glued (**쿠버네티스**를 reads as 쿠버네티스를, `resolv.conf`가 as
// resolv.conf가, [[파드]]를 as 파드를); anything else between them is a space.
func needsSpace(src []byte, from, to int) bool {
	if from > to {
		return true
	}
	return strings.Trim(string(src[from:to]), "*_~`[]") != ""
}

func (l *lines) String() string {
	var b strings.Builder
	for i, t := range l.text {
		if i > 0 {
			b.WriteByte('\n')
		}
		// Collapse runs of white space (and stray line breaks) to one space.
		for j, f := range bytes.Fields(t) {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.Write(f)
		}
	}
	return b.String()
}

type textWalker struct {
	src       []byte
	firstLine int   // file line of src[0]
	starts    []int // offsets of line starts in src
	body      *lines
	heads     *lines
	code      *lines
	headings  []Heading
	tags      []string
	tagSpans  []TagSpan
	links     []Link
	base      int // offset of src in the file, for Link.Start and End
	cursor    int // end of the last text met, where a link without text starts
	blocks    []Block
	rawHTML   []Span
	inList    int // list items and block quotes the walk is inside
	inQuote   int
}

// TagSpan is where an inline tag's name (after the #) sits, as byte offsets
// in the text the walker read.
type TagSpan struct {
	Start, End int
	Tag        string
}

func newTextWalker(src []byte, firstLine, fileLines int) *textWalker {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &textWalker{src: src, firstLine: firstLine, starts: starts,
		body: newLines(fileLines), heads: newLines(fileLines), code: newLines(fileLines)}
}

// lineIndex is the 0-based file line of a source offset.
func (w *textWalker) lineIndex(off int) int {
	return sort.Search(len(w.starts), func(i int) bool { return w.starts[i] > off }) - 1 + w.firstLine - 1
}

func (w *textWalker) walk(doc ast.Node) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n.(type) {
		case *ast.ListItem:
			w.inList += step(entering)
		case *ast.Blockquote:
			w.inQuote += step(entering)
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		w.link(n)
		if k, ok := isLeafBlock(n); ok && k != HeadingBlock {
			w.blockOf(n, k)
		}
		switch n := n.(type) {
		case *ast.Heading:
			w.heading(n)
			w.blockOf(n, HeadingBlock)
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			w.codeBlock(n)
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			w.htmlBlock(n)
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			if segs := n.Segments; segs.Len() > 0 {
				w.cursor = segs.At(segs.Len() - 1).Stop
				w.rawHTML = append(w.rawHTML, Span{segs.At(0).Start, segs.At(segs.Len() - 1).Stop})
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			seg := n.Segment
			w.cursor = seg.Stop
			i := w.lineIndex(seg.Start)
			w.body.add(i, seg.Value(w.src), seg.Start, seg.Stop, w.src)
			if _, inCode := n.Parent().(*ast.CodeSpan); !inCode {
				for _, sp := range inlineTagSpans(string(seg.Value(w.src))) {
					w.tags = append(w.tags, sp.Tag)
					w.tagSpans = append(w.tagSpans, TagSpan{seg.Start + sp.Start, seg.Start + sp.End, sp.Tag})
				}
			}
		}
		return ast.WalkContinue, nil
	})
}

func (w *textWalker) heading(h *ast.Heading) {
	var b []byte
	start, lastEnd := -1, 0
	_ = ast.Walk(h, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.link(n)
		}
		t, ok := n.(*ast.Text)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		w.cursor = t.Segment.Stop
		if start < 0 {
			start = t.Segment.Start
		} else if needsSpace(w.src, lastEnd, t.Segment.Start) {
			b = append(b, ' ')
		}
		b = append(b, t.Segment.Value(w.src)...)
		lastEnd = t.Segment.Stop
		return ast.WalkContinue, nil
	})
	if start < 0 {
		return // an empty heading
	}
	txt := strings.TrimSpace(string(b))
	line := w.lineIndex(start)
	w.heads.add(line, []byte(txt), start, start+len(txt), w.src)
	w.headings = append(w.headings, Heading{Level: h.Level, Text: txt, Line: line + 1})
}

func (w *textWalker) codeBlock(n ast.Node) {
	ls := n.Lines()
	for i := 0; i < ls.Len(); i++ {
		seg := ls.At(i)
		w.cursor = seg.Stop
		v := bytes.TrimRight(seg.Value(w.src), "\r\n")
		w.code.add(w.lineIndex(seg.Start), v, seg.Start, seg.Stop, w.src)
	}
}

var tagRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<[^>]*>`) })

func (w *textWalker) htmlBlock(n *ast.HTMLBlock) {
	ls := n.Lines()
	for i := 0; i < ls.Len(); i++ {
		seg := ls.At(i)
		w.cursor = seg.Stop
		v := bytes.TrimSpace(tagRE().ReplaceAll(seg.Value(w.src), []byte(" ")))
		w.body.add(w.lineIndex(seg.Start), v, seg.Start, seg.Stop, w.src)
	}
}

// inlineTagRE finds #tag preceded by the start of text or a separator; tags may
// hold letters of any script (Hangul included), digits, '_', '-' and '/'.
var inlineTagRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?:^|[\s(\[,;])#([\p{L}\p{N}_][\p{L}\p{N}_\-/]*)`) })

// cDirectives are C preprocessor words: notes about C write #include and
// #define in prose, and they are never tags.
var cDirectives = map[string]bool{"define": true, "include": true, "ifdef": true, "ifndef": true, "endif": true,
	"elif": true, "undef": true, "pragma": true, "if": true, "else": true, "error": true, "import": true}

// inlineTagSpans finds the inline tags in a run of prose. Besides the
// pattern, a #word is not a tag when it is a C directive, when it runs into
// '(' or '<' (#define(x), #include<stdio.h>), or when it is a link target
// that did not become a link: "[Part 1-4] (#part-1-4)".
func inlineTagSpans(s string) []TagSpan {
	var out []TagSpan
	for _, m := range inlineTagRE().FindAllStringSubmatchIndex(s, -1) {
		t := strings.TrimRight(s[m[2]:m[3]], "-/")
		end := m[2] + len(t)
		switch {
		case strings.IndexFunc(t, unicode.IsLetter) < 0:
			continue
		case cDirectives[strings.ToLower(t)]:
			continue
		case end < len(s) && (s[end] == '(' || s[end] == '<'):
			continue
		case m[2] >= 2 && s[m[2]-2] == '(' && strings.HasSuffix(strings.TrimRight(s[:m[2]-2], " "), "]"):
			continue
		}
		out = append(out, TagSpan{Start: m[2], End: end, Tag: t})
	}
	return out
}
