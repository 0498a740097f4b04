package index

import (
	"crypto/sha256"
	"errors"
	"path"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"

	"github.com/kb-cli/kb/internal/cards"
	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/notes"
)

// batchSize bounds memory while indexing. Larger batches make fewer segments
// for Bleve to merge: 10k notes index in 3.5 s at 2500, 4.9 s at 1000.
const batchSize = 2500

// update brings the index and the manifest up to date by the changes found
// against them, as plan.go describes: decide, parse, apply. rebuilt says the
// index was just created.
func (ix *Index) update(c changes, rebuilt bool) (Stats, error) {
	if len(c.changed) > batchSize {
		// Bulk indexing allocates heavily; collecting less often saves ~15%.
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	st := Stats{Rebuilt: rebuilt, Unchanged: c.unchanged}
	return ix.apply(newPlanner(ix.st.m, c.removed), c, ix.parse(c.changed), st)
}

// result is what a worker made of one changed file.
type result struct {
	file     notes.File
	hash     [16]byte
	note     *notes.Note
	cards    []cards.Card
	warn     []string
	skip     string // reason the file is not indexed
	tooLarge bool
	err      error // could not read it
}

// parse reads and parses files on every core and sends the results, in no
// particular order, until all are done.
func (ix *Index) parse(files []notes.File) <-chan result {
	results := make(chan result)
	jobs := make(chan notes.File)
	var wg sync.WaitGroup
	for i := 0; i < min(runtime.GOMAXPROCS(0), max(len(files), 1)); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				results <- ix.load(f)
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
// batches as results come, then the manifest's records (store.go). It
// returns the counts.
func (ix *Index) apply(p *planner, c changes, results <-chan result, st Stats) (Stats, error) {
	var warns []string
	var recs []record
	batch := ix.bi.NewBatch()
	flush := func() error {
		if batch.Size() == 0 {
			return nil
		}
		err := ix.bi.Batch(batch)
		batch = ix.bi.NewBatch() // Reset would race with Bleve still reading the old one
		return err
	}
	var batchErr error
	done, total := 0, len(c.changed)
	for r := range results {
		done++
		if ix.opts.Progress != nil {
			ix.opts.Progress(done, total)
		}
		if batchErr != nil {
			continue // drain the workers
		}
		warns = append(warns, r.warn...)
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
			if err := batch.Index(r.file.Path, document(r.note, r.warn)); err != nil {
				batchErr = err
				continue
			}
		}
		recs = append(recs, record{change: change{put: a.entry}, title: r.note.Title, cards: encodeCards(r.cards)})
		if batch.Size() >= batchSize {
			batchErr = flush()
		}
	}
	if batchErr != nil {
		return st, batchErr
	}
	for _, e := range c.removed {
		if e.Skipped == "" {
			batch.Delete(e.Path)
		}
		recs = append(recs, record{change: change{del: true, key: e.Path}})
	}
	st.Removed = len(c.removed) - st.Renamed
	if err := flush(); err != nil {
		return st, err
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

func (ix *Index) load(f notes.File) result {
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
	return r
}

func document(n *notes.Note, warns []string) map[string]interface{} {
	tags := n.Tags
	if tags == nil {
		tags = []string{}
	}
	words, loans := vocabulary(n.Title, n.HeadingText, n.Body)
	doc := map[string]interface{}{
		FieldWords:    words,
		FieldLoan:     loans,
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
