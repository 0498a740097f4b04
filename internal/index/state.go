package index

import (
	"errors"
	"io"
	"os"
	"time"

	"github.com/kb-cli/kb/internal/kb"
)

// The files kb keeps beside Bleve's in the index folder.
func (ix *Index) manifestPath() string { return ix.lay.Manifest() }
func (ix *Index) journalPath() string  { return ix.lay.Journal() }
func (ix *Index) cardsPath() string    { return ix.lay.CardData() }
func (ix *Index) titlesPath() string   { return ix.lay.Titles() }

// state is what kb knows of the indexed notes: the manifest with the journal
// applied, and what the two files looked like when read, so that a writer
// can tell, with two stats under its lock, whether another process changed
// them since (and only then read them again).
type state struct {
	m     *manifest
	j     *journal
	mInfo os.FileInfo
}

// readState loads the manifest and the journal after it. A manifest of
// another schema is returned as it is, without entries.
func readState(lay kb.Layout) (*state, error) {
	f, err := os.Open(lay.Manifest())
	if errors.Is(err, os.ErrNotExist) {
		return nil, errNoManifest
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	data, err := readAll(f, fi)
	if err != nil {
		return nil, err
	}
	m, err := decodeManifest(data)
	if err != nil {
		return nil, err
	}
	s := &state{m: m, mInfo: fi, j: &journal{}}
	if m.Schema != SchemaVersion {
		return s, nil
	}
	if s.j, err = readJournal(lay.Journal()); err != nil {
		return nil, err
	}
	if s.j.follows(m.Gen) {
		m.apply(s.j.changes())
	}
	return s, nil
}

// current reports whether the manifest and the journal on disk are still
// the ones this state was read from.
func (s *state) current(lay kb.Layout) bool {
	fi, err := os.Stat(lay.Manifest())
	if err != nil || !sameFile(s.mInfo, fi) {
		return false
	}
	ji, err := os.Stat(lay.Journal())
	if s.j.info == nil {
		return errors.Is(err, os.ErrNotExist)
	}
	return err == nil && sameFile(s.j.info, ji)
}

// readAll reads an open file of the size fi says in one buffer (io.ReadAll
// would grow its buffer two dozen times for a 6 MB manifest).
func readAll(f *os.File, fi os.FileInfo) ([]byte, error) {
	buf := make([]byte, 0, fi.Size()+1) // +1: a file that grew since is read whole
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

func sameFile(a, b os.FileInfo) bool {
	return a != nil && b != nil && os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}

// newGen is the generation of a new index: different from the one it
// replaces, so a process that read the old files does not take the new
// ones for them.
func newGen() uint64 { return uint64(time.Now().UnixNano()) }
