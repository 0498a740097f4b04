// Package trash holds the notes kb rm removed, in .kb/trash/, until kb restore
// puts them back. Nothing else is touched: a card's review history stays in
// the review logs, so a restored note's cards resume where they were.
package trash

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/kb"
)

// stampFormat names a removal's folder by its time: sortable, one per second.
const stampFormat = "20060102-150405"

// Entry is a note in the trash.
type Entry struct {
	Path    string    `json:"path"`    // where it was, relative to the root
	Removed time.Time `json:"removed"` // when kb rm moved it
	stamp   string
}

// Move puts the note at rel (relative to root) in the trash and returns where
// it went. The move is a rename inside the knowledge base: the file is never
// copied, so nothing can be half-moved.
func Move(root, rel string, now time.Time) (string, error) {
	src := filepath.Join(root, filepath.FromSlash(rel))
	if _, err := os.Lstat(src); err != nil {
		return "", err
	}
	stamp := now.UTC().Format(stampFormat)
	for i := 2; ; i++ {
		if _, err := os.Lstat(filepath.Join(kb.At(root).Trash(), stamp, filepath.FromSlash(rel))); errors.Is(err, fs.ErrNotExist) {
			break
		}
		stamp = fmt.Sprintf("%s-%d", now.UTC().Format(stampFormat), i)
	}
	lay := kb.At(root)
	dir, err := lay.Mkdir(filepath.Join(lay.Trash(), stamp, filepath.Dir(filepath.FromSlash(rel))))
	if err != nil {
		return "", err
	}
	dst := filepath.Join(dir, path.Base(rel))
	if err := os.Rename(src, dst); err != nil {
		return "", err
	}
	fsutil.SyncDir(filepath.Dir(src))
	fsutil.SyncDir(dir)
	return dst, nil
}

// List returns the trash, most recently removed first.
func List(root string) ([]Entry, error) {
	var out []Entry
	base := kb.At(root).Trash()
	err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == base {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(base, p)
		stamp, note, ok := strings.Cut(filepath.ToSlash(rel), "/")
		if !ok {
			return nil
		}
		t, terr := time.Parse(stampFormat, stamp[:min(len(stamp), len(stampFormat))])
		if terr != nil {
			return nil // not kb's
		}
		out = append(out, Entry{Path: note, Removed: t, stamp: stamp})
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].stamp != out[j].stamp {
			return out[i].stamp > out[j].stamp
		}
		return out[i].Path < out[j].Path
	})
	return out, nil
}

// Find picks the trashed note ref means: its path (with or without .md), or
// its file name. Several removals of the same path: the latest.
func Find(entries []Entry, ref string) (Entry, error) {
	ref = strings.TrimPrefix(filepath.ToSlash(ref), "./")
	var found []Entry
	seen := map[string]bool{}
	for _, match := range []func(Entry) bool{
		func(e Entry) bool { return e.Path == ref || e.Path == ref+".md" },
		func(e Entry) bool { b := path.Base(e.Path); return b == ref || b == ref+".md" },
	} {
		for _, e := range entries {
			if match(e) && !seen[e.Path] {
				seen[e.Path] = true
				found = append(found, e)
			}
		}
		if len(found) > 0 {
			break
		}
	}
	switch len(found) {
	case 0:
		return Entry{}, fmt.Errorf("no note %q in the trash", ref)
	case 1:
		return found[0], nil
	}
	var paths []string
	for _, e := range found {
		paths = append(paths, e.Path)
	}
	return Entry{}, fmt.Errorf("%q fits %d notes in the trash: %s", ref, len(found), strings.Join(paths, ", "))
}

// ErrOccupied means a note exists where a trashed one would go back.
var ErrOccupied = errors.New("a file is there already")

// Restore puts e back where it was.
func Restore(root string, e Entry) error {
	dst := filepath.Join(root, filepath.FromSlash(e.Path))
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("%s: %w; move it away first", e.Path, ErrOccupied)
	}
	dir, err := fsutil.MkdirInside(root, filepath.Dir(filepath.FromSlash(e.Path)))
	if err != nil {
		return err
	}
	base := kb.At(root).Trash()
	src := filepath.Join(base, e.stamp, filepath.FromSlash(e.Path))
	if err := os.Rename(src, filepath.Join(dir, path.Base(e.Path))); err != nil {
		return err
	}
	fsutil.SyncDir(dir)
	// Drop the removal's folders that are now empty; Remove fails on the rest.
	for d := filepath.Dir(src); d != base && strings.HasPrefix(d, base); d = filepath.Dir(d) {
		if os.Remove(d) != nil {
			break
		}
	}
	return nil
}
