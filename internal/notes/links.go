package notes

import (
	"bytes"
	"net/url"
	"path"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/text/unicode/norm"
)

// LinkKind says how a link was written.
type LinkKind int

const (
	WikiLink     LinkKind = iota // [[target#heading|label]]
	MarkdownLink                 // [text](relative/path.md#anchor)
)

// Link is a link from a note to another note.
type Link struct {
	Kind LinkKind
	// Target is what names the note, as written: a title, a file name or a
	// path for wikilinks; a path relative to the linking note for Markdown
	// links (percent-decoded).
	Target  string
	Heading string // after '#', or ""
	Label   string // [[target|label]] or the text of a Markdown link
	Line    int    // file line, 1-based
	// Start and End are where the target is written, as byte offsets into
	// the file without its byte-order mark, so that a rename can replace
	// exactly those bytes. Both are 0 when kb cannot tell.
	Start, End int
}

// Wiki is the goldmark node of a [[wikilink]]. Its only child is a text node
// of what it shows (the label, or else the target), so the searchable text
// keeps those words.
type Wiki struct {
	ast.BaseInline
	Target, Heading, Label string
	TargetStart, TargetEnd int // offsets of the target in the parsed source
}

// KindWiki is the node kind of Wiki.
var KindWiki = ast.NewNodeKind("WikiLink")

func (n *Wiki) Kind() ast.NodeKind { return KindWiki }

func (n *Wiki) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Target": n.Target, "Heading": n.Heading, "Label": n.Label}, nil)
}

// wikiParser reads [[...]] before goldmark's link parser sees the brackets.
// It is an inline parser, so code spans, code blocks and HTML (parsed first,
// or not inline at all) never hold wikilinks.
type wikiParser struct{}

// maxWikiLink bounds what is between [[ and ]], in bytes.
const maxWikiLink = 1024

func (wikiParser) Trigger() []byte { return []byte{'['} }

func (wikiParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 5 || line[0] != '[' || line[1] != '[' {
		return nil
	}
	// A wikilink is short: looking further would make a line of many '['
	// cost quadratic time.
	look := line[2:]
	if len(look) > maxWikiLink {
		look = look[:maxWikiLink]
	}
	end := bytes.Index(look, []byte("]]"))
	if end < 0 {
		return nil
	}
	inner := line[2 : 2+end]
	if bytes.ContainsAny(inner, "[]\r\n") || len(bytes.TrimSpace(inner)) == 0 {
		return nil
	}
	base := seg.Start + 2
	tEnd := len(inner)
	label := ""
	lStart, lEnd := 0, 0
	if i := bytes.IndexByte(inner, '|'); i >= 0 {
		tEnd = i
		lStart, lEnd = i+1, len(inner)
		label = strings.TrimSpace(string(inner[lStart:lEnd]))
	}
	heading := ""
	if i := bytes.IndexByte(inner[:tEnd], '#'); i >= 0 {
		heading = strings.TrimSpace(string(inner[i+1 : tEnd]))
		tEnd = i
	}
	// The target's span without surrounding blanks, for rewriting.
	ts := 0
	for ts < tEnd && (inner[ts] == ' ' || inner[ts] == '\t') {
		ts++
	}
	te := tEnd
	for te > ts && (inner[te-1] == ' ' || inner[te-1] == '\t') {
		te--
	}
	n := &Wiki{Target: string(inner[ts:te]), Heading: heading, Label: label,
		TargetStart: base + ts, TargetEnd: base + te}
	shown := text.NewSegment(base+ts, base+te)
	if label != "" {
		shown = trimmed(block.Source(), base+lStart, base+lEnd)
	} else if n.Target == "" {
		shown = trimmed(block.Source(), base, base+len(inner))
	}
	n.AppendChild(n, ast.NewTextSegment(shown))
	block.Advance(2 + end + 2)
	return n
}

func trimmed(src []byte, start, stop int) text.Segment {
	seg := text.NewSegment(start, stop)
	seg = seg.TrimLeftSpace(src)
	return seg.TrimRightSpace(src)
}

// parserOption registers the wikilink parser ahead of goldmark's link parser
// (priority 200: lower runs first).
var parserOption = parser.WithInlineParsers(util.Prioritized(wikiParser{}, 199))

// Parser is the goldmark parser kb reads notes with (GFM and wikilinks), for
// packages that walk a note's tree the same way.
func Parser() parser.Parser { return md().Parser() }

// LinkTo is the note link a Markdown link's destination makes, if it makes
// one (kb show renders those with the target's title).
func LinkTo(dest string) (Link, bool) {
	t, h, ok := noteLink(dest)
	return Link{Kind: MarkdownLink, Target: t, Heading: h}, ok
}

