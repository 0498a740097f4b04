package catalog

import (
	"sort"

	"github.com/blevesearch/bleve/v2"

	"github.com/kb-cli/kb/internal/index"
)

// TagCount is a tag and how many notes carry it.
type TagCount struct {
	Tag   string `json:"tag"`
	Count int    `json:"count"`
}

// Tags counts the notes per tag, most used first (ties A to Z). Tags compare
// without regard to case, so they are shown lower-cased.
func Tags(ix *index.Index) ([]TagCount, error) {
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 0, 0, false)
	req.AddFacet("tags", bleve.NewFacetRequest(index.FieldTags, 1<<20))
	res, err := ix.Search(req)
	if err != nil {
		return nil, err
	}
	var out []TagCount
	if f := res.Facets["tags"]; f != nil && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			out = append(out, TagCount{Tag: t.Term, Count: t.Count})
		}
	}
	sortTags(out)
	return out, nil
}

func sortTags(t []TagCount) {
	sort.Slice(t, func(i, j int) bool {
		if t[i].Count != t[j].Count {
			return t[i].Count > t[j].Count
		}
		return t[i].Tag < t[j].Tag
	})
}

// TypeCounts counts the notes per type ("" for notes without one) with a
// facet, without loading any note; tags narrow it like kb list --tag.
func TypeCounts(ix *index.Index, tags []string) (map[string]int, error) {
	req := bleve.NewSearchRequestOptions(Filter{Tags: tags}.Query(), 0, 0, false)
	req.AddFacet("type", bleve.NewFacetRequest(index.FieldType, 1000))
	res, err := ix.Search(req)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	typed := 0
	if f := res.Facets["type"]; f != nil && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			out[t.Term] = t.Count
			typed += t.Count
		}
	}
	if rest := int(res.Total) - typed; rest > 0 {
		out[""] += rest
	}
	return out, nil
}
