// Package importer brings notes kept elsewhere into a knowledge base: a
// Notion export, an Obsidian vault, an Anki text export. Each source is read
// into a Plan (what would be created); Resolve decides final names against
// what the knowledge base holds, never overwriting anything; Apply writes.
package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/kb"
	"github.com/kb-cli/kb/internal/reviews"
)

// Item is one file an import creates: a note or an attachment.
type Item struct {
	Source string // its path in the export
	Want   string // the path it would like, relative to the root, '/' separated
	Title  string // notes only
	Note   bool
	// Render makes the file's bytes once every item has its final path;
	// final maps an export path to the path its item got ("" if none), so
	// links between imported files follow renames.
	Render func(final func(source string) string) ([]byte, []reviews.Event, error)
	// Copy, set instead of Render for an attachment, streams its bytes when
	// it is written: an export's images need not all sit in memory.
	Copy func() (io.ReadCloser, error)
}

// Skip is something in the export that is not imported, and why.
type Skip struct {
	Source string `json:"source"`
	Reason string `json:"reason"`
}

// Plan is what an import found in the export.
type Plan struct {
	Kind    string // notion, obsidian, anki: the manifest keys' prefix
	Items   []*Item
	Skipped []Skip
}

// Actions an Outcome reports.
const (
	Create  = "create" // under the name it wanted
	Rename  = "rename" // under another name: the one it wanted is taken
	Skipped = "skip"   // imported before, or unreadable
)

// Outcome is what happens, or would happen, to one item.
type Outcome struct {
	Source string `json:"source"`
	Path   string `json:"path"`
	Title  string `json:"title,omitempty"`
	Note   bool   `json:"note"`
	Action string `json:"action"`
	Reason string `json:"reason,omitempty"`
	Events int    `json:"review_events,omitempty"`

	data   []byte
	copy   func() (io.ReadCloser, error)
	events []reviews.Event
}

type manifestLine struct {
	Source string `json:"source"`
	Path   string `json:"path"`
}

func readManifest(root string) (map[string]string, error) {
	p := kb.At(root).Imports()
	if fi, err := os.Lstat(p); err == nil && !fi.Mode().IsRegular() {
		return nil, &fsutil.LinkError{Path: p}
	}
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		var l manifestLine
		// A torn or hand-edited line only costs that entry's memory.
		if json.Unmarshal(sc.Bytes(), &l) == nil && l.Source != "" {
			m[l.Source] = l.Path
		}
	}
	return m, nil
}

// Resolve gives every item its final path: the one it wants unless a file
// is there or another item took it (then name-2, name-3 ...), or the one it
// got in an earlier import, which it then skips. It renders the files.
func Resolve(root string, p *Plan) ([]Outcome, error) {
	manifest, err := readManifest(root)
	if err != nil {
		return nil, err
	}
	final := map[string]string{}
	taken := map[string]string{} // lower-cased path -> source, for case-blind file systems
	out := make([]Outcome, len(p.Items))
	for i, it := range p.Items {
		o := Outcome{Source: it.Source, Title: it.Title, Note: it.Note}
		if prev, ok := manifest[p.Kind+":"+it.Source]; ok {
			o.Path, o.Action, o.Reason = prev, Skipped, "imported before as "+prev
			final[it.Source] = prev
			out[i] = o
			continue
		}
		want := it.Want
		if !safeRel(want) {
			o.Path, o.Action, o.Reason = want, Skipped, "unsafe name (outside the knowledge base, or hidden)"
			out[i] = o
			continue
		}
		ext := path.Ext(want)
		base := strings.TrimSuffix(want, ext)
		cand := want
		for n := 2; ; n++ {
			other, inPlan := taken[strings.ToLower(cand)]
			_, statErr := os.Lstat(filepath.Join(root, filepath.FromSlash(cand)))
			if !inPlan && errors.Is(statErr, fs.ErrNotExist) {
				break
			}
			if o.Reason == "" {
				if inPlan {
					o.Reason = fmt.Sprintf("%s has the same name (from %s)", want, other)
				} else {
					o.Reason = want + " exists"
				}
			}
			if n > 999 {
				return nil, fmt.Errorf("no free name for %s", want)
			}
			cand = fmt.Sprintf("%s-%d%s", base, n, ext)
		}
		taken[strings.ToLower(cand)] = it.Source
		final[it.Source] = cand
		o.Path, o.Action = cand, Create
		if cand != want {
			o.Action = Rename
		}
		out[i] = o
	}
	lookup := func(src string) string { return final[src] }
	for i, it := range p.Items {
		if out[i].Action == Skipped {
			continue
		}
		if it.Copy != nil {
			out[i].copy = it.Copy
			continue
		}
		data, events, err := it.Render(lookup)
		if err != nil {
			out[i].Action, out[i].Reason = Skipped, err.Error()
			continue
		}
		out[i].data, out[i].events, out[i].Events = data, events, len(events)
	}
	return out, nil
}

