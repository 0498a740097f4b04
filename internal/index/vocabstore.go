package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"slices"
	"strings"

	"github.com/blevesearch/vellum"

	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/kb"
)

// The vocabulary store holds each word of the notes once, for the look-ups
// that need the words themselves rather than the notes holding them (typos
// and loanwords, vocab.go): 39k terms for the 2.3M word–note pairs of 10k
// generated notes, which Bleve spent a third of a build's CPU time indexing
// as fields nobody searched.
//
// Terms are the vocabulary's words prefixed with termWord, and its "key:word"
// loanword terms prefixed with termLoan. They are kept in two files:
//   - kb-vocab, the main file: an FST of every term (vellum, as Bleve keeps
//     its dictionaries), sealed with a checksum, written whole by a rebuild
//     and when the delta is folded into it;
//   - kb-vocab-delta: the terms added since, appended in records sealed one
//     by one, as the journal is (journal.go).
//
// The store may hold words no note has any more (an edit or a removal never
// takes one out; a rebuild does): Lookup checks each word it offers against
// the index. It must never lack a word the index has, or that word would be
// lost to typo correction for good: an update appends a batch's new terms,
// and syncs them, before Bleve takes the batch; a rebuild writes the main
// file before the manifest, without which the index is not trusted.
//
// The delta names the generation of the main file it follows. Folding writes
// the new main file (a new generation) first, then starts a new delta: a
// delta of an older generation is already in the main file and is ignored.

const (
	vocabMagic      = "kb-vocab\x00"
	vocabDeltaMagic = "kb-vocab-delta\x00"

	termWord = 'w' // a Hangul word, for CloseHangul
	termLoan = 'l' // "key:word", for Loanwords
)

var errNoVocab = errors.New("the word list is missing or damaged")

// vocabStore is the store as read.
type vocabStore struct {
	gen   uint64
	fst   *vellum.FST // nil when it holds no term
	size  int64       // of the main file
	delta []string    // the delta's terms, sorted, distinct
	added map[string]struct{}
	valid int64       // bytes of the delta up to its last whole record; 0: none that follows
	dInfo os.FileInfo // of the delta when read
}

// openVocab reads the store. A missing or damaged main file is errNoVocab;
// a damaged delta record ends the delta there (a record cut short by a
// crash was written before its batch reached Bleve, so nothing lost).
func openVocab(lay kb.Layout) (*vocabStore, error) {
	data, err := os.ReadFile(lay.Vocabulary())
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, errNoVocab
		}
		return nil, err
	}
	body, err := fsutil.Unseal(vocabMagic, data)
	if err != nil {
		return nil, errNoVocab
	}
	r := &reader{s: string(body)}
	if int(r.uvarint()) != SchemaVersion {
		return nil, errNoVocab
	}
	v := &vocabStore{gen: r.u64(), size: int64(len(data)), added: map[string]struct{}{}}
	if r.err != nil {
		return nil, errNoVocab
	}
	if fstData := body[len(body)-len(r.s):]; len(fstData) > 0 {
		if v.fst, err = vellum.Load(fstData); err != nil {
			return nil, errNoVocab
		}
	}
	v.readDelta(lay.VocabularyDelta())
	return v, nil
}

func (v *vocabStore) readDelta(path string) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return
	}
	data, err := readAll(f, fi)
	if err != nil {
		return
	}
	v.dInfo = fi
	s := string(data)
	r := &reader{s: s}
	if r.bytes(uint64(len(vocabDeltaMagic))) != vocabDeltaMagic || int(r.uvarint()) != SchemaVersion {
		return
	}
	gen := r.u64()
	head := len(s) - len(r.s)
	if sum := r.bytes(4); r.err != nil || gen != v.gen || binary.LittleEndian.Uint32([]byte(sum)) != crc32.ChecksumIEEE([]byte(s[:head])) {
		return
	}
	v.valid = int64(len(s) - len(r.s))
	for len(r.s) >= 8 {
		n := binary.LittleEndian.Uint32([]byte(r.s[:4]))
		sum := binary.LittleEndian.Uint32([]byte(r.s[4:8]))
		if uint64(n) > uint64(len(r.s)-8) || crc32.ChecksumIEEE([]byte(r.s[8:8+n])) != sum {
			break // cut short or damaged
		}
		for t := range strings.SplitSeq(r.s[8:8+n], "\n") {
			if t != "" {
				v.delta = append(v.delta, t)
			}
		}
		r.s = r.s[8+n:]
		v.valid += 8 + int64(n)
	}
	slices.Sort(v.delta)
	v.delta = slices.Compact(v.delta)
}

// has reports whether the store holds term.
func (v *vocabStore) has(term string) bool {
	if _, ok := v.added[term]; ok {
		return true
	}
	if _, ok := slices.BinarySearch(v.delta, term); ok {
		return true
	}
	if v.fst == nil {
		return false
	}
	ok, err := v.fst.Contains([]byte(term))
	return ok && err == nil
}

