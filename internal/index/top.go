package index

import (
	"container/heap"
	"context"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Top returns the n notes that match q best, best first, with the stored
// fields named and their term locations (for snippets), and how many notes
// match in all. Equal scores are ordered by path: Bleve would order them by
// its internal document numbers, which depend on the order notes were
// indexed in.
//
// Asking Bleve to sort on the path reads the path of every match; on a word
// in thousands of notes that was a tenth of the search. Here a path is read
// only to break a tie with the notes on the page, which few matches ever
// are; fields are read for the page alone.
func (ix *Index) Top(q query.Query, n int, fields []string) (top []*search.DocumentMatch, total int, err error) {
	req := bleve.NewSearchRequestOptions(q, max(n, 1), 0, false)
	req.Fields = fields
	req.IncludeLocations = true
	err = ix.answer(func() (err error) {
		if ix.ro != nil {
			// The stale index and the one in memory number their documents
			// each their own way: Bleve sorts, as it always did.
			req.SortBy([]string{"-_score", FieldPath})
			var res *bleve.SearchResult
			if res, err = ix.ro.search(ix.bi, req); err == nil {
				top, total = res.Hits, int(res.Total)
			}
			return err
		}
		top, total, err = topOf(ix.bi, req, n)
		return err
	})
	return top, total, err
}

// topOf collects the page through Bleve's hook for custom collection.
func topOf(bi bleve.Index, req *bleve.SearchRequest, n int) ([]*search.DocumentMatch, int, error) {
	var top []*search.DocumentMatch
	handler := func(sctx *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
		p := &pageHeap{r: sctx.IndexReader}
		return func(d *search.DocumentMatch) error {
			if d == nil { // the end; the reader is still open
				var err error
				top, err = p.finish(req)
				return err
			}
			if p.err != nil {
				return p.err
			}
			if n <= 0 {
				sctx.DocumentMatchPool.Put(d)
				return nil
			}
			switch {
			case p.Len() < n:
				heap.Push(p, &candidate{d: d})
			case d.Score < p.items[0].d.Score:
				sctx.DocumentMatchPool.Put(d) // most matches, once the page is full
			default:
				if c := (&candidate{d: d}); p.better(c, p.items[0]) {
					sctx.DocumentMatchPool.Put(p.items[0].d)
					p.items[0] = c
					heap.Fix(p, 0)
				} else {
					sctx.DocumentMatchPool.Put(d)
				}
			}
			return p.err
		}, false, nil
	}
	ctx := context.WithValue(context.Background(), search.MakeDocumentMatchHandlerKey,
		search.MakeDocumentMatchHandler(handler))
	res, err := bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, err
	}
	return top, int(res.Total), nil
}

// candidate is a match that may be on the page.
type candidate struct {
	d     *search.DocumentMatch
	key   string // the path, lower-cased as the path field's doc values hold it
	keyed bool   // key was read
}

// pageHeap holds the best matches so far, the worst on top.
type pageHeap struct {
	items []*candidate
	r     bindex.IndexReader
	dv    bindex.DocValueReader // opened on the first tie
	err   error
}

// better orders matches as a page lists them: by score, then by path, then
// as indexed.
func (p *pageHeap) better(a, b *candidate) bool {
	if a.d.Score != b.d.Score {
		return a.d.Score > b.d.Score
	}
	if c := strings.Compare(p.key(a), p.key(b)); c != 0 {
		return c < 0
	}
	return a.d.IndexInternalID.Compare(b.d.IndexInternalID) < 0
}

func (p *pageHeap) key(c *candidate) string {
	if c.keyed || p.err != nil {
		return c.key
	}
	if p.dv == nil {
		if p.dv, p.err = p.r.DocValueReader([]string{FieldPath}); p.err != nil {
			return ""
		}
	}
	c.keyed = true
	p.err = p.dv.VisitDocValues(c.d.IndexInternalID, func(_ string, term []byte) { c.key = string(term) })
	return c.key
}

func (p *pageHeap) Len() int           { return len(p.items) }
func (p *pageHeap) Less(i, j int) bool { return p.better(p.items[j], p.items[i]) }
func (p *pageHeap) Swap(i, j int)      { p.items[i], p.items[j] = p.items[j], p.items[i] }
func (p *pageHeap) Push(x any)         { p.items = append(p.items, x.(*candidate)) }
func (p *pageHeap) Pop() any {
	c := p.items[len(p.items)-1]
	p.items = p.items[:len(p.items)-1]
	return c
}

// finish orders the page best first and completes each match as Bleve
// would: its ID, term locations and stored fields.
func (p *pageHeap) finish(req *bleve.SearchRequest) ([]*search.DocumentMatch, error) {
	if p.err != nil {
		return nil, p.err
	}
	slices.SortFunc(p.items, func(a, b *candidate) int {
		if p.better(a, b) {
			return -1
		}
		return 1 // no two matches are equal
	})
	out := make([]*search.DocumentMatch, 0, len(p.items))
	for _, c := range p.items {
		d := c.d
		id, err := p.r.ExternalID(d.IndexInternalID)
		if err != nil {
			return nil, err
		}
		d.ID = id
		d.Complete(nil)
		if err, _ := bleve.LoadAndHighlightFields(d, req, "", p.r, nil); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, p.err
}
