package index

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"syscall"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/kb-cli/kb/internal/cards"
	"github.com/kb-cli/kb/internal/notes"
)

// readOnly is what a reader answers from when the index cannot be written (a
// read-only disk), as git does: the index as it was, if it is whole, and the
// notes changed since, indexed in memory. Nothing is written.
type readOnly struct {
	mem   bleve.Index
	hide  []string                // stale documents of notes changed or removed since
	cards map[string][]cards.Card // every note's cards, the changed ones read anew
	count int                     // the notes answered from
	added int                     // documents in mem
	terms []string                // the vocabulary of the notes in mem, sorted (vocabstore.go)
}

// memPrefix starts the IDs of the memory documents, so that hiding a note's
// stale document never hides its new one: no path holds a NUL.
const memPrefix = "\x00"

// failExclusive, when set by a test, is the error taking the lock
// exclusively fails with: a read-only disk without needing one.
var failExclusive error

// answerReadOnly sets up the answers of a reader whose write failed with werr.
func (ix *Index) answerReadOnly(files []notes.File, werr error) (Stats, error) {
	if ix.ro != nil {
		ix.ro.mem.Close()
		ix.ro = nil
	}
	stale, err := ix.openStale()
	if err != nil {
		return Stats{}, err
	}
	byNote := map[string][]cards.Card{}
	if stale {
		c, cerr := ix.cardsByNote()
		if cerr == nil || errors.Is(cerr, errNoCards) && ix.st.m.indexed() == 0 {
			byNote = c
		} else {
			stale = false // without its cards it cannot answer cards
		}
	}
	if !stale {
		if ix.bi != nil {
			ix.bi.Close()
			ix.bi = nil
		}
		ix.st = &state{m: newManifest(), j: &journal{}}
	}
	m := ix.st.m
	im, err := newMapping()
	if err != nil {
		return Stats{}, err
	}
	// Scorch, as on disk (BM25 then runs on each index's own counts, so a
	// changed note may rank a little differently); no path keeps it in memory.
	mem, err := bleve.NewUsing("", im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return Stats{}, err
	}
	ro := &readOnly{mem: mem, cards: byNote}
	ix.ro = ro
	p := diff(files, m, ix.opts.MaxFileSize)
	batch := mem.NewBatch()
	var warns []string
	for _, r := range ix.loadAll(p.changed) {
		warns = append(warns, r.warn...)
		old, had := m.get(r.file.Path)
		inStale := had && old.Skipped == ""
		switch {
		case r.err != nil:
			continue // unreadable is not deleted: keep what the index had
		case inStale && r.skip == "" && old.Hash == r.hash:
			continue // touched, not changed
		}
		if inStale {
			ro.hide = append(ro.hide, r.file.Path)
		}
		delete(byNote, r.file.Path)
		if r.skip != "" {
			continue
		}
		if err := batch.Index(memPrefix+r.file.Path, noteFields(r.note, r.warn)); err != nil {
			return Stats{}, err
		}
		ro.added++
		ro.terms = append(ro.terms, r.terms...)
		if len(r.cards) > 0 {
			byNote[r.file.Path] = r.cards
		}
		if batch.Size() >= batchSize {
			if err := mem.Batch(batch); err != nil {
				return Stats{}, err
			}
			batch = mem.NewBatch()
		}
	}
	if err := mem.Batch(batch); err != nil {
		return Stats{}, err
	}
	slices.Sort(ro.terms)
	ro.terms = slices.Compact(ro.terms)
	for _, e := range p.removed {
		if e.Skipped == "" {
			ro.hide = append(ro.hide, e.Path)
		}
		delete(byNote, e.Path)
	}
	sort.Strings(warns)
	for _, w := range warns {
		ix.opts.Warn(w)
	}
	ro.count = m.indexed() - len(ro.hide) + ro.added

	why := "permission denied"
	var errno syscall.Errno
	if errors.As(werr, &errno) {
		why = errno.Error()
	}
	if stale {
		ix.opts.Warn(fmt.Sprintf("the index cannot be updated (%s): answering from it as it was and from the %d note(s) changed since, read anew",
			why, len(p.changed)+len(p.removed)))
	} else {
		ix.opts.Warn(fmt.Sprintf("the index cannot be built (%s): answering from the notes, read anew", why))
	}
	return Stats{Unchanged: p.unchanged, Notes: ro.count, Unwritable: why}, nil
}

// loadAll reads and parses files on every core, in no particular order.
func (ix *Index) loadAll(files []notes.File) []result {
	out := make([]result, len(files))
	done := make(chan struct{})
	next := make(chan int)
	workers := min(len(files), 8)
	for w := 0; w < workers; w++ {
		go func() {
			for i := range next {
				out[i] = ix.load(files[i], nil, nil)
			}
			done <- struct{}{}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	for w := 0; w < workers; w++ {
		<-done
	}
	return out
}

// search answers req from the stale index without the documents of notes
// changed or removed since, and from the memory index.
func (ro *readOnly) search(stale bleve.Index, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	if stale == nil {
		return ro.mem.Search(req)
	}
	r := *req
	if len(ro.hide) > 0 {
		r.Query = query.NewBooleanQuery([]query.Query{req.Query}, nil, []query.Query{query.NewDocIDQuery(ro.hide)})
	}
	return bleve.NewIndexAlias(stale, ro.mem).Search(&r)
}
