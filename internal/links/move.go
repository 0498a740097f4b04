package links

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/kb-cli/kb/internal/catalog"
	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/notes"
)

// FileEdit is a note whose links a move rewrites.
type FileEdit struct {
	Path  string // the note, as it is named after the move
	Lines []int  // lines with rewritten links
	Links int
	Out   []byte // the new content
}

// MovePlan is what moving or retitling a note will do, worked out before
// anything is written (kb mv --dry-run prints it).
type MovePlan struct {
	Old, New           string // paths
	OldTitle, NewTitle string
	Content            []byte // the moved note's new content; nil when only its name changes
	Edits              []FileEdit
	Warnings           []string // links kb leaves as they are, and why
	before, after      *Catalog // the notes before and after the move
}

// PlanMove works out moving note to newPath with newTitle ("" keeps the
// title): the note's own content (title, its relative links) and every link
// to it in other notes, rewritten only where it would no longer lead to it.
func PlanMove(ix *index.Index, c *Catalog, root string, note catalog.NoteInfo, newPath, newTitle string) (*MovePlan, error) {
	p := &MovePlan{Old: note.Path, New: newPath, OldTitle: note.Title, NewTitle: note.Title}
	src, err := os.ReadFile(notes.OnDisk(root, note.Path))
	if err != nil {
		return nil, err
	}
	content := src
	if newTitle != "" && newTitle != note.Title {
		if content, err = notes.Retitle(note.Path, src, newTitle); err != nil {
			return nil, fmt.Errorf("%s: %w", note.Path, err)
		}
		if after, _ := notes.Parse(newPath, content, note.Modified); after != nil {
			p.NewTitle = after.Title
		}
	}
	moved := note
	moved.Path, moved.Title = newPath, p.NewTitle
	after := make([]catalog.NoteInfo, 0, len(c.All))
	for _, n := range c.All {
		if n.Path == note.Path {
			after = append(after, moved)
		} else {
			after = append(after, n)
		}
	}
	c1 := NewCatalog(after)
	p.before, p.after = c, c1

	// The moved note's own links first: moving it to another folder changes
	// where its relative links lead.
	out, lines, count, warns := rewrite(c, c1, note.Path, newPath, content, note.Path, newPath, true)
	p.Warnings = append(p.Warnings, warns...)
	if count > 0 {
		p.Edits = append(p.Edits, FileEdit{Path: newPath, Lines: lines, Links: count})
	}
	if string(out) != string(src) {
		p.Content = out
	}

	back, err := Backlinks(ix, c, note.Path)
	if err != nil {
		return nil, err
	}
	for i, b := range back {
		if b.From == note.Path || (i > 0 && back[i-1].From == b.From) {
			continue
		}
		data, err := os.ReadFile(notes.OnDisk(root, b.From))
		if err != nil {
			return nil, err
		}
		out, lines, count, warns := rewrite(c, c1, b.From, b.From, data, note.Path, newPath, false)
		p.Warnings = append(p.Warnings, warns...)
		if count > 0 {
			p.Edits = append(p.Edits, FileEdit{Path: b.From, Lines: lines, Links: count, Out: out})
		}
	}
	return p, nil
}

// rewrite rewrites, in the note src (at from before the move, fromNew
// after), the links that lead to the moved note (old → new) and, when own is
// true, every link of the moved note itself, wherever the move would send
// one elsewhere.
func rewrite(c0, c1 *Catalog, from, fromNew string, src []byte, old, new string, own bool) ([]byte, []int, int, []string) {
	n, _ := notes.Parse(from, src, notes.ZeroTime)
	var edits []notes.Edit
	var warns []string
	var lineNums []int
	for _, l := range n.Links {
		r0 := c0.Resolve(from, l)
		if r0.Status != OK || (!own && r0.To.Path != old) {
			continue
		}
		want := r0.To.Path
		if want == old {
			want = new
		}
		if r1 := c1.Resolve(fromNew, l); r1.Status == OK && r1.To.Path == want {
			continue
		}
		at := fmt.Sprintf("%s:%d", from, l.Line)
		if l.End <= l.Start {
			warns = append(warns, at+": a reference-style link; rewrite it by hand")
			continue
		}
		t, ok := newTarget(c1, l, fromNew, r0.To.Path, want)
		if !ok {
			warns = append(warns, at+": no way to name "+want+" that leads only to it")
			continue
		}
		edits = append(edits, notes.Edit{Start: l.Start, End: l.End, New: t})
		if len(lineNums) == 0 || lineNums[len(lineNums)-1] != l.Line {
			lineNums = append(lineNums, l.Line)
		}
	}
	if len(edits) == 0 {
		return src, nil, 0, warns
	}
	out, err := notes.ApplyEdits(src, edits)
	if err != nil {
		return src, nil, 0, append(warns, from+": "+err.Error())
	}
	return out, lineNums, len(edits), warns
}

