package catalog

import (
	"fmt"
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
// (title: A to Z); Reverse flips the order.
func List(ix *index.Index, opts ListOptions) ([]NoteInfo, error) {
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
	req := bleve.NewSearchRequestOptions(Filter{Tags: opts.Tags, Type: opts.Type}.Query(), size, 0, false)
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

func str(v interface{}) string {
	s, _ := v.(string)
	return s
}

// strs reads a stored list field; Bleve returns a lone value as a plain string.
func strs(v interface{}) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []interface{}:
		out := make([]string, 0, len(v))
		for _, x := range v {
			out = append(out, str(x))
		}
		return out
	}
	return []string{}
}
