package notes

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// BlockKind is what a leaf block of Markdown is.
type BlockKind uint8

// Kinds of blocks.
const (
	Paragraph BlockKind = iota + 1 // a paragraph, or the text of a tight list item
	HeadingBlock
	CodeBlock // fenced or indented
	HTMLBlock // raw HTML, comments included
	TableBlock
	RuleBlock // a thematic break
)

// Block is one leaf block of a note's Markdown, in document order, as the
// goldmark tree has it: every part of kb that asks what a heading, code or
// HTML is (search text, headings, cards) gets the same answer.
type Block struct {
	Kind  BlockKind
	Level int    // heading level
	Text  string // heading text
	// Line and EndLine are the file lines (1-based) the block spans, Start
	// and End its bytes in the cleaned file (Clean), whole lines: container
	// markers ("> ", "- ") on those lines are included.
	Line, EndLine int
	Start, End    int
	InList        bool // inside a list item
	InQuote       bool // inside a block quote
}

// Span is a run of bytes in the cleaned file.
type Span struct{ Start, End int }

// blockOf records a leaf block at its start; ends are set when the walk is
// over (see finishBlocks).
func (w *textWalker) blockOf(n ast.Node, kind BlockKind) {
	pos := n.Pos()
	if pos < 0 {
		if ls := n.Lines(); ls.Len() > 0 {
			pos = ls.At(0).Start
		} else {
			return
		}
	}
	b := Block{Kind: kind, Line: w.lineIndex(pos) + 1, InList: w.inList > 0, InQuote: w.inQuote > 0}
	if h, ok := n.(*ast.Heading); ok {
		b.Level = h.Level
		if k := len(w.headings) - 1; k >= 0 && w.headings[k].Line == b.Line {
			b.Text = w.headings[k].Text
		}
	}
	w.blocks = append(w.blocks, b)
}

func isLeafBlock(n ast.Node) (BlockKind, bool) {
	switch n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		return Paragraph, true
	case *ast.Heading:
		return HeadingBlock, true
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		return CodeBlock, true
	case *ast.HTMLBlock:
		return HTMLBlock, true
	case *east.Table:
		return TableBlock, true
	case *ast.ThematicBreak:
		return RuleBlock, true
	}
	return 0, false
}

// finishBlocks sets each block's end: the last non-blank line before the
// next block starts (or the file ends), and the byte offsets of its lines.
// body is the Markdown after the front matter, bodyOffset where it starts in
// the cleaned file.
func (w *textWalker) finishBlocks(bodyOffset int) {
	lastLine := w.firstLine + len(w.starts) - 1 // file line of the body's last line
	lineStart := func(fileLine int) int {       // offset in body
		i := fileLine - w.firstLine
		if i >= len(w.starts) {
			return len(w.src)
		}
		return w.starts[i]
	}
	blank := func(fileLine int) bool {
		s, e := lineStart(fileLine), lineStart(fileLine+1)
		for _, c := range w.src[s:e] {
			if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
				return false
			}
		}
		return true
	}
	for i := range w.blocks {
		b := &w.blocks[i]
		end := lastLine
		if i+1 < len(w.blocks) {
			end = max(b.Line, w.blocks[i+1].Line-1)
		}
		for end > b.Line && blank(end) {
			end--
		}
		b.EndLine = end
		b.Start = bodyOffset + lineStart(b.Line)
		b.End = bodyOffset + lineStart(end+1)
	}
	for i := range w.rawHTML {
		w.rawHTML[i].Start += bodyOffset
		w.rawHTML[i].End += bodyOffset
	}
}

// step is +1 entering a node, -1 leaving it.
func step(entering bool) int {
	if entering {
		return 1
	}
	return -1
}
