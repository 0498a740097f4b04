package index

import (
	"errors"
	"slices"
	"strings"

	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/notes"
)

// manifest records what the index holds of each note file, so a refresh can
// tell what changed with one stat per file and no index query. On disk it is
// a base file (kb-manifest) and the journal that follows it (journal.go):
// both are written only after the index has taken a batch, so if kb dies in
// between, the next run sees the files as changed again and re-indexes them,
// which is harmless.
type manifest struct {
	Schema  int
	Gen     uint64  // the base's generation: the journal applies to it (journal.go)
	entries []entry // by Path, one per note file
	nIndex  int     // entries not skipped, or -1 when not counted yet
}

// entry is what the index holds of one note file.
type entry struct {
	Path     string // the note's identity (NFC, '/')
	Disk     string // the path as the file system spells it, when not equal to Path
	Size     int64
	ModTime  int64 // UnixNano
	Change   notes.ChangeSig
	Hash     [16]byte
	Skipped  string // why the file is not indexed (too large, binary), or ""
	TooLarge bool   // skipped for its size: a new size limit may take it in
}

func (e entry) diskPath() string {
	if e.Disk == "" {
		return e.Path
	}
	return e.Disk
}

func newManifest() *manifest { return &manifest{Schema: SchemaVersion, Gen: newGen()} }

var errNoManifest = errors.New("no manifest")

// The base is sealed (fsutil.Seal): a magic string, the schema, the
// generation, the entry count, the entries by path, and a CRC-32 of all that.
const manifestMagic = "kb-manifest\x00"

func decodeManifest(data []byte) (*manifest, error) {
	body, err := fsutil.Unseal(manifestMagic, data)
	if err != nil {
		if err.Error() == "checksum mismatch" {
			return nil, errors.New("manifest checksum mismatch")
		}
		return nil, errors.New("manifest has the wrong format")
	}
	r := &reader{s: string(body)}
	m := &manifest{Schema: int(r.uvarint()), nIndex: -1}
	if m.Schema != SchemaVersion {
		return m, nil // entries of another layout: the caller rebuilds
	}
	m.Gen = r.u64()
	n := r.count()
	m.entries = make([]entry, 0, n)
	for i := 0; i < n && r.err == nil; i++ {
		e := r.entry(r.str())
		if i > 0 && e.Path <= m.entries[i-1].Path {
			return nil, errors.New("manifest is out of order")
		}
		m.entries = append(m.entries, e)
	}
	if r.err != nil {
		return nil, errors.New("manifest is truncated")
	}
	return m, nil
}

func (m *manifest) encode() []byte {
	e := &encoder{b: make([]byte, 0, 64*len(m.entries)+32)}
	e.uvarint(uint64(m.Schema))
	e.u64(m.Gen)
	e.uvarint(uint64(len(m.entries)))
	for _, x := range m.entries {
		e.str(x.Path)
		e.entry(x)
	}
	return fsutil.Seal(manifestMagic, e.b)
}

func (m *manifest) save(path string) error {
	return fsutil.WriteFileAtomic(path, m.encode(), 0o644)
}

// entry writes the fields of x after its path, which the caller writes.
func (e *encoder) entry(x entry) {
	e.str(x.Disk)
	e.varint(x.Size)
	e.varint(x.ModTime)
	e.varint(x.Change.CTime)
	e.uvarint(x.Change.Inode)
	e.b = append(e.b, x.Hash[:]...)
	e.str(x.Skipped)
	e.bool(x.TooLarge)
}

func (r *reader) entry(path string) entry {
	x := entry{Path: path, Disk: r.str(), Size: r.varint(), ModTime: r.varint()}
	x.Change = notes.ChangeSig{CTime: r.varint(), Inode: r.uvarint()}
	copy(x.Hash[:], r.bytes(16))
	x.Skipped = r.str()
	x.TooLarge = r.bool()
	return x
}

// get finds the entry of a note path.
func (m *manifest) get(path string) (entry, bool) {
	i, ok := slices.BinarySearchFunc(m.entries, path, func(e entry, p string) int { return strings.Compare(e.Path, p) })
	if !ok {
		return entry{}, false
	}
	return m.entries[i], true
}

// indexed counts the files that are in the index (not skipped).
func (m *manifest) indexed() int {
	if m.nIndex < 0 {
		m.nIndex = 0
		for _, e := range m.entries {
			if e.Skipped == "" {
				m.nIndex++
			}
		}
	}
	return m.nIndex
}

// apply brings the entries up to date with changes in order: puts (entries
// to add or replace) and deletions. Changes to notes the manifest has are
// made in place; only added or removed notes cost a pass over all entries.
func (m *manifest) apply(changes []change) {
	if len(changes) == 0 {
		return
	}
	m.nIndex = -1
	last := make(map[string]change, len(changes))
	for _, c := range changes {
		last[c.path()] = c
	}
	var reshape []change // adds and deletions
	for _, c := range last {
		i, ok := slices.BinarySearchFunc(m.entries, c.path(), func(e entry, p string) int { return strings.Compare(e.Path, p) })
		switch {
		case ok && !c.del:
			m.entries[i] = c.put
		case ok || !c.del:
			reshape = append(reshape, c)
		}
	}
	if len(reshape) == 0 {
		return
	}
	slices.SortFunc(reshape, func(a, b change) int { return strings.Compare(a.path(), b.path()) })
	out := make([]entry, 0, len(m.entries)+len(reshape))
	i := 0
	for _, c := range reshape {
		for i < len(m.entries) && m.entries[i].Path < c.path() {
			out = append(out, m.entries[i])
			i++
		}
		if i < len(m.entries) && m.entries[i].Path == c.path() {
			i++ // deleted (a put of a present path was made in place)
		}
		if !c.del {
			out = append(out, c.put)
		}
	}
	m.entries = append(out, m.entries[i:]...)
}

// change is one note's new state: its entry, or its deletion.
type change struct {
	put entry
	del bool
	key string // the path of a deletion
}

func (c change) path() string {
	if c.del {
		return c.key
	}
	return c.put.Path
}
