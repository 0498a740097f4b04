// Package index keeps the Bleve full-text index of a knowledge base in step
// with its notes. The index is a cache under .kb/index: it can always be
// deleted and rebuilt from the notes, and kb does so by itself when it finds
// it missing, outdated or damaged.
package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/notes"
)

// Options say where the knowledge base is and how to treat it.
type Options struct {
	Root        string        // the KB root folder
	MaxFileSize int64         // notes larger than this are skipped; 0 means no limit
	LockTimeout time.Duration // how long to wait for another kb process
	Rebuild     bool          // start over from the notes
	Warn        func(string)  // receives warnings, one line each
	Progress    func(done, total int)
}

// Stats count what a refresh did.
type Stats struct {
	Added, Updated, Removed, Renamed, Unchanged, Skipped int
	Notes                                                int  // notes in the index afterwards
	Rebuilt                                              bool // the index was built from scratch
}

// Changed reports whether the refresh touched the index.
func (s Stats) Changed() bool { return s.Added+s.Updated+s.Removed+s.Renamed > 0 || s.Rebuilt }

// BusyError means another kb process held the index for the whole wait.
type BusyError struct{ Waited time.Duration }

func (e *BusyError) Error() string {
	return fmt.Sprintf("the index is busy: another kb process is updating it (waited %s)", e.Waited)
}

// Index is an open, up-to-date index. Close it when done.
type Index struct {
	opts Options
	dir  string
	bi   bleve.Index
	lock *fsutil.Lock
	m    *manifest
}

// Dir is where a KB keeps its index.
func Dir(root string) string { return filepath.Join(root, ".kb", "index") }

// Open brings the index of opts.Root up to date with the notes and opens it.
// Nothing needs to be indexed beforehand: a missing index is built here.
func Open(opts Options) (*Index, Stats, error) {
	if opts.Warn == nil {
		opts.Warn = func(string) {}
	}
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = 10 * time.Second
	}
	ix := &Index{opts: opts, dir: Dir(opts.Root)}
	if err := os.MkdirAll(filepath.Dir(ix.dir), 0o755); err != nil {
		return nil, Stats{}, err
	}
	stats, err := ix.open()
	if err != nil {
		ix.Close()
		return nil, stats, err
	}
	return ix, stats, nil
}

func (ix *Index) lockPath() string     { return filepath.Join(filepath.Dir(ix.dir), "index.lock") }
func (ix *Index) manifestPath() string { return filepath.Join(ix.dir, "kb-manifest") }

func (ix *Index) acquire(exclusive bool) error {
	ix.lock.Release()
	ix.lock = nil
	l, err := fsutil.Acquire(ix.lockPath(), exclusive, ix.opts.LockTimeout)
	if errors.Is(err, fsutil.ErrLocked) {
		return &BusyError{Waited: ix.opts.LockTimeout}
	}
	if err != nil {
		return fmt.Errorf("cannot lock the index: %w", err)
	}
	ix.lock = l
	return nil
}

func (ix *Index) open() (Stats, error) {
	files, warns := notes.Scan(ix.opts.Root)
	for _, w := range warns {
		ix.opts.Warn(w.String())
	}

	// Fast path: a shared lock, and if nothing changed, a read-only open.
	if err := ix.acquire(false); err != nil {
		return Stats{}, err
	}
	m, mErr := loadManifest(ix.manifestPath())
	if mErr == nil && m.Schema == SchemaVersion && !ix.opts.Rebuild {
		p := plan(files, m)
		if p.empty() {
			bi, err := ix.openBleve(true)
			if err == nil {
				if n, cerr := bi.DocCount(); cerr == nil && int(n) == m.indexed() {
					ix.bi, ix.m = bi, m
					return Stats{Unchanged: len(files), Notes: int(n)}, nil
				}
				bi.Close()
			} else if isBusy(err) {
				return Stats{}, &BusyError{Waited: ix.opts.LockTimeout}
			}
			// Damaged or incomplete: fall through to the writer, which looks again.
		}
	}

	// Slow path: take the lock exclusively and look again, since another
	// process may have done the work while we waited.
	if err := ix.acquire(true); err != nil {
		return Stats{}, err
	}
	m, mErr = loadManifest(ix.manifestPath())
	reason := ""
	switch {
	case ix.opts.Rebuild:
	case errors.Is(mErr, errNoManifest):
		if _, err := os.Stat(ix.dir); err == nil {
			reason = "the index is incomplete"
		}
	case mErr != nil:
		reason = "the index is damaged (" + mErr.Error() + ")"
	case m.Schema != SchemaVersion:
		reason = fmt.Sprintf("the index format changed (version %d, now %d)", m.Schema, SchemaVersion)
	default:
		bi, err := ix.openBleve(false)
		if err == nil {
			n, cerr := bi.DocCount()
			if cerr == nil && int(n) == m.indexed() {
				ix.bi, ix.m = bi, m
				return ix.update(files, false)
			}
			bi.Close()
			reason = fmt.Sprintf("the index holds %d notes where %d were indexed", n, m.indexed())
		} else if isBusy(err) {
			return Stats{}, &BusyError{Waited: ix.opts.LockTimeout}
		} else {
			reason = "the index cannot be opened (" + err.Error() + ")"
		}
	}
	if reason != "" {
		ix.opts.Warn(reason + "; rebuilding it from the notes")
	}
	if err := ix.create(); err != nil {
		return Stats{}, err
	}
	return ix.update(files, true)
}

func isBusy(err error) bool { return err != nil && strings.Contains(err.Error(), "timeout") }

func (ix *Index) openBleve(readOnly bool) (bleve.Index, error) {
	return bleve.OpenUsing(ix.dir, map[string]interface{}{
		"read_only":    readOnly,
		"unsafe_batch": false,
		"bolt_timeout": ix.opts.LockTimeout.String(),
	})
}

// create starts an empty index, removing whatever was there.
func (ix *Index) create() error {
	if err := os.RemoveAll(ix.dir); err != nil {
		return fmt.Errorf("cannot remove the old index: %w", err)
	}
	im, err := newMapping()
	if err != nil {
		return err
	}
	bi, err := bleve.NewUsing(ix.dir, im, scorch.Name, scorch.Name, map[string]interface{}{
		"bolt_timeout": ix.opts.LockTimeout.String(),
		"unsafe_batch": true,
	})
	if err != nil {
		return fmt.Errorf("cannot create the index in %s: %w", ix.dir, err)
	}
	ix.bi, ix.m = bi, newManifest()
	return nil
}

// Close releases the index and the lock.
func (ix *Index) Close() error {
	var err error
	if ix.bi != nil {
		err = ix.bi.Close()
		ix.bi = nil
	}
	ix.lock.Release()
	ix.lock = nil
	return err
}

// Bleve gives queries access to the underlying index.
func (ix *Index) Bleve() bleve.Index { return ix.bi }

// Len is the number of notes in the index.
func (ix *Index) Len() int { return ix.m.indexed() }
