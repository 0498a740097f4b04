package index

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"unsafe"

	"github.com/kb-cli/kb/internal/cards"
	"github.com/kb-cli/kb/internal/fsutil"
)

// The cards of every note are found while indexing (the note is parsed then
// anyway) and kept beside the manifest, so quiz commands start without
// parsing 10k notes: each note's cards in its journal record (journal.go),
// and all of them in the card base (kb-cards) when the journal is compacted.
// Like the index it is a cache: written before the manifest, it is never
// older than the manifest says.

// cardsMagic names the card base's format; the file is sealed with a checksum.
const cardsMagic = "kb-cards\x00"

var errNoCards = errors.New("the card cache is missing")

// cardsDamaged is an errNoCards that says what is wrong with the file.
type cardsDamaged string

func (e cardsDamaged) Error() string        { return string(e) }
func (e cardsDamaged) Is(target error) bool { return target == errNoCards }

// noteCards is one note's cards, encoded.
type noteCards struct{ path, blob string }

// readCardBase reads the card base: every note's encoded cards, by path, as
// of generation gen.
func readCardBase(path string) (out []noteCards, gen uint64, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, errNoCards
	}
	if err != nil {
		return nil, 0, err
	}
	body, err := fsutil.Unseal(cardsMagic, data)
	if err != nil {
		return nil, 0, cardsDamaged("the card cache is damaged (" + err.Error() + ")")
	}
	// The cards' strings are cut from the file as read, not from a copy of
	// it (34 MB at 100k notes): nothing writes to data after this.
	r := &reader{s: unsafe.String(unsafe.SliceData(body), len(body))}
	if int(r.uvarint()) != SchemaVersion {
		return nil, 0, cardsDamaged("the card cache is damaged (unreadable or outdated)")
	}
	gen = r.u64()
	n := r.count()
	out = make([]noteCards, 0, n)
	for i := 0; i < n && r.err == nil; i++ {
		out = append(out, noteCards{r.str(), r.str()})
	}
	if r.err != nil || len(r.s) != 0 {
		return nil, 0, cardsDamaged("the card cache is damaged (unreadable or outdated)")
	}
	return out, gen, nil
}

func writeCardBase(path string, gen uint64, byNote []noteCards) error {
	size := 0
	for _, c := range byNote {
		size += len(c.path) + len(c.blob) + 8
	}
	e := &encoder{b: make([]byte, 0, size+32)}
	e.uvarint(SchemaVersion)
	e.u64(gen)
	e.uvarint(uint64(len(byNote)))
	for _, c := range byNote {
		e.str(c.path)
		e.str(c.blob)
	}
	return fsutil.WriteFileAtomic(path, fsutil.Seal(cardsMagic, e.b), 0o644)
}

// cardBlobs are the encoded cards of every note that has any, by path: the
// card base with the journal applied.
func (ix *Index) cardBlobs() ([]noteCards, error) {
	base, gen, err := readCardBase(ix.cardsPath())
	if err != nil {
		return nil, err
	}
	if gen < ix.st.m.Gen {
		return nil, cardsDamaged("the card cache is damaged (older than the manifest)")
	}
	return overlay(base, ix.st.j, ix.st.m.Gen, func(r record) string { return r.cards }), nil
}

// overlay applies the journal, if it follows generation gen, to a base of
// per-note values sorted by path; value gives a record's value, "" for none.
func overlay(base []noteCards, j *journal, gen uint64, value func(record) string) []noteCards {
	if !j.follows(gen) || len(j.records) == 0 {
		return base
	}
	last := make(map[string]record, len(j.records))
	for _, r := range j.records {
		last[r.path()] = r
	}
	var add []noteCards
	for p, r := range last {
		if v := value(r); !r.del && v != "" {
			add = append(add, noteCards{p, v})
		}
	}
	slices.SortFunc(add, func(a, b noteCards) int { return strings.Compare(a.path, b.path) })
	out := make([]noteCards, 0, len(base)+len(add))
	for _, c := range base {
		if _, changed := last[c.path]; changed {
			continue
		}
		for len(add) > 0 && add[0].path < c.path {
			out = append(out, add[0])
			add = add[1:]
		}
		out = append(out, c)
	}
	return append(out, add...)
}