// Apply writes the resolved items: each file appears whole or not at all,
// never over an existing file, never through a link; the manifest records it
// at once. events receives the review history that comes with each note.
func Apply(root string, p *Plan, outcomes []Outcome, events func([]reviews.Event) error) error {
	mf, err := openManifest(root)
	if err != nil {
		return err
	}
	defer mf.Close()
	for i := range outcomes {
		o := &outcomes[i]
		if o.Action == Skipped {
			continue
		}
		if err := writeItem(root, o); err != nil {
			return err
		}
		line, _ := json.Marshal(manifestLine{Source: p.Kind + ":" + o.Source, Path: o.Path})
		if _, err := mf.Write(append(line, '\n')); err != nil {
			return err
		}
		if err := mf.Sync(); err != nil {
			return err
		}
		if len(o.events) > 0 {
			if err := events(o.events); err != nil {
				return fmt.Errorf("%s was imported but its review history was not: %w", o.Path, err)
			}
		}
	}
	return nil
}

// writeItem creates an outcome's file from its rendered bytes or, for an
// attachment, straight from the export.
func writeItem(root string, o *Outcome) error {
	if o.copy == nil {
		return createFile(root, o.Path, bytes.NewReader(o.data))
	}
	rc, err := o.copy()
	if err != nil {
		return err
	}
	defer rc.Close()
	return createFile(root, o.Path, rc)
}

func openManifest(root string) (*os.File, error) {
	lay := kb.At(root)
	p := lay.Imports()
	if fi, err := os.Lstat(p); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", p)
	}
	// .kb is committed with the notes: never write through a link there.
	if _, err := lay.Mkdir(lay.Dir()); err != nil {
		return nil, err
	}
	return os.OpenFile(p, os.O_WRONLY|os.O_APPEND|os.O_CREATE|fsutil.NoFollow, 0o644)
}

// createFile writes rel under root: folders are made one by one and must be
// real folders (a link could lead outside the root), and the file is linked
// into place from a synced temp file, which fails if the name is taken.
func createFile(root, rel string, data io.Reader) error {
	if !safeRel(rel) {
		return fmt.Errorf("refusing to write %q outside the knowledge base", rel)
	}
	dir, err := fsutil.MkdirInside(root, path.Dir(rel))
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", rel, err)
	}
	tmp, err := os.CreateTemp(dir, ".kb-import-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	target := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.Link(tmp.Name(), target); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s appeared while importing; run the import again", rel)
		}
		return err
	}
	fsutil.SyncDir(dir)
	return nil
}

// relLink is the link from the note at from to the file at to (both root-
// relative), with the characters Markdown link destinations cannot hold
// escaped.
func relLink(from, to string) string {
	r, err := filepath.Rel(path.Dir("/"+from), "/"+to)
	if err != nil {
		return to
	}
	r = filepath.ToSlash(r)
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E").Replace(r)
}

func unwrap(err error) error {
	if u := errors.Unwrap(err); u != nil {
		return u
	}
	return err
}

// safeRel reports whether rel names a file kb may create: inside the root,
// not in a hidden folder (.kb, .git) and not hidden itself.
func safeRel(rel string) bool {
	if !fs.ValidPath(rel) || rel == "." {
		return false
	}
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") {
			return false
		}
	}
	return true
}
