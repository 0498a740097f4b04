package search

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/kb-cli/kb/internal/index"
)

// Options narrow and size a search.
type Options struct {
	Tags  []string // every one must be on the note
	Type  string
	Limit int
}

// Hit is one note found.
type Hit struct {
	Path    string   `json:"path"`
	Title   string   `json:"title"`
	Score   float64  `json:"score"`
	Tags    []string `json:"tags"`
	Type    string   `json:"type"`
	Line    int      `json:"line"`
	Snippet string   `json:"snippet"`
	Marks   []Span   `json:"-"` // byte ranges of Snippet to highlight
}

// Span is a byte range [Start, End).
type Span struct{ Start, End int }

// Run searches the index. Options add to the query: Tags and Type as filters.
func Run(ix *index.Index, q *Query, opts Options) ([]Hit, error) {
	full := *q
	for _, t := range opts.Tags {
		full.Groups = append(full.Groups, []Term{{Kind: Tag, Value: t}})
	}
	if opts.Type != "" {
		full.Groups = append(full.Groups, []Term{{Kind: Type, Value: opts.Type}})
	}
	if opts.Limit <= 0 {
		opts.Limit = 10
	}
	req := bleve.NewSearchRequestOptions(full.bleveQuery(), opts.Limit, 0, false)
	req.Fields = []string{index.FieldTitle, index.FieldPath, index.FieldTags, index.FieldType,
		index.FieldBody, index.FieldHeadings, index.FieldCode}
	req.IncludeLocations = true
	res, err := ix.Search(req)
	if err != nil {
		return nil, fmt.Errorf("search failed: %w", err)
	}
	hl := newHighlighter(full.positiveText())
	hits := make([]Hit, 0, len(res.Hits))
	for _, d := range res.Hits {
		hits = append(hits, toHit(d, hl))
	}
	return hits, nil
}

func toHit(d *search.DocumentMatch, hl *highlighter) Hit {
	h := Hit{
		Path:  str(d.Fields[index.FieldPath]),
		Title: str(d.Fields[index.FieldTitle]),
		Type:  str(d.Fields[index.FieldType]),
		Tags:  strs(d.Fields[index.FieldTags]),
		Score: d.Score,
	}
	if h.Path == "" {
		h.Path = d.ID
	}
	h.Line, h.Snippet, h.Marks = hl.snippet(d)
	return h
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
