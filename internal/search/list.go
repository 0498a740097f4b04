package search

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/kb-cli/kb/internal/index"
)

// NoteInfo is a note as kb list shows it.
type NoteInfo struct {
	Path     string    `json:"path"`
	Title    string    `json:"title"`
	Type     string    `json:"type"`
	Tags     []string  `json:"tags"`
	Created  time.Time `json:"created"`
	Modified time.Time `json:"modified"`
}

// ListOptions filter and order kb list.
type ListOptions struct {
	Tags    []string
	Type    string
	Sort    string // created (default), modified or title
	Reverse bool
	Limit   int // 0: all
}

// SortKeys are the orders kb list knows.
var SortKeys = []string{"created", "modified", "title"}

// List returns the notes that pass the filters, newest first by default
// (title: A to Z); Reverse flips the order.
func List(ix *index.Index, opts ListOptions) ([]NoteInfo, error) {
	q := &Query{}
	for _, t := range opts.Tags {
		q.Groups = append(q.Groups, []Term{{Kind: Tag, Value: t}})
	}
	if opts.Type != "" {
		q.Groups = append(q.Groups, []Term{{Kind: Type, Value: opts.Type}})
	}
	var order string
	switch opts.Sort {
	case "", "created":
		order = "-" + index.FieldCreated
	case "modified":
		order = "-" + index.FieldModified
	case "title":
		order = index.FieldTitleKey
	default:
		return nil, fmt.Errorf("unknown sort %q", opts.Sort)
	}
	if opts.Reverse {
		if order[0] == '-' {
			order = order[1:]
		} else {
			order = "-" + order
		}
	}
	// Refresh first: the number of notes sizes the request.
	if _, err := ix.Refresh(); err != nil {
		return nil, err
	}
	size := opts.Limit
	if size <= 0 || size > ix.Count() {
		size = ix.Count()
	}
	req := bleve.NewSearchRequestOptions(builder{}.all(q), size, 0, false)
	// Ties fall back to the file's time, then the path: notes kb add made in
	// the same second (created has whole seconds) stay in the order they were
	// made, and the order is stable.
	keys := []string{order, index.FieldPath}
	if strings.TrimPrefix(order, "-") == index.FieldCreated {
		tie := "-" + index.FieldModified
		if opts.Reverse {
			tie = index.FieldModified
		}
		keys = []string{order, tie, index.FieldPath}
	}
	req.SortBy(keys)
	req.Fields = []string{index.FieldTitle, index.FieldPath, index.FieldTags, index.FieldType,
		index.FieldCreated, index.FieldModified}
	res, err := ix.Search(req)
	if err != nil {
		return nil, err
	}
	out := make([]NoteInfo, 0, len(res.Hits))
	for _, d := range res.Hits {
		out = append(out, noteInfo(d))
	}
	return out, nil
}

func noteInfo(d *search.DocumentMatch) NoteInfo {
	return NoteInfo{
		Path:     str(d.Fields[index.FieldPath]),
		Title:    str(d.Fields[index.FieldTitle]),
		Type:     str(d.Fields[index.FieldType]),
		Tags:     strs(d.Fields[index.FieldTags]),
		Created:  date(d.Fields[index.FieldCreated]),
		Modified: date(d.Fields[index.FieldModified]),
	}
}

func date(v interface{}) time.Time {
	t, _ := time.Parse(time.RFC3339, str(v))
	return t
}

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
	q := &Query{}
	for _, t := range tags {
		q.Groups = append(q.Groups, []Term{{Kind: Tag, Value: t}})
	}
	req := bleve.NewSearchRequestOptions(builder{}.all(q), 0, 0, false)
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
