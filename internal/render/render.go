// Package render shows a Markdown note in a terminal with ANSI styles.
//
// kb does not use glamour for this: its syntax highlighter registers its
// lexers at program start, which costs every kb command (search included)
// about 13 ms. Notes need headings, emphasis, code, lists, quotes and
// tables, which this does on the goldmark tree kb already has.
package render

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/kb-cli/kb/internal/ansi"
	"github.com/kb-cli/kb/internal/cellwidth"
	"github.com/kb-cli/kb/internal/notes"
)

// Style turns ANSI on or off; off gives clean plain text. LinkTitle, if
// set, gives the title of the note a link leads to, or "" when none does.
type Style struct {
	Color     bool
	LinkTitle func(notes.Link) string
}

func (s Style) title(l notes.Link) string {
	if s.LinkTitle == nil {
		return ""
	}
	return s.LinkTitle(l)
}

func (s Style) sgr(code, t string) string { return ansi.Styler{On: s.Color}.Style(code, t) }

// Note renders a note: its metadata line, then the Markdown body.
func Note(src []byte, st Style) string {
	src, _ = notes.Clean(src)
	var b strings.Builder
	fm, ok, _ := notes.SplitFrontMatter(src)
	body := src
	if ok {
		meta, _ := notes.ParseMeta(fm)
		var parts []string
		if meta.Type != "" {
			parts = append(parts, meta.Type)
		}
		if len(meta.Tags) > 0 {
			parts = append(parts, "#"+strings.Join(meta.Tags, " #"))
		}
		if !meta.Created.IsZero() {
			parts = append(parts, meta.Created.Format("2006-01-02"))
		}
		if len(parts) > 0 {
			b.WriteString(st.sgr(ansi.Dim, strings.Join(parts, " · ")) + "\n\n")
		}
		body = src[fm.BodyOffset:]
	}
	body = notes.BoundNesting(body) // parsing stays linear in the note's size
	r := &renderer{src: body, st: st, out: &b}
	r.blocks(notes.Parser().Parse(text.NewReader(body)), "")
	return strings.TrimRight(b.String(), "\n") + "\n"
}

type renderer struct {
	src []byte
	st  Style
	out *strings.Builder
}

// blocks renders the children of n, each line prefixed (for quotes, lists).
func (r *renderer) blocks(n ast.Node, prefix string) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.block(c, prefix)
	}
}

func (r *renderer) line(prefix, s string) { r.out.WriteString(prefix + s + "\n") }

func (r *renderer) block(n ast.Node, prefix string) {
	st := r.st
	switch n := n.(type) {
	case *ast.Heading:
		t := r.inline(n)
		switch n.Level {
		case 1:
			r.line(prefix, st.sgr(ansi.TitleStyle, t))
		case 2:
			r.line(prefix, st.sgr(ansi.BoldCyan, t))
		default:
			r.line(prefix, st.sgr(ansi.Bold, t))
		}
		r.line(prefix, "")
	case *ast.Paragraph, *ast.TextBlock:
		for _, l := range strings.Split(r.inline(n), "\n") {
			r.line(prefix, l)
		}
		if _, tight := n.(*ast.TextBlock); !tight {
			r.line(prefix, "")
		}
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		if fc, ok := n.(*ast.FencedCodeBlock); ok && fc.Language(r.src) != nil {
			r.line(prefix, st.sgr(ansi.Dim, "  "+string(fc.Language(r.src))))
		}
		ls := n.Lines()
		for i := 0; i < ls.Len(); i++ {
			seg := ls.At(i)
			r.line(prefix, "  "+st.sgr(ansi.Yellow, strings.TrimRight(string(seg.Value(r.src)), "\r\n")))
		}
		r.line(prefix, "")
	case *ast.Blockquote:
		r.blocks(n, prefix+st.sgr(ansi.Dim, "│ "))
	case *ast.List:
		i := n.Start
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			mark := "• "
			if n.IsOrdered() {
				mark = fmt.Sprintf("%d. ", i)
				i++
			}
			first := true
			for cc := c.FirstChild(); cc != nil; cc = cc.NextSibling() {
				p := prefix + strings.Repeat(" ", len([]rune(mark)))
				if first {
					var sub strings.Builder
					rr := &renderer{src: r.src, st: st, out: &sub}
					rr.block(cc, "")
					lines := strings.Split(strings.TrimRight(sub.String(), "\n"), "\n")
					r.line(prefix, st.sgr(ansi.Cyan, mark)+lines[0])
					for _, l := range lines[1:] {
						r.line(p, l)
					}
					first = false
					continue
				}
				r.block(cc, p)
			}
		}
		if _, nested := n.Parent().(*ast.ListItem); !nested {
			r.line(prefix, "")
		}
	case *ast.ThematicBreak:
		r.line(prefix, st.sgr(ansi.Dim, strings.Repeat("─", 40)))
		r.line(prefix, "")
	case *ast.HTMLBlock:
		ls := n.Lines()
		for i := 0; i < ls.Len(); i++ {
			seg := ls.At(i)
			r.line(prefix, st.sgr(ansi.Dim, strings.TrimRight(string(seg.Value(r.src)), "\r\n")))
		}
	case *east.Table:
		r.table(n, prefix)
	default:
		r.blocks(n, prefix)
	}
}

