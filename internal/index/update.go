package index

import (
	"crypto/sha256"
	"errors"
	"path"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"golang.org/x/text/unicode/norm"

	"github.com/kb-cli/kb/internal/cards"
	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/notes"
)

// batchSize bounds memory while indexing: Bleve holds about 200 KB per note
// of a batch while it analyses the batch and builds its segment. 500 keeps a
// build of 10k notes near 300 MB where 2500 took 1-2 GB, for the same CPU
// time once the garbage collector is held to a memory limit (buildMemory).
const batchSize = 500

// batchBytes ends a batch early when its notes are large (Bleve's measure
// of the mapped notes, about 7 KB for a note of 1.5 KB, 3.5 MB for 500 such):
// memory follows the text, not the number of notes.
const batchBytes = 8 << 20

// buildMemory is the soft memory limit while many notes are indexed, with
// the collector otherwise off: it then runs only when the heap nears the
// limit, seldom while it is small. Collecting at every doubling instead
// (GOGC=100) cost 4-6 s of the 10k build; at GOGC=400 the heap grew to 2 GB.
// The cards, titles and manifest of every note stay in memory till the end,
// about 1 KB a note, hence the part per note. Peak RSS is the limit plus the
// index files Bleve maps while it merges (260 MiB at 100k notes), so the
// limit is set for the peaks, 250 MiB at 10k notes and 500 at 100k,
// at some CPU: on 10k notes 180 MiB gave 223-227 MiB peak for about 5% more
// CPU than 240 MiB (288-290 MiB peak); on 100k, 228 MiB gave 478 MiB peak
// for about 10% more CPU than 404 MiB (660-676 MiB).
func buildMemory(notes int) int64 {
	return max(180<<20, 130<<20+int64(notes)<<10)
}

// beforeBatch, when set by a test, runs as each batch goes to Bleve.
var beforeBatch func()

// update brings the index and the manifest up to date by the changes found
// against them, as plan.go describes: decide, parse, apply. rebuilt says the
// index was just created.
func (ix *Index) update(c changes, rebuilt bool) (Stats, error) {
	if len(c.changed) > batchSize {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(buildMemory(len(c.changed) + c.unchanged)))
		defer debug.SetGCPercent(debug.SetGCPercent(-1))
	}
	st := Stats{Rebuilt: rebuilt, Unchanged: c.unchanged}
	return ix.apply(newPlanner(ix.st.m, c.removed), c, ix.parse(c.changed), st)
}

// result is what a worker made of one changed file.
type result struct {
	file     notes.File
	hash     [16]byte
	note     *notes.Note
	doc      *document.Document // note mapped to Bleve's fields, in the worker
	cards    []cards.Card
	terms    []string // vocabulary terms (vocabstore.go), those new to the worker
	warn     []string
	skip     string // reason the file is not indexed
	tooLarge bool
	err      error // could not read it
	mapErr   error // Bleve would not take it
}

// parse reads and parses files on every core and sends the results, in no
// particular order, until all are done.
func (ix *Index) parse(files []notes.File) <-chan result {
	im := ix.bi.Mapping()
	results := make(chan result)
	jobs := make(chan notes.File)
	var wg sync.WaitGroup
	for i := 0; i < min(runtime.GOMAXPROCS(0), max(len(files), 1)); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := newVocab()
			for f := range jobs {
				results <- ix.load(f, im, v)
			}
		}()
	}
	go func() {
		for _, f := range files {
			jobs <- f
		}
		close(jobs)
		wg.Wait()
		close(results)
	}()
	return results
}

