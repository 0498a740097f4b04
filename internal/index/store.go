package index

import (
	"errors"
	"os"
	"slices"
	"strings"
)

// minCompact is the journal size below which it is never compacted: below
// it, reading the journal costs less than a millisecond.
var minCompact int64 = 64 << 10

// commit records what an update did to the notes, after the index has it:
// appended to the journal, or, when the journal would grow past half the
// manifest (or the index was rebuilt), folded with it into new base files.
func (ix *Index) commit(recs []record, rebuilt bool) error {
	var size int64
	for _, r := range recs {
		size += int64(len(encodeRecord(nil, r)))
	}
	limit := minCompact
	if ix.st.mInfo != nil {
		limit = max(limit, ix.st.mInfo.Size()/2)
	}
	var journaled int64 // a journal that does not follow the manifest is started anew
	if ix.st.j.follows(ix.st.m.Gen) {
		journaled = ix.st.j.size()
	}
	if !rebuilt && journaled+size <= limit {
		if err := ix.st.j.appendRecords(ix.journalPath(), ix.st.m.Gen, recs); err != nil {
			return err
		}
		ix.st.m.apply(changesOf(recs))
		return nil
	}
	return ix.compact(recs, rebuilt)
}

// compact writes new base files holding the old ones, the journal and recs,
// then empties the journal: cards and titles first, the manifest after
// them, as their generations require (journal.go). A card or title base
// that is missing or damaged is left out rather than written without its
// notes: kb then rebuilds the index (cards) or lists it (titles) when it
// needs them.
func (ix *Index) compact(recs []record, rebuilt bool) error {
	m := ix.st.m
	gen := m.Gen + 1
	pending := &journal{valid: 1, records: recs} // follows any generation

	var blobs []noteCards
	var titles []Title
	var cerr, terr error
	if !rebuilt {
		blobs, cerr = ix.cardBlobs()
		titles, terr = ix.readTitles()
	}
	switch {
	case cerr == nil:
		blobs = overlay(blobs, pending, gen, func(r record) string { return r.cards })
		if err := writeCardBase(ix.cardsPath(), gen, blobs); err != nil {
			return err
		}
	case errors.Is(cerr, errNoCards): // missing or damaged
		if err := os.Remove(ix.cardsPath()); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	default:
		return cerr
	}
	if terr == nil {
		if err := writeTitleBase(ix.titlesPath(), gen, overlayTitles(titles, recs)); err != nil {
			return err
		}
	} else if err := os.Remove(ix.titlesPath()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	// A failure from here on leaves base files newer than the manifest,
	// which they may be: the notes of recs are read again next time.

	m.apply(changesOf(recs))
	m.Gen = gen
	if err := m.save(ix.manifestPath()); err != nil {
		return err
	}
	fi, err := os.Stat(ix.manifestPath())
	if err != nil {
		return err
	}
	j, err := startJournal(ix.journalPath(), gen)
	if err != nil {
		return err
	}
	ix.st.mInfo, ix.st.j = fi, j
	return nil
}

func changesOf(recs []record) []change {
	out := make([]change, len(recs))
	for i, r := range recs {
		out[i] = r.change
	}
	return out
}

// overlayTitles applies records, in order, to titles in titleOrder.
func overlayTitles(base []Title, recs []record) []Title {
	if len(recs) == 0 {
		return base
	}
	last := make(map[string]record, len(recs))
	for _, r := range recs {
		last[r.path()] = r
	}
	type keyed struct {
		key string
		t   Title
	}
	var add []keyed
	for p, r := range last {
		if !r.del && r.put.Skipped == "" {
			add = append(add, keyed{TitleKey(r.title), Title{p, r.title}})
		}
	}
	order := func(a, b keyed) int { return cmp2(a.key, b.key, a.t.Path, b.t.Path) }
	slices.SortFunc(add, order)
	kept := make([]Title, 0, len(base))
	for _, t := range base {
		if _, changed := last[t.Path]; !changed {
			kept = append(kept, t)
		}
	}
	out := make([]Title, 0, len(kept)+len(add))
	if len(add) > len(kept)/16 {
		// Many: merge, computing each kept title's key once.
		i := 0
		for _, t := range kept {
			k := TitleKey(t.Title)
			for i < len(add) && cmp2(add[i].key, k, add[i].t.Path, t.Path) < 0 {
				out = append(out, add[i].t)
				i++
			}
			out = append(out, t)
		}
		for ; i < len(add); i++ {
			out = append(out, add[i].t)
		}
		return out
	}
	// Few: find each one's place by binary search.
	from := 0
	for _, a := range add {
		i, _ := slices.BinarySearchFunc(kept[from:], a, func(t Title, a keyed) int {
			return cmp2(TitleKey(t.Title), a.key, t.Path, a.t.Path)
		})
		out = append(out, kept[from:from+i]...)
		out = append(out, a.t)
		from += i
	}
	return append(out, kept[from:]...)
}

// cmp2 orders by a pair of strings.
func cmp2(a1, b1, a2, b2 string) int {
	if c := strings.Compare(a1, b1); c != 0 {
		return c
	}
	return strings.Compare(a2, b2)
}