// inline renders the inline content of n.
func (r *renderer) inline(n ast.Node) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.inlineNode(&b, c)
	}
	return b.String()
}

func (r *renderer) inlineNode(b *strings.Builder, n ast.Node) {
	st := r.st
	switch n := n.(type) {
	case *ast.Text:
		b.Write(n.Segment.Value(r.src))
		if n.HardLineBreak() || n.SoftLineBreak() {
			b.WriteString("\n")
		}
	case *ast.String:
		b.Write(n.Value)
	case *ast.CodeSpan:
		b.WriteString(st.sgr(ansi.Yellow, r.plain(n)))
	case *ast.Emphasis:
		code := "3"
		if n.Level == 2 {
			code = "1"
		}
		b.WriteString(st.sgr(code, r.inline(n)))
	case *east.Strikethrough:
		b.WriteString(st.sgr(ansi.Strike, r.inline(n)))
	case *notes.Wiki:
		r.wiki(b, n)
	case *ast.Link:
		b.WriteString(st.sgr(ansi.Underline, r.inline(n)))
		if l, ok := notes.LinkTo(string(n.Destination)); ok {
			if t := st.title(l); t != "" {
				b.WriteString(st.sgr(ansi.Dim, " (→ "+t+")"))
				return
			}
		}
		b.WriteString(st.sgr(ansi.Dim, " ("+string(n.Destination)+")"))
	case *ast.AutoLink:
		b.WriteString(st.sgr(ansi.Underline, string(n.URL(r.src))))
	case *ast.Image:
		b.WriteString(st.sgr(ansi.Dim, "[image: "+r.inline(n)+"]"))
	case *ast.RawHTML:
		if s := r.rawHTML(n); s == "<br>" || s == "<br/>" || s == "<br />" {
			b.WriteString("\n")
		}
	default:
		b.WriteString(r.inline(n))
	}
}

// wiki shows a [[wikilink]] as the title of the note it leads to (or its
// label, with the title after it), and one that leads nowhere as written.
func (r *renderer) wiki(b *strings.Builder, n *notes.Wiki) {
	st := r.st
	if n.Target == "" { // [[#heading]] in the same note
		b.WriteString(st.sgr(ansi.Underline, n.Heading))
		return
	}
	t := st.title(notes.Link{Kind: notes.WikiLink, Target: n.Target, Heading: n.Heading})
	if t == "" {
		b.WriteString(st.sgr(ansi.Dim, "[["+n.Target+"]] (unresolved)"))
		return
	}
	shown := t
	if n.Label != "" {
		shown = n.Label
	}
	if n.Heading != "" {
		shown += " › " + n.Heading
	}
	b.WriteString(st.sgr(ansi.Underline, shown))
	if n.Label != "" && n.Label != t {
		b.WriteString(st.sgr(ansi.Dim, " (→ "+t+")"))
	}
}

func (r *renderer) rawHTML(n *ast.RawHTML) string {
	var b bytes.Buffer
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		b.Write(seg.Value(r.src))
	}
	return strings.ToLower(strings.TrimSpace(b.String()))
}

func (r *renderer) plain(n ast.Node) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(r.src))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// table lays cells out in columns, counting wide (Hangul, CJK) characters as
// two cells of the terminal.
func (r *renderer) table(t *east.Table, prefix string) {
	var rows [][]string
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []string
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, strings.ReplaceAll(r.inline(c), "\n", " "))
		}
		rows = append(rows, cells)
	}
	var widths []int
	for _, row := range rows {
		for i, c := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], cellWidth(ansi.Strip(c)))
		}
	}
	for ri, row := range rows {
		var parts []string
		for i, c := range row {
			pad := strings.Repeat(" ", widths[i]-cellWidth(ansi.Strip(c)))
			if ri == 0 {
				c = r.st.sgr(ansi.Bold, c)
			}
			parts = append(parts, c+pad)
		}
		r.line(prefix, strings.TrimRight(strings.Join(parts, "  "), " "))
		if ri == 0 {
			var rule []string
			for _, w := range widths {
				rule = append(rule, strings.Repeat("─", w))
			}
			r.line(prefix, r.st.sgr(ansi.Dim, strings.Join(rule, "  ")))
		}
	}
	r.line(prefix, "")
}

func cellWidth(s string) int { return cellwidth.String(s) }
