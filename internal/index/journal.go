package index

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"

	"github.com/kb-cli/kb/internal/fsutil"
)

// An update appends what changed to the journal (kb-journal) instead of
// rewriting the files that describe every note: one record per note added,
// changed or removed, holding all kb keeps of it beside the index (its
// manifest entry, title and cards), so an edit writes a few hundred bytes
// where it wrote the manifest, the titles and the card cache whole (27 MB at
// 100k notes). Readers apply the journal to those base files as they load
// them. When it has grown to half the manifest's size, compact folds it into
// new base files and starts an empty one.
//
// Generations keep the files in step. Each base file carries the generation
// it was written at; a journal names the generation it follows. A journal
// applies to a base of that generation or a newer one: compaction writes the
// bases first (cards, titles, manifest) and empties the journal last, and
// applying a journal again to a base that already holds it changes nothing,
// since each record is a note's whole state. A base older than the journal
// missed records and is not trusted.
//
// Records are sealed one by one (length, CRC-32, data): a record cut short
// by a crash, or damaged, ends the journal there. The notes it described are
// then older in the manifest than in the index and are read again, as after
// any interrupted update; the next append first cuts the file back to its
// last whole record.

const journalMagic = "kb-journal\x00"

// record is one note's state in the journal.
type record struct {
	change
	title string // the note's title, when it is indexed
	cards string // its cards, encoded (cards.go)
}

const (
	opPut = 1
	opDel = 2
)

// journal is the journal as read, and where appends go on.
type journal struct {
	gen     uint64
	records []record
	valid   int64       // bytes up to the end of the last whole record; 0: start a new file
	info    os.FileInfo // of the file when read; nil when there is none
}

// readJournal reads the journal; a missing or unreadable one is empty.
func readJournal(path string) (*journal, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return &journal{}, nil
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
	j := &journal{info: fi}
	j.decode(string(data))
	return j, nil
}

// decode reads the header and the whole records after it.
func (j *journal) decode(s string) {
	r := &reader{s: s}
	if r.bytes(uint64(len(journalMagic))) != journalMagic || int(r.uvarint()) != SchemaVersion {
		return
	}
	gen := r.u64()
	head := len(s) - len(r.s)
	if sum := r.bytes(4); r.err != nil || binary.LittleEndian.Uint32([]byte(sum)) != crc32.ChecksumIEEE([]byte(s[:head])) {
		return
	}
	j.gen, j.valid = gen, int64(len(s)-len(r.s))
	for len(r.s) >= 8 {
		n := binary.LittleEndian.Uint32([]byte(r.s[:4]))
		sum := binary.LittleEndian.Uint32([]byte(r.s[4:8]))
		if uint64(n) > uint64(len(r.s)-8) {
			return // cut short
		}
		payload := r.s[8 : 8+n]
		if crc32.ChecksumIEEE([]byte(payload)) != sum {
			return // damaged
		}
		rec, ok := decodeRecord(payload)
		if !ok {
			return
		}
		j.records = append(j.records, rec)
		r.s = r.s[8+n:]
		j.valid += 8 + int64(n)
	}
}

func decodeRecord(payload string) (record, bool) {
	r := &reader{s: payload}
	op := r.uvarint()
	path := r.str()
	var rec record
	switch op {
	case opDel:
		rec.change = change{del: true, key: path}
	case opPut:
		rec.change = change{put: r.entry(path)}
		rec.title = r.str()
		rec.cards = r.str()
	default:
		return record{}, false
	}
	return rec, r.err == nil && len(r.s) == 0
}

func encodeRecord(out []byte, rec record) []byte {
	e := &encoder{b: make([]byte, 0, 128+len(rec.title)+len(rec.cards))}
	if rec.del {
		e.uvarint(opDel)
		e.str(rec.key)
	} else {
		e.uvarint(opPut)
		e.str(rec.put.Path)
		e.entry(rec.put)
		e.str(rec.title)
		e.str(rec.cards)
	}
	out = binary.LittleEndian.AppendUint32(out, uint32(len(e.b)))
	out = binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(e.b))
	return append(out, e.b...)
}

func journalHeader(gen uint64) []byte {
	e := &encoder{b: []byte(journalMagic)}
	e.uvarint(SchemaVersion)
	e.u64(gen)
	return binary.LittleEndian.AppendUint32(e.b, crc32.ChecksumIEEE(e.b))
}

// follows reports whether the journal applies to a base of generation gen.
func (j *journal) follows(gen uint64) bool { return j.valid > 0 && j.gen <= gen }

// changes are the journal's records as manifest changes.
func (j *journal) changes() []change {
	out := make([]change, len(j.records))
	for i, r := range j.records {
		out[i] = r.change
	}
	return out
}

// size is how many bytes of records the journal holds.
func (j *journal) size() int64 { return j.valid }

// appendRecords adds records to the journal of a manifest of generation
// gen, and updates j to match the file. It starts a new file
// when there is none, or none that follows that generation.
func (j *journal) appendRecords(path string, gen uint64, recs []record) error {
	var buf []byte
	for _, r := range recs {
		buf = encodeRecord(buf, r)
	}
	if !j.follows(gen) {
		data := append(journalHeader(gen), buf...)
		if err := fsutil.WriteFileAtomic(path, data, 0o644); err != nil {
			return err
		}
		*j = journal{gen: gen, valid: int64(len(data)), records: recs}
		j.info, _ = os.Lstat(path)
		return nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|fsutil.NoFollow, 0)
	if err != nil {
		return err
	}
	err = func() error {
		if j.info != nil && j.info.Size() != j.valid {
			// A record cut short by a crash: it would hide everything after it.
			if err := f.Truncate(j.valid); err != nil {
				return err
			}
		}
		// No fsync: the index the records describe is on disk already
		// (Bleve syncs each batch), and records lost with the machine's
		// power only make their notes be read again. It saves a few
		// milliseconds on every edit.
		_, err := f.WriteAt(buf, j.valid)
		return err
	}()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	j.valid += int64(len(buf))
	j.records = append(j.records, recs...)
	j.info, _ = os.Lstat(path)
	return nil
}

// startJournal empties the journal after a compaction to generation gen.
func startJournal(path string, gen uint64) (*journal, error) {
	j := &journal{}
	if err := j.appendRecords(path, gen, nil); err != nil {
		return nil, err
	}
	return j, nil
}
