package search

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/kb-cli/kb/internal/editdist"
	"github.com/kb-cli/kb/internal/index"
)

// Options narrow and size a search.
type Options struct {
	Tags     []string // every one must be on the note
	Type     string
	Limit    int
	Synonyms *Synonyms // nil: words match only as typed (and their variants)
	Within   []string  // only these notes (paths), when not nil
}

// Result is what a search found.
type Result struct {
	Hits []Hit
	// Partial counts the hits, at the end, that match only some of the query's
	// words: ranked retrieval for questions, where a note lacking one word may
	// still answer it.
	Partial int
	// Unmatched are the query's words that are in no note, with nothing
	// close to them: the hits match the other words.
	Unmatched []string
	// Fuzzy is true when some query word is in no note and the hits match
	// words close to it: a typo away, or the same loanword in the other script.
	Fuzzy bool
	// Suggestions are dictionary terms close to query words, when nothing
	// matched at all ("did you mean").
	Suggestions []string
	// Total is how many notes matched, of which Hits are the first: "10 of
	// 70". With partial matches it counts those too.
	Total int
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
	Partial bool     `json:"partial,omitempty"` // matches only some of the words
	Marks   []Span   `json:"-"`                 // byte ranges of Snippet to highlight
}

// Span is a byte range [Start, End).
type Span struct{ Start, End int }

// Run searches the index. Options add to the query: Tags and Type as filters.
// Notes that match every word of the query come first; if there are fewer
// than the limit, notes that match at least half of its words follow, marked
// partial.
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
	lk, err := ix.Lookup()
	if err != nil {
		return Result{}, err
	}
	defer lk.Close()
	hl := &[]string{}
	b := builder{syn: opts.Synonyms, lk: lk, seen: hl, count: func(q query.Query) uint64 {
		res, err := ix.Search(bleve.NewSearchRequestOptions(q, 0, 0, false))
		if err != nil {
			return 1 // cannot tell: take the word as present
		}
		return res.Total
	}}
	units := b.units(&full)
	var res Result
	for _, u := range units {
		res.Fuzzy = res.Fuzzy || u.close
		if u.unmatched != "" {
			res.Unmatched = append(res.Unmatched, u.unmatched)
		}
	}
	words := append(q.positiveText(), *hl...)
	hits, total, err := b.run(ix, within(b.query(&full, units, false), opts.Within), opts.Limit, words)
	if err != nil {
		return Result{}, err
	}
	res.Total = total
	if len(hits) < opts.Limit && partialWorthIt(units) {
		more, total, err := b.run(ix, within(b.query(&full, units, true), opts.Within), opts.Limit, words)
		if err != nil {
			return Result{}, err
		}
		res.Total = max(res.Total, total)
		have := map[string]bool{}
		for _, h := range hits {
			have[h.Path] = true
		}
		for _, h := range more {
			if len(hits) < opts.Limit && !have[h.Path] {
				h.Partial = true
				hits = append(hits, h)
				res.Partial++
			}
		}
	}
	res.Hits = boostLinked(ix, hits)
	res.Total = max(res.Total, len(hits))
	if len(hits) == 0 {
		res.Fuzzy, res.Unmatched = false, nil
		res.Suggestions = suggest(&full, opts.Synonyms)
	}
	return res, nil
}

// partialWorthIt: a query of one content word (plus filters) has nothing to
// relax.
func partialWorthIt(units []unit) bool {
	n := 0
	for _, u := range units {
		if !u.generic && !u.strict {
			n++
		}
	}
	return n >= 2
}

// hitFields are the stored fields a hit is made of.
var hitFields = []string{index.FieldTitle, index.FieldPath, index.FieldTags, index.FieldType,
	index.FieldBody, index.FieldHeadings, index.FieldCode}

func (b builder) run(ix *index.Index, bq query.Query, limit int, words []string) ([]Hit, int, error) {
	top, total, err := ix.Top(bq, limit, hitFields)
	if err != nil {
		return nil, 0, fmt.Errorf("search failed: %w", err)
	}
	hl := newHighlighter(words)
	hits := make([]Hit, 0, len(top))
	for _, d := range top {
		hits = append(hits, toHit(d, hl))
	}
	return hits, total, nil
}

// suggest offers dictionary terms a small edit away from the query's words.
func suggest(q *Query, syn *Synonyms) []string {
	if syn == nil {
		return nil
	}
	var out, terms []string
	var keys [][]rune // the keys of terms
	seen := map[string]bool{}
	for _, w := range q.positiveText() {
		wk := synKey(w)
		// Only Latin words: a typo there is a missed letter; a Korean word kb
		// does not find is not a misspelling of a dictionary term.
		if len(wk) < 3 || !isLatin(wk) || syn.has(wk) {
			continue
		}
		if terms == nil {
			syn.eachTerm(func(t, k string) {
				terms = append(terms, t)
				keys = append(keys, []rune(k))
			})
		}
		// The closest term within max(1, len/3) edits; Within rejects the
		// many terms of another length without filling a table (thousands of
		// terms, and a query may have thousands of words).
		rw := []rune(wk)
		limit := max(1, len(rw)/3)
		best, bestD := "", 3
		for i, k := range keys {
			if d, ok := editdist.Within(rw, k, min(bestD-1, limit)); ok {
				best, bestD = terms[i], d
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
		Path:  index.StoredString(d.Fields[index.FieldPath]),
		Title: index.StoredString(d.Fields[index.FieldTitle]),
		Type:  index.StoredString(d.Fields[index.FieldType]),
		Tags:  index.StoredStrings(d.Fields[index.FieldTags]),
		Score: d.Score,
	}
	if h.Path == "" {
		h.Path = d.ID
	}
	h.Line, h.Snippet, h.Marks = hl.snippet(d)
	return h
}
