// Package index keeps the Bleve full-text index of a knowledge base in step
// with its notes. The index is a cache under .kb/index: it can always be
// deleted and rebuilt from the notes, and kb does so by itself when it finds
// it missing, outdated or damaged.
package index

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/kb"
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
	Notes                                                int    // notes in the index afterwards
	Rebuilt                                              bool   // the index was built from scratch
	Unwritable                                           string // why the index could not be written (a read-only disk), or ""
}

// Changed reports whether the refresh touched the index.
func (s Stats) Changed() bool { return s.Added+s.Updated+s.Removed+s.Renamed > 0 || s.Rebuilt }

// BusyError means another kb process held the index for the whole wait.
type BusyError struct{ Waited time.Duration }

func (e *BusyError) Error() string {
	return fmt.Sprintf("the index is busy: another kb process is updating it (waited %s)", e.Waited)
}

// Index is an open index of a KB. Open returns at once with the index as it
// is and checks it against the notes in the background; Refresh waits for that
// check and applies what changed. Search does both, so that the walk of the
// notes overlaps the query instead of adding to it.
type Index struct {
	opts  Options
	lay   kb.Layout
	dir   string // lay.Index()
	bi    bleve.Index
	lock  *fsutil.Lock
	st    *state      // the manifest and journal, as read and as updated since
	ro    *readOnly   // answers besides bi when the index cannot be written
	vocab *vocabStore // the vocabulary store, while writing

	scan  chan scanResult // the background walk, until Refresh takes it
	stats Stats           // what bringing the index up to date did
	fresh bool            // the index matches the notes
}

type scanResult struct {
	files []notes.File
	warns []notes.Warning
}

// Open opens the index of opts.Root, building it if it is missing, outdated or
// damaged. Call Refresh (or Search, which calls it) before trusting it.
func Open(opts Options) (*Index, error) {
	if opts.Warn == nil {
		opts.Warn = func(string) {}
	}
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = 10 * time.Second
	}
	lay := kb.At(opts.Root)
	ix := &Index{opts: opts, lay: lay, dir: lay.Index(), scan: make(chan scanResult, 1)}
	if fi, err := os.Lstat(ix.dir); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		// Committed as a link, the index would be written wherever it points.
		opts.Warn(ix.dir + " is a symbolic link; rebuilding the index in its place")
		ix.opts.Rebuild = true
	}
	if err := os.MkdirAll(lay.Dir(), 0o755); err != nil && !cannotWrite(err) {
		return nil, err
	}
	go func() {
		files, warns, folders := notes.ScanCached(opts.Root, readFolders(lay))
		if folders != nil {
			writeFolders(lay, folders)
		}
		ix.scan <- scanResult{files, warns}
	}()
	if err := ix.open(); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

func (ix *Index) lockPath() string { return ix.lay.IndexLock() }

// acquire swaps whatever lock this process holds for a shared or exclusive
// one. flock cannot upgrade atomically, which is why write looks again.
func (ix *Index) acquire(exclusive bool) error {
	ix.lock.Release()
	ix.lock = nil
	if exclusive && failExclusive != nil {
		return fmt.Errorf("cannot lock the index: %w", failExclusive)
	}
	// The .kb folder is the turnstile that keeps searches from starving writers.
	l, err := fsutil.AcquireFair(ix.lockPath(), ix.lay.Dir(), exclusive, ix.opts.LockTimeout)
	if errors.Is(err, fsutil.ErrLocked) {
		return &BusyError{Waited: ix.opts.LockTimeout}
	}
	if err != nil {
		return fmt.Errorf("cannot lock the index: %w", err)
	}
	ix.lock = l
	return nil
}

// open takes the fast path when it can: a shared lock and a read-only open of
// an index whose manifest is current. Anything else goes to the writer.
func (ix *Index) open() error {
	if err := ix.acquire(false); err != nil {
		return err
	}
	if !ix.opts.Rebuild {
		s, err := readState(ix.lay)
		if err == nil && s.m.Schema == SchemaVersion {
			bi, err := ix.openBleve(true)
			if err == nil {
				if n, cerr := bi.DocCount(); cerr == nil && int(n) == s.m.indexed() {
					ix.bi, ix.st = bi, s
					return nil
				}
				bi.Close()
			} else if isBusy(err) {
				return &BusyError{Waited: ix.opts.LockTimeout}
			}
		}
	}
	_, err := ix.Refresh()
	return err
}

// Refresh waits for the walk of the notes and brings the index up to date
// with them. It does the work once; later calls return the same counts.
func (ix *Index) Refresh() (Stats, error) {
	if ix.fresh {
		return ix.stats, nil
	}
	sr := <-ix.scan
	for _, w := range sr.warns {
		ix.opts.Warn(w.String())
	}
	var c *changes
	if ix.bi != nil && !ix.opts.Rebuild {
		d := diff(sr.files, ix.st.m, ix.opts.MaxFileSize)
		if d.empty() {
			ix.fresh = true
			ix.stats = Stats{Unchanged: len(sr.files), Notes: ix.st.m.indexed()}
			return ix.stats, nil
		}
		c = &d
	}
	st, err := ix.write(sr.files, c)
	if err != nil {
		if !cannotWrite(err) {
			return st, err
		}
		if st, err = ix.answerReadOnly(sr.files, err); err != nil {
			return st, err
		}
	}
	ix.fresh, ix.stats = true, st
	return st, nil
}