// noteLink turns a Markdown link's destination into a note link, or reports
// false when it points elsewhere: a URL, a mail address, an anchor in the same
// note, a file that is not Markdown.
func noteLink(dest string) (target, heading string, ok bool) {
	if dest == "" || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "//") {
		return "", "", false
	}
	if i := strings.IndexAny(dest, ":?"); i >= 0 && (dest[i] == '?' || !strings.ContainsAny(dest[:i], "/#")) {
		return "", "", false // a scheme (http:, mailto:) or a query string
	}
	if i := strings.IndexByte(dest, '#'); i >= 0 {
		dest, heading = dest[:i], dest[i+1:]
	}
	if u, err := url.PathUnescape(dest); err == nil {
		dest = u
	}
	if h, err := url.PathUnescape(heading); err == nil {
		heading = h
	}
	if !strings.EqualFold(path.Ext(dest), ".md") {
		return "", "", false
	}
	return dest, heading, true
}

// linkText is the plain text of a link's children.
func linkText(n ast.Node, src []byte) (string, int) {
	var b strings.Builder
	last := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			last = c.Segment.Stop
		case *ast.RawHTML:
			if c.Segments.Len() > 0 {
				last = c.Segments.At(c.Segments.Len() - 1).Stop
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String(), last
}

// destSpan finds where a link's destination is written: after the link
// text, in "](dest" or "](<dest>"; from is where the search may start (the
// end of the link text). Reference links ([text][ref]) and anything kb cannot
// find give ok == false: such links are reported but not rewritten.
func destSpan(src []byte, from int) (start, end int, ok bool) {
	if from < 0 || from > len(src) {
		return 0, 0, false
	}
	i := bytes.Index(src[from:], []byte("]("))
	// Only markup may stand between the link text and its destination: a
	// "](" further on belongs to another link.
	if i < 0 || strings.Trim(string(src[from:from+i]), "*_~`[] \t\r\n") != "" {
		return 0, 0, false
	}
	s := from + i + 2
	for s < len(src) && (src[s] == ' ' || src[s] == '\t') {
		s++
	}
	if s < len(src) && src[s] == '<' {
		e := bytes.IndexAny(src[s+1:], ">\n")
		if e < 0 || src[s+1+e] != '>' {
			return 0, 0, false
		}
		return s + 1, s + 1 + e, true
	}
	e, depth := s, 0
	for e < len(src) {
		c := src[e]
		if c == '\\' && e+1 < len(src) {
			e += 2
			continue
		}
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			break
		}
		if c == '(' {
			depth++
		} else if c == ')' {
			if depth == 0 {
				break
			}
			depth--
		}
		e++
	}
	return s, e, true
}

// link records n if it is a link to a note; called for every node the walker
// meets, headings included.
func (w *textWalker) link(n ast.Node) {
	switch n := n.(type) {
	case *Wiki:
		if n.Target == "" {
			return // [[#heading]]: a place in the same note
		}
		w.links = append(w.links, Link{Kind: WikiLink, Target: n.Target, Heading: n.Heading, Label: n.Label,
			Line: w.lineIndex(n.TargetStart) + 1, Start: w.base + n.TargetStart, End: w.base + n.TargetEnd})
	case *ast.Link:
		target, heading, ok := noteLink(string(n.Destination))
		if !ok {
			return
		}
		label, last := linkText(n, w.src)
		if last < 0 {
			last = w.cursor
		}
		l := Link{Kind: MarkdownLink, Target: target, Heading: heading, Label: label, Line: w.lineIndex(last) + 1}
		if s, e, ok := destSpan(w.src, last); ok {
			raw := w.src[s:e]
			if i := bytes.IndexByte(raw, '#'); i >= 0 {
				raw = raw[:i]
			}
			if t, _, ok := noteLink(string(raw)); ok && t == target {
				l.Line = w.lineIndex(s) + 1
				l.Start, l.End = w.base+s, w.base+s+len(raw)
			}
		}
		w.links = append(w.links, l)
	}
}

// Key is how link targets and notes meet in the index: NFC, lower-cased,
// white space collapsed, without ".md". A link has the keys of every note it
// could name and a note the keys it can be named by; a backlink look-up
// matches them and then resolves the link to be sure.
func Key(s string) string { return KeyNFC(norm.NFC.String(s)) }

// KeyNFC is Key of a string already in NFC (the index holds paths and titles
// so): thousands of them are keyed whenever links resolve, and this leaves
// alone what needs no change.
func KeyNFC(s string) string {
	if strings.Contains(s, "  ") || strings.ContainsAny(s, "\t\n\r\v\f") || strings.TrimSpace(s) != s {
		s = strings.Join(strings.Fields(s), " ")
	}
	return strings.TrimSuffix(strings.ToLower(s), ".md")
}

// Keys are the keys of the notes a link from the note at from could name.
func (l Link) Keys(from string) []string {
	dir := path.Dir(from)
	if l.Kind == MarkdownLink {
		return []string{Key(path.Join(dir, l.Target))}
	}
	keys := []string{Key(l.Target)}
	if strings.Contains(l.Target, "/") {
		keys = append(keys, Key(path.Clean(l.Target)), Key(path.Join(dir, l.Target)))
	}
	return keys
}

// NoteKeys are the keys a note can be named by: its title, its path and its
// file name.
func NoteKeys(notePath, title string) []string {
	return []string{Key(title), Key(notePath), Key(path.Base(notePath))}
}