// Cards returns every card in the knowledge base, by path and line, after
// bringing the index up to date.
func (ix *Index) Cards() ([]cards.Card, error) {
	if _, err := ix.Refresh(); err != nil {
		return nil, err
	}
	if ix.ro != nil {
		return sortCards(ix.ro.cards), nil
	}
	blobs, err := ix.cardBlobs()
	if errors.Is(err, errNoCards) && ix.Count() > 0 {
		ix.opts.Warn(err.Error() + "; rebuilding the index from the notes")
		if err := ix.rebuild(); err != nil {
			return nil, err
		}
		if ix.ro != nil { // a read-only disk: the notes were read anew
			return sortCards(ix.ro.cards), nil
		}
		blobs, err = ix.cardBlobs()
	}
	if err != nil && !errors.Is(err, errNoCards) {
		return nil, fmt.Errorf("reading the card cache: %w", err)
	}
	// One slice for every card, sized from each note's count up front, and
	// the cards' headings and tags cut from shared blocks: a quiz command
	// loads 10k cards at every start.
	total := 0
	for _, b := range blobs {
		r := reader{s: b.blob}
		total += r.count()
	}
	var out []cards.Card
	if total > 0 {
		out = make([]cards.Card, 0, total)
	}
	var d cardDecoder
	for _, b := range blobs {
		if out, err = d.decode(out, b.blob); err != nil {
			return nil, fmt.Errorf("reading the card cache: %s: %w", b.path, err)
		}
	}
	if d.unsorted {
		slices.SortStableFunc(out, cardOrder)
	}
	return out, nil
}

// cardsByNote are every note's cards: what a reader that cannot write
// answers from (readonly.go).
func (ix *Index) cardsByNote() (map[string][]cards.Card, error) {
	blobs, err := ix.cardBlobs()
	out := make(map[string][]cards.Card, len(blobs))
	if err != nil {
		return out, err
	}
	for _, b := range blobs {
		cs, err := decodeCards(b.blob)
		if err != nil {
			return map[string][]cards.Card{}, cardsDamaged("the card cache is damaged (unreadable or outdated)")
		}
		out[b.path] = cs
	}
	return out, nil
}

func cardOrder(a, b cards.Card) int {
	return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line))
}

// sortCards lists the cards of every note by path and line.
func sortCards(byNote map[string][]cards.Card) []cards.Card {
	var out []cards.Card
	for _, cs := range byNote {
		out = append(out, cs...)
	}
	slices.SortStableFunc(out, cardOrder)
	return out
}

// encodeCards packs a note's cards for the journal and the card base; no
// cards is "".
func encodeCards(cs []cards.Card) string {
	if len(cs) == 0 {
		return ""
	}
	e := &encoder{}
	e.uvarint(uint64(len(cs)))
	strs := func(ss []string) {
		e.uvarint(uint64(len(ss)))
		for _, s := range ss {
			e.str(s)
		}
	}
	for _, c := range cs {
		e.str(c.ID)
		e.str(c.Kind)
		e.str(c.Path)
		e.uvarint(uint64(c.Line))
		e.str(c.Title)
		strs(c.Context)
		e.str(c.Question)
		e.str(c.Answer)
		e.str(c.Deck)
		strs(c.Tags)
	}
	return string(e.b)
}

func decodeCards(blob string) ([]cards.Card, error) {
	var d cardDecoder
	return d.decode(nil, blob)
}

// cardDecoder decodes notes' cards, cutting their string lists from blocks
// it shares between cards instead of allocating one list per card. It
// checks the order of the cards as it goes, while each is in the cache:
// unsorted says a card came before one it follows by path and line.
type cardDecoder struct {
	block    []string
	last     *cards.Card
	unsorted bool
}

// decode appends the cards packed in blob to out.
func (d *cardDecoder) decode(out []cards.Card, blob string) ([]cards.Card, error) {
	if blob == "" {
		return out, nil
	}
	r := &reader{s: blob}
	strs := func() []string {
		n := r.count()
		if n == 0 {
			return nil
		}
		if n > len(d.block) {
			d.block = make([]string, max(n, 1024))
		}
		ss := d.block[:n:n] // full: an append to it cannot reach the next card's
		d.block = d.block[n:]
		for i := range ss {
			ss[i] = r.str()
		}
		return ss
	}
	start := len(out)
	n := r.count()
	out = slices.Grow(out, n)[:start+n]
	for i := start; i < len(out); i++ {
		c := &out[i]
		c.ID, c.Kind, c.Path = r.str(), r.str(), r.str()
		c.Line = int(r.uvarint())
		c.Title = r.str()
		c.Context = strs()
		c.Question, c.Answer, c.Deck = r.str(), r.str(), r.str()
		c.Tags = strs()
		if d.last != nil && (d.last.Path > c.Path || d.last.Path == c.Path && d.last.Line > c.Line) {
			d.unsorted = true
		}
		d.last = c
	}
	if r.err != nil || len(r.s) != 0 {
		return out[:start], errors.New("cards cut short")
	}
	return out, nil
}
