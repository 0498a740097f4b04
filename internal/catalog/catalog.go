// Package catalog answers what the knowledge base holds, without a query:
// the notes (kb list, completion, the picker's first screen), tag and type
// counts (kb tags, kb stats) and the note a NOTE argument names (kb show,
// edit, tag, mv, rm). Search ranks notes by their text; the catalog lists
// them by their metadata, with the same filters.
package catalog

import (
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"golang.org/x/text/unicode/norm"

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

// Filter narrows the catalog: notes with every one of Tags and, when set,
// of Type. kb search applies the same filters with its query.
type Filter struct {
	Tags []string
	Type string
}

// Query is the index query for the notes that pass the filter.
func (f Filter) Query() query.Query {
	var must []query.Query
	for _, t := range f.Tags {
		must = append(must, Keyword(index.FieldTags, t))
	}
	if f.Type != "" {
		must = append(must, Keyword(index.FieldType, f.Type))
	}
	if len(must) == 0 {
		return bleve.NewMatchAllQuery()
	}
	return bleve.NewConjunctionQuery(must...)
}

// Keyword matches a tag or type as the index's keyword analyzer stored it:
// NFC and lower-cased, so #Docker and #docker are one tag.
func Keyword(field, value string) query.Query {
	tq := bleve.NewTermQuery(strings.ToLower(norm.NFC.String(value)))
	tq.SetField(field)
	return tq
}
