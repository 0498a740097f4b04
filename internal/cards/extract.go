package cards

import (
	"sort"
	"strings"

	"github.com/kb-cli/kb/internal/notes"
)

// Extract returns a note's cards. src is the raw file; path names it.
func Extract(path string, src []byte) []Card {
	n, _ := notes.Parse(path, src, zeroTime)
	return FromNote(n, src)
}

// found is a card before its identity and context are known.
type found struct {
	kind  string
	line  int
	q, a  string
	level int // a heading card's level: its context stops above it
}

// doc is a note read for cards: the cleaned file and its blocks.
type doc struct {
	n      *notes.Note
	src    []byte
	blocks []notes.Block
	starts []int // offsets of line starts: starts[i] is file line i+1
	mode   string
	// question[i]: block i starts a question card; answers end there.
	question     []bool
	detailsDone  bool
	detailsFound []detailsBlock
}

// FromNote returns the cards of a note already parsed from src, so that
// indexing finds them without parsing the note twice.
func FromNote(n *notes.Note, src []byte) []Card {
	if b, ok := n.Fields["quiz"].(bool); ok && !b {
		return nil
	}
	src, _ = notes.Clean(src)
	d := &doc{n: n, src: src, blocks: n.Blocks, question: make([]bool, len(n.Blocks))}
	d.mode, _ = n.Fields["quiz"].(string)
	d.starts = append(d.starts, 0)
	for i, c := range src {
		if c == '\n' {
			d.starts = append(d.starts, i+1)
		}
	}
	d.markQuestions()

	var fs []found
	fs = append(fs, d.headingCards()...)
	fs = append(fs, d.qaCards()...)
	fs = append(fs, d.inlineCards()...)
	fs = append(fs, d.multilineCards()...)
	fs = append(fs, d.clozeCards()...)
	fs = append(fs, d.detailsCards()...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].line < fs[j].line })

	deck, _ := n.Fields["deck"].(string)
	if deck == "" {
		deck = topFolder(n.Path)
	}
	seen := map[string]int{}
	out := make([]Card, 0, len(fs))
	o := outline{title: d.title()}
	for _, f := range fs {
		q := strings.TrimSpace(f.q)
		if f.kind != KindHeading && f.kind != KindDetails {
			q = strings.TrimSpace(cleanQuestion(q))
		}
		if q == "" {
			continue
		}
		ctx := o.context(d.n.Headings, f.line, f.level)
		key := ID(n.Path, ctx, q, 1)
		seen[key]++
		out = append(out, Card{ID: ID(n.Path, ctx, q, seen[key]), Kind: f.kind, Path: n.Path, Line: f.line,
			Title: o.title, Context: ctx, Question: q, Answer: strings.TrimSpace(f.a), Deck: deck, Tags: n.Tags})
	}
	return out
}

// outline follows the headings down the note: cards come in line order,
// so each heading is pushed once.
type outline struct {
	title string
	next  int             // the first heading not yet pushed
	stack []notes.Heading // the headings in force, outermost first
}

// title is what a card calls its note: the note's title, or for a note
// named only by its file, the heading it starts with.
func (d *doc) title() string {
	if d.n.TitleFromName && len(d.blocks) > 0 && d.blocks[0].Kind == notes.HeadingBlock &&
		d.blocks[0].Text != "" && !d.question[0] {
		return d.blocks[0].Text
	}
	return d.n.Title
}

// context is the path of headings above line (those of a lower level than
// level, for a heading card), without the one that is the note's title.
func (o *outline) context(hs []notes.Heading, line, level int) []string {
	for ; o.next < len(hs) && hs[o.next].Line < line; o.next++ {
		h := hs[o.next]
		for len(o.stack) > 0 && o.stack[len(o.stack)-1].Level >= h.Level {
			o.stack = o.stack[:len(o.stack)-1]
		}
		o.stack = append(o.stack, h)
	}
	var out []string
	for _, h := range o.stack {
		if level > 0 && h.Level >= level {
			break
		}
		if h.Text == o.title && len(out) == 0 {
			continue
		}
		out = append(out, h.Text)
	}
	return out
}

// lineText is file line l (1-based) without its line ending.
func (d *doc) lineText(l int) string {
	if l < 1 || l > len(d.starts) {
		return ""
	}
	end := len(d.src)
	if l < len(d.starts) {
		end = d.starts[l] - 1
	}
	return strings.TrimRight(string(d.src[d.starts[l-1]:end]), "\r")
}

// blockLines are the lines of a text block with their container markers
// ("> ", "- ", "1. ") removed, and the offset each line's text starts at.
func (d *doc) blockLines(b notes.Block) (lines []string, offsets []int) {
	for l := b.Line; l <= b.EndLine; l++ {
		t := d.lineText(l)
		cut := prefixLen(t, l == b.Line)
		lines = append(lines, t[cut:])
		offsets = append(offsets, d.starts[l-1]+cut)
	}
	return lines, offsets
}

var (
	quotePrefix = lazy(`^[ \t]*(?:>[ \t]?)*`)
	listPrefix  = lazy(`^(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)`)
)

// prefixLen is the length of the block-quote markers, indentation and (on a
// block's first line) list marker at the start of t.
func prefixLen(t string, first bool) int {
	n := len(quotePrefix.get().FindString(t))
	if first {
		if m := listPrefix.get().FindString(t[n:]); m != "" {
			n += len(m)
			n += len(quotePrefix.get().FindString(t[n:]))
		}
	}
	return n
}

func topFolder(p string) string {
	if i := strings.IndexByte(p, '/'); i > 0 {
		return p[:i]
	}
	return ""
}

// blankBetween reports whether a blank line separates blocks i-1 and i.
func (d *doc) blankBetween(i int) bool {
	return i > 0 && d.blocks[i].Line > d.blocks[i-1].EndLine+1
}
