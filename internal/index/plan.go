package index

import (
	"slices"
	"strings"

	"github.com/kb-cli/kb/internal/notes"
)

// Bringing the index up to date is done in three steps: decide what changed
// (this file: pure, no disk), read and parse the changed notes on every core
// (parse, in update.go), and apply the results to the index and the
// manifest in one place (apply, in update.go).

// changes is what the notes on disk differ from the manifest by.
type changes struct {
	changed   []notes.File // to read: new, or size, mtime, change signal or spelling differ, or the size limit moved
	removed   []entry      // in the manifest, no longer on disk, by path
	unchanged int          // files the manifest has as they are
}

func (c changes) empty() bool { return len(c.changed) == 0 && len(c.removed) == 0 }

// diff compares the files on disk with the manifest in one pass over both,
// in path order. maxSize is the current size limit: a file skipped as too
// large is looked at again when the limit grows, and an indexed one when it
// shrinks.
func diff(files []notes.File, m *manifest, maxSize int64) changes {
	if !slices.IsSortedFunc(files, func(a, b notes.File) int { return strings.Compare(a.Path, b.Path) }) {
		files = slices.Clone(files)
		slices.SortFunc(files, func(a, b notes.File) int { return strings.Compare(a.Path, b.Path) })
	}
	var c changes
	es := m.entries
	i := 0
	for _, f := range files {
		for i < len(es) && es[i].Path < f.Path {
			c.removed = append(c.removed, es[i])
			i++
		}
		if i < len(es) && es[i].Path == f.Path {
			if differs(f, es[i], maxSize) {
				c.changed = append(c.changed, f)
			} else {
				c.unchanged++
			}
			i++
			continue
		}
		c.changed = append(c.changed, f)
	}
	c.removed = append(c.removed, es[i:]...)
	return c
}

// differs reports whether a file must be read again: its stat or spelling
// is not what the manifest has, or the size limit now says otherwise.
func differs(f notes.File, e entry, maxSize int64) bool {
	fits := maxSize <= 0 || f.Size <= maxSize
	return e.Size != f.Size || e.ModTime != f.ModTime.UnixNano() || e.Change != f.Change || e.diskPath() != f.Disk ||
		(e.TooLarge && fits) || (e.Skipped == "" && !fits)
}

// kind is what reading a changed file comes to.
type kind int

const (
	keep   kind = iota // unreadable: keep what the index has, as for an unchanged file
	skip               // not indexed (too large, binary)
	touch              // the same content as indexed: only its stat changed
	add                // a new note
	update             // a note of the index, changed
	rename             // a new path for the content of a removed note
)

// action is what to do with one changed file.
type action struct {
	kind    kind
	entry   entry  // the file's manifest entry from now on (not for keep)
	unindex bool   // its document leaves the index (an indexed note now skipped)
	from    string // the old path of a rename
}

// planner decides, file by file, what reading the changed files comes to.
type planner struct {
	m       *manifest
	renames map[[16]byte]string // removed notes that were indexed, by content
}

func newPlanner(m *manifest, removed []entry) *planner {
	p := &planner{m: m, renames: map[[16]byte]string{}}
	for _, e := range removed {
		if e.Skipped == "" {
			p.renames[e.Hash] = e.Path
		}
	}
	return p
}

// decide says what to do with a file read by parse. A removed note whose
// content reappears under a new path is taken as renamed, once.
func (p *planner) decide(r result) action {
	if r.err != nil {
		return action{kind: keep}
	}
	f := r.file
	e := entry{Path: f.Path, Size: f.Size, ModTime: f.ModTime.UnixNano(), Change: f.Change, Hash: r.hash, Skipped: r.skip, TooLarge: r.tooLarge}
	if f.Disk != f.Path {
		e.Disk = f.Disk
	}
	old, had := p.m.get(f.Path)
	indexed := had && old.Skipped == ""
	switch {
	case r.skip != "":
		return action{kind: skip, entry: e, unindex: indexed}
	case indexed && old.Hash == r.hash:
		return action{kind: touch, entry: e}
	case indexed:
		return action{kind: update, entry: e}
	}
	if from, ok := p.renames[r.hash]; ok {
		delete(p.renames, r.hash)
		return action{kind: rename, entry: e, from: from}
	}
	return action{kind: add, entry: e}
}
