package search

import (
	"math"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/notes"
)

// linkWeight is how much the notes linking to a hit raise it: its score is
// multiplied by 1 + linkWeight·log2(1 + links), 1.05 for one link, 1.10 for
// three, 1.15 for seven. Enough to order notes that match about equally
// well, not to lift a poor match over a good one.
const linkWeight = 0.05

// boostLinked reorders hits a little towards notes that many notes link to,
// full matches and partial ones each among themselves. One facet query
// counts the links to all of them; a link is counted by the keys it could
// name the note with, which is close enough for ranking.
func boostLinked(ix *index.Index, hits []Hit) []Hit {
	if len(hits) < 2 {
		return hits
	}
	keysOf := make([][]string, len(hits))
	var qs []query.Query
	seen := map[string]bool{}
	for i, h := range hits {
		keysOf[i] = notes.NoteKeys(h.Path, h.Title)
		for _, k := range keysOf[i] {
			if !seen[k] {
				seen[k] = true
				tq := bleve.NewTermQuery(k)
				tq.SetField(index.FieldLinkKeys)
				qs = append(qs, tq)
			}
		}
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(qs...), 0, 0, false)
	req.AddFacet("in", bleve.NewFacetRequest(index.FieldLinkKeys, len(seen)+1))
	res, err := ix.Search(req)
	if err != nil || res.Facets["in"] == nil || res.Facets["in"].Terms == nil {
		return hits // ranking without links is still a ranking
	}
	count := map[string]int{}
	for _, t := range res.Facets["in"].Terms.Terms() {
		count[t.Term] = t.Count
	}
	for i := range hits {
		n, counted := 0, map[string]bool{}
		for _, k := range keysOf[i] {
			if !counted[k] {
				counted[k] = true
				n += count[k]
			}
		}
		hits[i].Score *= 1 + linkWeight*math.Log2(1+float64(n))
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Partial != hits[j].Partial {
			return !hits[i].Partial
		}
		return hits[i].Score > hits[j].Score
	})
	return hits
}

// within narrows a query to the notes at paths (kb search --linked-from);
// nil leaves it as it is.
func within(q query.Query, paths []string) query.Query {
	if paths == nil {
		return q
	}
	return bleve.NewConjunctionQuery(q, bleve.NewDocIDQuery(paths))
}