// newTarget is how link l, in the note at from, should name the note at
// want (at was before the move): the way it named it before (path, file
// name or title) when that leads there alone, else its path.
func newTarget(c *Catalog, l notes.Link, from, was, want string) (string, bool) {
	var cands []string
	if l.Kind == notes.MarkdownLink {
		rel, err := filepath.Rel(filepath.FromSlash(path.Dir(from)), filepath.FromSlash(want))
		if err != nil {
			return "", false
		}
		cands = []string{escapeDest(filepath.ToSlash(rel))}
	} else {
		i := c.byPath[want]
		n := c.All[i]
		withMD := strings.HasSuffix(strings.ToLower(l.Target), ".md")
		name := path.Base(want)
		pth := want
		if !withMD {
			name, pth = strings.TrimSuffix(name, path.Ext(name)), strings.TrimSuffix(pth, path.Ext(pth))
		}
		switch {
		case strings.Contains(l.Target, "/"):
			cands = []string{pth}
		case notes.Key(l.Target) == notes.Key(path.Base(was)):
			cands = []string{name}
		default:
			cands = []string{n.Title}
		}
		cands = append(cands, pth, want)
	}
	for _, t := range cands {
		// A wikilink cannot hold what ends or splits it.
		if l.Kind == notes.WikiLink && strings.ContainsAny(t, "[]|#\r\n") {
			continue
		}
		probe := l
		probe.Target = t
		if l.Kind == notes.MarkdownLink {
			probe.Target = unescapeDest(t)
		}
		if r := c.Resolve(from, probe); r.Status == OK && r.To.Path == want {
			return t, true
		}
	}
	return "", false
}

var destEscaper = strings.NewReplacer("%", "%25", " ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "#", "%23", "?", "%3F")

// escapeDest writes a path as a Markdown link destination; letters of any
// script stay as they are.
func escapeDest(p string) string { return destEscaper.Replace(p) }

func unescapeDest(p string) string {
	l, ok := notes.LinkTo(p)
	if !ok {
		return p
	}
	return l.Target
}

// Apply carries the plan out: the note moves (never over another file),
// then each linking note is rewritten with edit, which hands the edit the
// note's content at that moment (kb's writers take turns; a change made by
// another program meanwhile is kept and the links rewritten in it).
func (p *MovePlan) Apply(root string, edit func(abs string, fn func([]byte) ([]byte, error)) (bool, error)) error {
	oldAbs := notes.OnDisk(root, p.Old)
	switch {
	case p.New != p.Old:
		if err := moveFile(root, p.Old, p.New, p.Content); err != nil {
			return err
		}
	case p.Content != nil: // retitled, same name
		if err := fsutil.WriteFileAtomic(oldAbs, p.Content, 0o644); err != nil {
			return err
		}
	}
	for _, e := range p.Edits {
		if e.Path == p.New {
			continue // the moved note: written above
		}
		from := e.Path
		_, err := edit(notes.OnDisk(root, from), func(data []byte) ([]byte, error) {
			out, _, n, _ := rewrite(p.before, p.after, from, from, data, p.Old, p.New, false)
			if n == 0 {
				return nil, nil
			}
			return out, nil
		})
		if err != nil {
			return fmt.Errorf("%s: %w", from, err)
		}
	}
	return nil
}

// moveFile gives the note its new name, with new content if data is not
// nil. The new file is complete before the old one goes, an existing file is
// never replaced, and the new folder is made inside root, never through a
// link.
func moveFile(root, oldRel, newRel string, data []byte) error {
	oldAbs := notes.OnDisk(root, oldRel)
	fi, err := os.Lstat(oldAbs)
	if err != nil {
		return err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("%s is a symbolic link; kb moves only the notes themselves", oldRel)
	}
	dir, err := fsutil.MkdirInside(root, filepath.FromSlash(path.Dir(newRel)))
	if err != nil {
		return err
	}
	newAbs := filepath.Join(dir, path.Base(newRel))
	if data == nil {
		if err := os.Link(oldAbs, newAbs); err != nil {
			return existsError(newRel, err)
		}
	} else {
		tmp, err := os.CreateTemp(dir, ".kb-mv-*.md")
		if err != nil {
			return err
		}
		defer os.Remove(tmp.Name())
		_, werr := tmp.Write(data)
		if werr == nil {
			werr = tmp.Chmod(fi.Mode().Perm())
		}
		if werr == nil {
			werr = tmp.Sync()
		}
		if cerr := tmp.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return werr
		}
		if err := os.Link(tmp.Name(), newAbs); err != nil {
			return existsError(newRel, err)
		}
	}
	if err := os.Remove(oldAbs); err != nil {
		return err
	}
	fsutil.SyncDir(dir)
	fsutil.SyncDir(filepath.Dir(oldAbs))
	return nil
}

func existsError(p string, err error) error {
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists", p)
	}
	return err
}
