package index

import (
	"context"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Phrase matches text as a phrase in field: its terms (as the text analyzer
// makes them) at consecutive positions. A Korean word is a phrase of
// bigrams, so most of a search on one is checking phrases.
//
// Bleve's phrase searcher builds a map of every candidate note's term
// locations before it compares positions; on a word in thousands of notes
// that is most of the search. When the text is a plain chain of distinct
// terms, one at each position (쿠버 버네 네티 티스), the positions are
// compared in place instead, with the same matches, scores and locations;
// anything else is Bleve's MatchPhraseQuery.
func Phrase(field, text string, boost float64) query.Query {
	var terms []string
	for i, t := range analysisMapping().AnalyzerNamed(TextAnalyzer).Analyze([]byte(text)) {
		term := string(t.Term)
		if t.Position != i+1 || slices.Contains(terms, term) {
			terms = nil // same position twice, a gap, or a term twice
			break
		}
		terms = append(terms, term)
	}
	if len(terms) < 2 {
		p := bleve.NewMatchPhraseQuery(text)
		p.SetField(field)
		p.Analyzer = TextAnalyzer
		p.SetBoost(boost)
		return p
	}
	return &chainQuery{field: field, terms: terms, boost: boost}
}

// chainQuery is a phrase of distinct terms, one at each position.
type chainQuery struct {
	field string
	terms []string
	boost float64
}

// Searcher builds what Bleve's MultiPhraseQuery builds for the same terms
// (term searchers with positions, their conjunction, its query norm), with
// the position check of chainSearcher on top.
func (q *chainQuery) Searcher(ctx context.Context, r bindex.IndexReader, _ mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	opts.IncludeTermVectors = true
	var ts []search.Searcher
	closeAll := func() {
		for _, s := range ts {
			_ = s.Close()
		}
	}
	for _, t := range q.terms {
		s, err := searcher.NewTermSearcher(ctx, r, t, q.field, q.boost, opts)
		if err != nil {
			closeAll()
			return nil, err
		}
		ts = append(ts, s)
	}
	must, err := searcher.NewConjunctionSearcher(ctx, r, ts, opts)
	if err != nil {
		closeAll()
		return nil, err
	}
	must.SetQueryNorm(1 / math.Sqrt(must.Weight()))
	return &chainSearcher{must: must, terms: q.terms}, nil
}

// chainSearcher keeps the conjunction's matches whose terms follow each
// other, with the locations of each occurrence of the phrase, as Bleve's
// PhraseSearcher does.
type chainSearcher struct {
	must   search.Searcher
	terms  []string
	pulled bindex.IndexInternalID // the last document the conjunction gave
	done   bool                   // the conjunction has no more
	// reused from match to match:
	locs [][]*search.FieldTermLocation // each term's locations
	path []*search.FieldTermLocation   // an occurrence being followed
	next []int                         // per term, the first location not passed yet
	out  []search.FieldTermLocation    // the occurrences found
}

func (s *chainSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		d, err := s.must.Next(ctx)
		if d, err := s.keep(ctx, d, err); d != nil || err != nil {
			return d, err
		}
		if s.done {
			return nil, nil
		}
	}
}

// Advance goes on from where the conjunction is when it is already at or
// past id, as Bleve's phrase searcher does: advancing a term reader to a
// document behind it starts it over.
func (s *chainSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	if s.pulled != nil && s.pulled.Compare(id) >= 0 {
		return s.Next(ctx)
	}
	d, err := s.must.Advance(ctx, id)
	if d, err := s.keep(ctx, d, err); d != nil || err != nil || s.done {
		return d, err
	}
	return s.Next(ctx)
}

// keep takes a match of the conjunction: d if its terms are in sequence,
// else nil (and d goes back to the pool).
func (s *chainSearcher) keep(ctx *search.SearchContext, d *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	if err != nil {
		return nil, err
	}
	if d == nil {
		s.done = true
		return nil, nil
	}
	s.pulled = append(s.pulled[:0], d.IndexInternalID...)
	if s.check(d) {
		return d, nil
	}
	ctx.DocumentMatchPool.Put(d)
	return nil, nil
}

// check reports whether the terms occur in sequence in d, and leaves in d
// the locations of every occurrence, in the order of the first term's.
func (s *chainSearcher) check(d *search.DocumentMatch) bool {
	if s.locs == nil {
		s.locs = make([][]*search.FieldTermLocation, len(s.terms))
	}
	for i := range s.locs {
		s.locs[i] = s.locs[i][:0]
	}
	sorted := true // each term's locations by position, as the postings list them
	for i := range d.FieldTermLocations {
		ftl := &d.FieldTermLocations[i]
		if k := slices.Index(s.terms, ftl.Term); k >= 0 {
			if n := len(s.locs[k]); n > 0 && !before(s.locs[k][n-1].Location, ftl.Location) {
				sorted = false
			}
			s.locs[k] = append(s.locs[k], ftl)
		}
	}
	if len(s.path) != len(s.terms) {
		s.path = make([]*search.FieldTermLocation, len(s.terms))
		s.next = make([]int, len(s.terms))
	}
	clear(s.next)
	s.out = s.out[:0]
	for _, first := range s.locs[0] {
		s.path[0] = first
		ok := true
		for k := 1; k < len(s.terms) && ok; k++ {
			prev := s.path[k-1].Location
			// The occurrences are followed in order of position, so each
			// term's locations are read once, not once per occurrence.
			j := 0
			if sorted {
				j = s.next[k]
				for j < len(s.locs[k]) && before(s.locs[k][j].Location, search.Location{Pos: prev.Pos + 1, ArrayPositions: prev.ArrayPositions}) {
					j++
				}
				s.next[k] = j
			}
			ok = false
			for ; j < len(s.locs[k]); j++ {
				l := s.locs[k][j]
				if l.Location.Pos == prev.Pos+1 && search.ArrayPositions(l.Location.ArrayPositions).Equals(prev.ArrayPositions) {
					s.path[k], ok = l, true
					break
				}
				if sorted && l.Location.Pos > prev.Pos+1 {
					break
				}
			}
		}
		if ok {
			for _, l := range s.path {
				loc := l.Location
				if len(loc.ArrayPositions) > 0 {
					loc.ArrayPositions = slices.Clone(loc.ArrayPositions)
				}
				s.out = append(s.out, search.FieldTermLocation{Field: l.Field, Term: l.Term, Location: loc})
			}
		}
	}
	// The path pointed into d's locations; they are done with.
	d.FieldTermLocations = append(d.FieldTermLocations[:0], s.out...)
	d.Locations = nil
	return len(s.out) > 0
}

// before orders locations as the postings list them: by array position,
// then position.
func before(a, b search.Location) bool {
	if c := search.ArrayPositions(a.ArrayPositions).Compare(b.ArrayPositions); c != 0 {
		return c < 0
	}
	return a.Pos < b.Pos
}

func (s *chainSearcher) Weight() float64            { return s.must.Weight() }
func (s *chainSearcher) SetQueryNorm(qnorm float64) { s.must.SetQueryNorm(qnorm) }
func (s *chainSearcher) Count() uint64              { return s.must.Count() }
func (s *chainSearcher) Min() int                   { return 0 }
func (s *chainSearcher) Close() error               { return s.must.Close() }
func (s *chainSearcher) Size() int                  { return s.must.Size() }
func (s *chainSearcher) DocumentMatchPoolSize() int { return s.must.DocumentMatchPoolSize() + 1 }