// scan calls fn, in order, with each term from lo (inclusive) to hi
// (exclusive) of the store as read and of more (sorted), until fn returns
// false. v may be nil: more's only.
func (v *vocabStore) scan(lo, hi string, more []string, fn func(term string) bool) {
	var extra []string // the delta's and more's terms in range, merged
	if v != nil {
		extra = inRange(v.delta, lo, hi)
	}
	if m := inRange(more, lo, hi); len(m) > 0 {
		extra = slices.Compact(slices.Sorted(slices.Values(append(slices.Clip(extra), m...))))
	}
	var it *vellum.FSTIterator
	var err error = vellum.ErrIteratorDone
	if v != nil && v.fst != nil {
		it, err = v.fst.Iterator([]byte(lo), []byte(hi))
	}
	for err == nil {
		k, _ := it.Current()
		t := string(k)
		for len(extra) > 0 && extra[0] <= t {
			if extra[0] < t && !fn(extra[0]) {
				return
			}
			extra = extra[1:]
		}
		if !fn(t) {
			return
		}
		err = it.Next()
	}
	for _, t := range extra {
		if !fn(t) {
			return
		}
	}
}

// inRange is the part of sorted from lo (inclusive) to hi (exclusive).
func inRange(sorted []string, lo, hi string) []string {
	i, _ := slices.BinarySearch(sorted, lo)
	j, _ := slices.BinarySearch(sorted, hi)
	return sorted[i:max(i, j)]
}

// appendDelta adds terms (not in the store) to the delta and syncs it: the
// caller then hands Bleve the notes that hold them.
func (v *vocabStore) appendDelta(lay kb.Layout, terms []string) error {
	if len(terms) == 0 {
		return nil
	}
	payload := []byte(strings.Join(terms, "\n"))
	rec := binary.LittleEndian.AppendUint32(nil, uint32(len(payload)))
	rec = binary.LittleEndian.AppendUint32(rec, crc32.ChecksumIEEE(payload))
	rec = append(rec, payload...)
	path := lay.VocabularyDelta()
	if v.valid == 0 {
		data := append(vocabDeltaHeader(v.gen), rec...)
		if err := fsutil.WriteFileAtomic(path, data, 0o644); err != nil {
			return err
		}
		v.valid = int64(len(data))
	} else {
		f, err := os.OpenFile(path, os.O_RDWR|fsutil.NoFollow, 0)
		if err != nil {
			return err
		}
		err = func() error {
			if v.dInfo != nil && v.dInfo.Size() != v.valid {
				// A record cut short by a crash would hide those after it.
				if err := f.Truncate(v.valid); err != nil {
					return err
				}
			}
			if _, err := f.WriteAt(rec, v.valid); err != nil {
				return err
			}
			return f.Sync()
		}()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		v.valid += int64(len(rec))
	}
	v.dInfo, _ = os.Lstat(path)
	for _, t := range terms {
		v.added[t] = struct{}{}
	}
	return nil
}

func vocabDeltaHeader(gen uint64) []byte {
	e := &encoder{b: []byte(vocabDeltaMagic)}
	e.uvarint(SchemaVersion)
	e.u64(gen)
	return binary.LittleEndian.AppendUint32(e.b, crc32.ChecksumIEEE(e.b))
}

// foldDue reports whether the delta has grown enough to be folded into the
// main file: past a quarter of it, and past 64 KB (below which reading it
// costs next to nothing).
func (v *vocabStore) foldDue() bool {
	return v.valid > max(minCompact, v.size/4)
}

// fold writes a main file holding every term of the store, then removes
// the delta, which the new generation no longer follows anyway.
func (v *vocabStore) fold(lay kb.Layout) error {
	var terms []string
	v.scan("", "\xff", nil, func(t string) bool {
		terms = append(terms, t)
		return true
	})
	for t := range v.added {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	terms = slices.Compact(terms)
	nv, err := writeVocab(lay, v.gen+1, terms)
	if err != nil {
		return err
	}
	*v = *nv
	return nil
}

// writeVocab writes terms, sorted and distinct, as the main file of
// generation gen, with an empty delta, and returns the store as written.
func writeVocab(lay kb.Layout, gen uint64, terms []string) (*vocabStore, error) {
	e := &encoder{}
	e.uvarint(SchemaVersion)
	e.u64(gen)
	buf := bytes.NewBuffer(e.b)
	b, err := vellum.New(buf, nil)
	if err != nil {
		return nil, err
	}
	for _, t := range terms {
		if err := b.Insert([]byte(t), 0); err != nil {
			return nil, err
		}
	}
	if err := b.Close(); err != nil {
		return nil, err
	}
	data := fsutil.Seal(vocabMagic, buf.Bytes())
	if err := fsutil.WriteFileAtomic(lay.Vocabulary(), data, 0o644); err != nil {
		return nil, err
	}
	if err := os.Remove(lay.VocabularyDelta()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	v := &vocabStore{gen: gen, size: int64(len(data)), added: map[string]struct{}{}}
	body := data[len(vocabMagic) : len(data)-4]
	if fstData := body[len(e.b):]; len(terms) > 0 {
		if v.fst, err = vellum.Load(fstData); err != nil {
			return nil, err
		}
	}
	return v, nil
}
