package catalog

import (
	"errors"
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
// without regard to case, so they are shown lower-cased. The counts come
// from the term dictionary; a facet, which visits every note, is the way
// when the index cannot answer directly.
func Tags(ix *index.Index) ([]TagCount, error) {
	counts, err := ix.TermCounts(index.FieldTags)
	if errors.Is(err, index.ErrUseSearch) {
		counts, _, err = facet(ix, nil, index.FieldTags, 1<<20)
	}
	if err != nil {
		return nil, err
	}
	var out []TagCount
	for t, n := range counts {
		out = append(out, TagCount{Tag: t, Count: n})
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

// TypeCounts counts the notes per type ("" for notes without one), without
// loading any note; tags narrow it like kb list --tag.
func TypeCounts(ix *index.Index, tags []string) (map[string]int, error) {
	var (
		out   map[string]int
		total int
		err   error
	)
	if len(tags) == 0 {
		if out, err = ix.TermCounts(index.FieldType); err == nil {
			total = ix.Count()
		}
	}
	if len(tags) > 0 || errors.Is(err, index.ErrUseSearch) {
		out, total, err = facet(ix, tags, index.FieldType, 1000)
	}
	if err != nil {
		return nil, err
	}
	typed := 0
	for _, n := range out {
		typed += n
	}
	if rest := total - typed; rest > 0 {
		out[""] += rest
	}
	return out, nil
}

// facet counts the notes with each of the field's first size terms among
// the notes with every one of tags, and how many notes those are.
func facet(ix *index.Index, tags []string, field string, size int) (map[string]int, int, error) {
	req := bleve.NewSearchRequestOptions(Filter{Tags: tags}.Query(), 0, 0, false)
	req.AddFacet(field, bleve.NewFacetRequest(field, size))
	res, err := ix.Search(req)
	if err != nil {
		return nil, 0, err
	}
	out := map[string]int{}
	if f := res.Facets[field]; f != nil && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			out[t.Term] = t.Count
		}
	}
	return out, int(res.Total), nil
}