// apply is the one place an update writes: documents to the index in
// batches as results come, then the manifest's records (store.go). The
// words of the notes go to the vocabulary store first: an update appends
// each batch's new ones before Bleve has the batch, a rebuild writes them
// all before the manifest (vocabstore.go). It returns the counts.
func (ix *Index) apply(p *planner, c changes, results <-chan result, st Stats) (Stats, error) {
	var warns []string
	var recs []record
	var allTerms []string          // a rebuild's
	var newTerms []string          // an update's, not yet in the store
	inNew := map[string]struct{}{} // newTerms as a set
	vs := ix.vocab
	if st.Rebuilt {
		vs = nil
	} else if vs == nil {
		return st, errNoVocab // write opens it before an update
	}
	batch := ix.bi.NewBatch()
	done, total := 0, len(c.changed)
	var progress func(int)
	if ix.opts.Progress != nil {
		progress = func(written int) { ix.opts.Progress(written, total) }
	}
	// The bar counts notes on disk, so it ends when the index is written.
	fl := newFlusher(ix.bi, progress)
	pending := 0 // notes read since the last batch went to Bleve
	flush := func() error {
		if vs != nil && len(newTerms) > 0 {
			if err := vs.appendDelta(ix.lay, newTerms); err != nil {
				return err
			}
			newTerms = newTerms[:0]
			clear(inNew)
		}
		if beforeBatch != nil {
			beforeBatch()
		}
		fl.add(batch, pending)
		pending = 0
		batch = ix.bi.NewBatch() // Reset would race with Bleve still reading the old one
		return fl.err()
	}
	var batchErr error
	for r := range results {
		done++
		pending++
		if batchErr != nil {
			continue // drain the workers
		}
		warns = append(warns, r.warn...)
		if vs == nil {
			allTerms = append(allTerms, r.terms...)
		} else {
			for _, t := range r.terms {
				if _, ok := inNew[t]; !ok && !vs.has(t) {
					inNew[t] = struct{}{}
					newTerms = append(newTerms, t)
				}
			}
		}
		a := p.decide(r)
		switch a.kind {
		case keep:
			continue // an unreadable file is not a deleted one
		case skip:
			st.Skipped++
			if a.unindex {
				batch.Delete(r.file.Path)
			}
			recs = append(recs, record{change: change{put: a.entry}})
			continue
		case touch:
			st.Unchanged++
		case add:
			st.Added++
		case update:
			st.Updated++
		case rename:
			st.Renamed++
		}
		if a.kind != touch {
			if r.mapErr != nil {
				batchErr = r.mapErr
				continue
			}
			if err := batch.IndexAdvanced(r.doc); err != nil {
				batchErr = err
				continue
			}
		}
		recs = append(recs, record{change: change{put: a.entry}, title: r.note.Title, cards: encodeCards(r.cards)})
		if batch.Size() >= batchSize || batch.TotalDocsSize() >= batchBytes {
			batchErr = flush()
		}
	}
	if batchErr != nil {
		fl.wait()
		return st, batchErr
	}
	for _, e := range c.removed {
		if e.Skipped == "" {
			batch.Delete(e.Path)
		}
		recs = append(recs, record{change: change{del: true, key: e.Path}})
	}
	st.Removed = len(c.removed) - st.Renamed
	ferr := flush()
	if err := fl.wait(); err != nil {
		return st, err
	}
	if ferr != nil {
		return st, ferr
	}
	switch {
	case st.Rebuilt:
		slices.Sort(allTerms)
		vs, err := writeVocab(ix.lay, newGen(), slices.Compact(allTerms))
		if err != nil {
			return st, err
		}
		ix.vocab = vs
	case vs.foldDue():
		// Not needed for correctness: the delta stays valid if this fails.
		_ = vs.fold(ix.lay)
	}
	sort.Strings(warns)
	for _, w := range warns {
		ix.opts.Warn(w)
	}
	if st.Rebuilt || len(recs) > 0 {
		if err := ix.commit(recs, st.Rebuilt); err != nil {
			return st, err
		}
	}
	st.Notes = ix.st.m.indexed()
	return st, nil
}

// load reads, parses and, given a mapping, maps one file.
// v, if not nil, is the worker's: terms it has made before are left out
// of r.terms.
func (ix *Index) load(f notes.File, im mapping.IndexMapping, v *vocab) result {
	r := result{file: f}
	data, err := notes.Read(ix.opts.Root, f, ix.opts.MaxFileSize)
	r.tooLarge = errors.Is(err, notes.ErrTooLarge)
	if errors.Is(err, notes.ErrSkipped) {
		r.skip = strings.TrimPrefix(err.Error(), notes.ErrSkipped.Error()+": ")
		r.warn = []string{f.Path + ": skipped: " + r.skip}
		return r
	}
	if err != nil {
		r.err = err
		r.warn = []string{f.Path + ": cannot read: " + fsutil.BareError(err)}
		return r
	}
	sum := sha256.Sum256(data)
	copy(r.hash[:], sum[:])
	n, ws := notes.Parse(f.Path, data, f.ModTime)
	r.note = n
	r.cards = cards.FromNote(n, data)
	for _, w := range ws {
		r.warn = append(r.warn, w.String())
	}
	if v == nil {
		v = newVocab()
	}
	r.terms = v.add(n.Title, n.HeadingText, n.Body)
	// Mapping is a good part of the work of indexing:
	// done here, it runs on every core instead of in the loop that batches.
	if im != nil {
		r.doc = document.NewDocument(f.Path)
		r.mapErr = im.MapDocument(r.doc, noteFields(n, r.warn))
	}
	return r
}

func noteFields(n *notes.Note, warns []string) map[string]any {
	tags := n.Tags
	if tags == nil {
		tags = []string{}
	}
	doc := map[string]any{
		FieldTitle:    n.Title,
		FieldTitleKey: TitleKey(n.Title),
		FieldHeadings: n.HeadingText,
		FieldBody:     n.Body,
		FieldCode:     n.Code,
		FieldTags:     tags,
		FieldType:     n.Type,
		FieldPath:     n.Path,
		FieldName:     strings.TrimSuffix(path.Base(n.Path), path.Ext(n.Path)),
		FieldCreated:  n.Created,
		FieldModified: n.Modified,
		FieldLinks:    encodeLinks(n.Links),
		FieldLinkKeys: linkKeys(n),
		FieldWarnings: strings.Join(warns, "\n"),
	}
	if r := encodeListing(n); r != "" {
		doc[FieldListing] = r
	}
	return doc
}

// TitleKey is how titles compare when a query is the whole title: NFC,
// case-folded, with white space collapsed.
func TitleKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(norm.NFC.String(s)), " "))
}
