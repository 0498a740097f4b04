package search

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/kb-cli/kb/internal/editdist"
	"github.com/kb-cli/kb/internal/index"
)

// Options narrow and size a search.
type Options struct {
	Tags     []string // every one must be on the note
	Type     string
	Limit    int
	Synonyms *Synonyms // nil: words match only as typed (and their variants)
}

// Result is what a search found.
type Result struct {
	Hits []Hit
	// Fuzzy is true when nothing matched exactly and the hits match Latin
	// words a typo away from the query's.
	Fuzzy bool
	// Suggestions are dictionary terms close to query words, when nothing
	// matched at all ("did you mean").
	Suggestions []string
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
// When nothing matches, Latin words are tried again with typos allowed.
func Run(ix *index.Index, q *Query, opts Options) (Result, error) {
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
	b := builder{syn: opts.Synonyms}
	hits, err := b.run(ix, &full, opts.Limit)
	if err != nil || len(hits) > 0 {
		return Result{Hits: hits}, err
	}
	b.fuzzy = true
	if hits, err = b.run(ix, &full, opts.Limit); err != nil || len(hits) > 0 {
		return Result{Hits: hits, Fuzzy: len(hits) > 0}, err
	}
	return Result{Hits: []Hit{}, Suggestions: suggest(&full, opts.Synonyms)}, nil
}

func (b builder) run(ix *index.Index, q *Query, limit int) ([]Hit, error) {
	req := bleve.NewSearchRequestOptions(b.bleveQuery(q), limit, 0, false)
	// Equal scores fall back to the path: Bleve would order them by internal
	// document numbers, which depend on the order notes were indexed in.
	req.SortBy([]string{"-_score", index.FieldPath})
	req.Fields = []string{index.FieldTitle, index.FieldPath, index.FieldTags, index.FieldType,
		index.FieldBody, index.FieldHeadings, index.FieldCode}
	req.IncludeLocations = true
	res, err := ix.Search(req)
	if err != nil {
		return nil, fmt.Errorf("search failed: %w", err)
	}
	hl := newHighlighter(b.highlightWords(q))
	hits := make([]Hit, 0, len(res.Hits))
	for _, d := range res.Hits {
		hits = append(hits, toHit(d, hl))
	}
	return hits, nil
}

// highlightWords are the query's words and every form they may have matched.
func (b builder) highlightWords(q *Query) []string {
	words := q.positiveText()
	for _, w := range append([]string(nil), words...) {
		words = append(words, b.syn.Lookup(w)...)
		words = append(words, strings.Fields(strings.Join(splits(w), " "))...)
	}
	return words
}

// suggest offers dictionary terms a small edit away from the query's words.
func suggest(q *Query, syn *Synonyms) []string {
	if syn == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, w := range q.positiveText() {
		wk := synKey(w)
		// Only Latin words: a typo there is a missed letter; a Korean word kb
		// does not find is not a misspelling of a dictionary term.
		if len(wk) < 3 || len(syn.byKey[wk]) > 0 || !isLatin(wk) {
			continue
		}
		best, bestD := "", 3
		for _, g := range syn.groups {
			for _, t := range g {
				if d := editdist.Distance(wk, synKey(t)); d < bestD && d <= max(1, len([]rune(wk))/3) {
					best, bestD = t, d
				}
			}
		}
		if best != "" && !seen[best] {
			seen[best] = true
			out = append(out, best)
		}
	}
	return out
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
