package catalog

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/kb-cli/kb/internal/index"
)

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
// (title: A to Z); Reverse flips the order. Ties fall back to the file's
// time, then the path: notes kb add made in the same second (created has
// whole seconds) stay in the order they were made, and the order is stable.
func List(ix *index.Index, opts ListOptions) ([]NoteInfo, error) {
	if !slices.Contains(SortKeys, opts.Sort) && opts.Sort != "" {
		return nil, fmt.Errorf("unknown sort %q", opts.Sort)
	}
	filter := Filter{Tags: opts.Tags, Type: opts.Type}
	if _, err := ix.Refresh(); err != nil { // first: the count sizes the slice
		return nil, err
	}
	recs := make([]index.Listing, 0, ix.Count())
	err := ix.Listings(filter.Query(), func(r index.Listing) { recs = append(recs, r) })
	if errors.Is(err, index.ErrUseSearch) {
		return listStored(ix, filter, opts)
	}
	if err != nil {
		return nil, err
	}
	order := sortListings(recs, opts.Sort, opts.Reverse)
	if opts.Limit > 0 && opts.Limit < len(order) {
		order = order[:opts.Limit]
	}
	out := make([]NoteInfo, len(order))
	for k, i := range order {
		r := &recs[i]
		out[k] = NoteInfo{Path: r.Path, Title: r.Title, Type: r.Type, Tags: r.Tags,
			Created: seconds(r.Created), Modified: seconds(r.Modified)}
	}
	return out, nil
}

// seconds is a time as the index's stored fields give it back: whole seconds.
func seconds(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.Truncate(time.Second)
}

// sortListings gives the order of listings (their indexes) as Bleve sorts the
// same keys: a missing time or title comes last either way; paths compare as
// the keyword field holds them, lower-cased.
func sortListings(recs []index.Listing, by string, reverse bool) []int {
	dir := 1
	if reverse {
		dir = -1
	}
	newest := func(a, b time.Time) int { // newest first, missing last
		switch {
		case a.IsZero() || b.IsZero():
			return cmp.Compare(zeroLast(a), zeroLast(b))
		}
		return -dir * a.Compare(b)
	}
	var keys []string
	if by == "title" {
		keys = make([]string, len(recs))
		for i := range recs {
			keys[i] = index.TitleKey(recs[i].Title)
		}
	}
	idx := make([]int, len(recs))
	for i := range idx {
		idx[i] = i
	}
	paths := make([]string, len(recs))
	for i := range recs {
		paths[i] = strings.ToLower(recs[i].Path)
	}
	slices.SortFunc(idx, func(i, j int) int {
		a, b := &recs[i], &recs[j]
		c := 0
		switch by {
		case "", "created":
			if c = newest(a.Created, b.Created); c == 0 {
				c = newest(a.Modified, b.Modified)
			}
		case "modified":
			c = newest(a.Modified, b.Modified)
		case "title":
			ka, kb := keys[i], keys[j]
			if ka == "" || kb == "" {
				c = cmp.Compare(emptyLast(ka), emptyLast(kb))
			} else {
				c = dir * strings.Compare(ka, kb)
			}
		}
		if c == 0 {
			c = strings.Compare(paths[i], paths[j])
		}
		if c == 0 {
			c = strings.Compare(a.Path, b.Path)
		}
		return c
	})
	return idx
}

func zeroLast(t time.Time) int {
	if t.IsZero() {
		return 1
	}
	return 0
}

func emptyLast(s string) int {
	if s == "" {
		return 1
	}
	return 0
}

// listStored lists from the stored fields, for an index answered from two
// places (a disk kb cannot write): slower, since it reads every note's text.
func listStored(ix *index.Index, filter Filter, opts ListOptions) ([]NoteInfo, error) {
	order := "-" + index.FieldCreated
	switch opts.Sort {
	case "modified":
		order = "-" + index.FieldModified
	case "title":
		order = index.FieldTitleKey
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
	req := bleve.NewSearchRequestOptions(filter.Query(), size, 0, false)
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
		Path:     index.StoredString(d.Fields[index.FieldPath]),
		Title:    index.StoredString(d.Fields[index.FieldTitle]),
		Type:     index.StoredString(d.Fields[index.FieldType]),
		Tags:     index.StoredStrings(d.Fields[index.FieldTags]),
		Created:  date(d.Fields[index.FieldCreated]),
		Modified: date(d.Fields[index.FieldModified]),
	}
}

func date(v any) time.Time {
	t, _ := time.Parse(time.RFC3339, index.StoredString(v))
	return t
}
