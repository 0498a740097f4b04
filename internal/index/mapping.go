package index

import (
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// SchemaVersion changes whenever the mapping, the stored fields, what the
// notes parser extracts or the files kept beside the index (manifest,
// journal, titles, cards) change; an index of another version is rebuilt
// from the notes. 12: loanword keys read soft g, -tion, -ture, w and h. 13:
// the journal beside the manifest. 14: kb's own token filter and
// vocabulary tokenizer (the same terms, made with fewer copies). 15: the
// note listing kb list reads (FieldListing). 16: the vocabulary in a store
// of its own (kb-vocab), not in two fields of every note.
const SchemaVersion = 16

// Analyzer names, registered in the mapping and used by queries.
const (
	TextAnalyzer    = "kb_text"
	KeywordAnalyzer = "kb_keyword"
	exactAnalyzer   = "kb_exact" // the whole value, byte for byte
)

// Fields of a note document.
const (
	FieldTitle    = "title"
	FieldTitleKey = "title_key" // the whole title, lower-cased: "the title is the query"
	FieldHeadings = "headings"
	FieldBody     = "body"
	FieldCode     = "code"
	FieldTags     = "tags"
	FieldType     = "type"
	FieldPath     = "path"
	FieldName     = "name" // the file name without .md, searchable as text
	FieldCreated  = "created"
	FieldModified = "modified"
	FieldLinks    = "links"     // the note's links, stored (DecodeLinks), not searchable
	FieldLinkKeys = "link_keys" // notes.Key of every note the links could name
	FieldWarnings = "warnings"  // what was wrong with the note, a line each, stored only
)

// TextFields are the analysed fields a word can match in.
var TextFields = []string{FieldTitle, FieldName, FieldHeadings, FieldBody, FieldCode}

func newMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	im.ScoringModel = index.BM25Scoring
	if err := im.AddCustomAnalyzer(TextAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     TokenizerName,
		"token_filters": []string{foldName},
	}); err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer(KeywordAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     single.Name,
		"token_filters": []string{lowercase.Name},
	}); err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer(exactAnalyzer, map[string]any{
		"type":      custom.Name,
		"tokenizer": single.Name,
	}); err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = TextAnalyzer
	im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic = false, false, false

	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = TextAnalyzer
		f.Store = true // snippets are cut from stored text
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	// Keyword fields keep doc values: kb list sorts by title_key, kb tags
	// counts tags with a facet.
	keyword := func(store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = KeywordAnalyzer
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = true
		return f
	}
	date := func() *mapping.FieldMapping {
		f := bleve.NewDateTimeFieldMapping()
		f.IncludeInAll = false
		f.Store = true
		f.DocValues = true // kb list sorts by created and modified
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(FieldTitle, text())
	doc.AddFieldMappingsAt(FieldTitleKey, keyword(false))
	name := text()
	name.Store = false // term vectors stay: phrase queries need them
	doc.AddFieldMappingsAt(FieldName, name)
	doc.AddFieldMappingsAt(FieldHeadings, text())
	doc.AddFieldMappingsAt(FieldBody, text())
	doc.AddFieldMappingsAt(FieldCode, text())
	doc.AddFieldMappingsAt(FieldTags, keyword(true))
	doc.AddFieldMappingsAt(FieldType, keyword(true))
	doc.AddFieldMappingsAt(FieldPath, keyword(true))
	stored := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index, f.Store = false, true
		f.IncludeTermVectors, f.IncludeInAll, f.DocValues = false, false, false
		return f
	}
	doc.AddFieldMappingsAt(FieldLinks, stored())
	doc.AddFieldMappingsAt(FieldWarnings, stored())
	doc.AddFieldMappingsAt(FieldLinkKeys, keyword(false))
	listing := keyword(false)
	listing.Analyzer = exactAnalyzer
	doc.AddFieldMappingsAt(FieldListing, listing)
	doc.AddFieldMappingsAt(FieldCreated, date())
	doc.AddFieldMappingsAt(FieldModified, date())
	im.DefaultMapping = doc
	return im, nil
}

// analysisMapping is built on first use: only fuzzy queries need it, and
// every kb command would otherwise pay for it at start-up.
var analysisMapping = sync.OnceValue(func() *mapping.IndexMappingImpl {
	m, err := newMapping()
	if err != nil {
		panic(err) // the mapping is fixed in code; tests build it
	}
	return m
})

// Terms are the index terms the text analyzer makes of s (lower-cased,
// stemmed, Hangul as bigrams), for queries that bypass phrase analysis.
func Terms(s string) []string {
	var out []string
	for _, t := range analysisMapping().AnalyzerNamed(TextAnalyzer).Analyze([]byte(s)) {
		out = append(out, string(t.Term))
	}
	return out
}

// StoredString reads a stored text field of a search hit ("" if absent).
func StoredString(v any) string {
	s, _ := v.(string)
	return s
}

// StoredStrings reads a stored list field of a search hit: Bleve returns a
// lone value as a plain string, several as a list.
func StoredStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			out = append(out, StoredString(x))
		}
		return out
	}
	return []string{}
}