// cannotWrite reports an error of a disk kb may read but not write: a
// read-only mount, or a folder the user may not change.
func cannotWrite(err error) bool {
	return errors.Is(err, syscall.EROFS) || errors.Is(err, os.ErrPermission)
}

// openStale opens the index read-only as it is, and reports whether it is
// whole: the fallback of a reader that cannot bring it up to date. Only
// failing to take the lock is an error.
func (ix *Index) openStale() (bool, error) {
	if ix.bi != nil {
		ix.bi.Close()
		ix.bi = nil
	}
	if err := ix.acquire(false); err != nil {
		return false, err
	}
	s, err := readState(ix.lay)
	if err != nil || s.m.Schema != SchemaVersion {
		return false, nil
	}
	bi, err := ix.openBleve(true)
	if err != nil {
		return false, nil
	}
	if n, err := bi.DocCount(); err != nil || int(n) != s.m.indexed() {
		bi.Close()
		return false, nil
	}
	ix.bi, ix.st = bi, s
	return true, nil
}

// write takes the lock exclusively and updates the index, or rebuilds it when
// it is missing, outdated or damaged. c are the changes found against ix.st
// under the shared lock: they stand if the manifest and the journal are
// still as read (two stats); if another process changed them while this
// one waited for the lock, they are read again.
func (ix *Index) write(files []notes.File, c *changes) (Stats, error) {
	if ix.bi != nil {
		ix.bi.Close()
		ix.bi = nil
	}
	if err := ix.acquire(true); err != nil {
		return Stats{}, err
	}
	s, sErr := ix.st, error(nil)
	if ix.opts.Rebuild || s == nil || !s.current(ix.lay) {
		c = nil
		s, sErr = readState(ix.lay)
	}
	reason := ""
	switch {
	case ix.opts.Rebuild:
	case errors.Is(sErr, errNoManifest):
		if _, err := os.Stat(ix.dir); err == nil {
			reason = "the index is incomplete"
		}
	case sErr != nil:
		reason = "the index is damaged (" + sErr.Error() + ")"
	case s.m.Schema != SchemaVersion:
		reason = fmt.Sprintf("the index format changed (version %d, now %d)", s.m.Schema, SchemaVersion)
	default:
		bi, err := ix.openBleve(false)
		if err == nil {
			var verr error
			if n, cerr := bi.DocCount(); cerr != nil || int(n) != s.m.indexed() {
				reason = fmt.Sprintf("the index holds %d notes where %d were indexed", n, s.m.indexed())
			} else if ix.vocab, verr = openVocab(ix.lay); verr != nil {
				// Its words are in no other file: only the notes have them.
				reason = "the word list cannot be read (" + verr.Error() + ")"
				if errors.Is(verr, errNoVocab) {
					reason = verr.Error()
				}
			} else {
				ix.bi, ix.st = bi, s
				if c == nil {
					d := diff(files, s.m, ix.opts.MaxFileSize)
					c = &d
				}
				return ix.update(*c, false)
			}
			bi.Close()
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
	return ix.update(diff(files, ix.st.m, ix.opts.MaxFileSize), true)
}

func isBusy(err error) bool { return err != nil && strings.Contains(err.Error(), "timeout") }

func (ix *Index) openBleve(readOnly bool) (bleve.Index, error) {
	return bleve.OpenUsing(ix.dir, map[string]any{
		"read_only":              readOnly,
		"bolt_timeout":           ix.opts.LockTimeout.String(),
		"scorchMergePlanOptions": updateMergePlan,
	})
}

// updateMergePlan is how an update merges segments. Each edit adds a
// segment of one note; Bleve's default counts any segment under 2,000 notes
// as 2,000, and so merged it with the others on every edit (on 10k notes
// 60–100 ms of the edit, waiting for the merge and its writes). Counted as
// 100, a handful of small segments gather before they are merged, among
// themselves: 20–25 ms (measured on 10k notes, 30 edits, with nine segments
// left).
var updateMergePlan = map[string]any{"FloorSegmentSize": 100}

// create starts an empty index, removing whatever was there.
func (ix *Index) create() error {
	// Another command may be writing its folder cache into the folder as
	// it goes (folders.go): a removal that met a new file is tried again.
	err := os.RemoveAll(ix.dir)
	for try := 0; err != nil && try < 3; try++ {
		err = os.RemoveAll(ix.dir)
	}
	if err != nil {
		return fmt.Errorf("cannot remove the old index: %w", err)
	}
	im, err := newMapping()
	if err != nil {
		return err
	}
	bi, err := bleve.NewUsing(ix.dir, im, scorch.Name, scorch.Name, map[string]any{
		"bolt_timeout": ix.opts.LockTimeout.String(),
	})
	if err != nil {
		return fmt.Errorf("cannot create the index in %s: %w", ix.dir, err)
	}
	ix.bi, ix.st = bi, &state{m: newManifest(), j: &journal{}}
	return nil
}

// Count is the number of notes in the index.
func (ix *Index) Count() int {
	if ix.ro != nil {
		return ix.ro.count
	}
	return ix.st.m.indexed()
}

// Close releases the index and the lock.
func (ix *Index) Close() error {
	var err error
	if ix.bi != nil {
		err = ix.bi.Close()
		ix.bi = nil
	}
	if ix.ro != nil {
		ix.ro.mem.Close()
		ix.ro = nil
	}
	ix.lock.Release()
	ix.lock = nil
	return err
}
