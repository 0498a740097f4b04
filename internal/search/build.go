package search

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"golang.org/x/text/unicode/norm"

	"github.com/kb-cli/kb/internal/catalog"
	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/korean"
)

// Field weights: a word in a title or heading says more about what a note is
// about than the same word in passing in its body.
var fieldBoost = map[string]float64{
	index.FieldTitle:    4,
	index.FieldName:     2,
	index.FieldHeadings: 2,
	index.FieldBody:     1,
	index.FieldCode:     1,
}

// Weights of the ways a query word can match, relative to the word as typed.
const (
	tagBoost        = 2  // a tag is a topic the author chose, like a heading
	exactTitleBoost = 50 // the whole title is the query

	maxTitleSynonyms = 8   // a term's other names looked for as a whole title
	stemWeight       = 0.9 // 세마포어와 matched as 세마포어
	verbWeight       = 0.8 // 줄이려면 matched as 줄인, 줄여
	synonymWeight    = 0.6 // k8s matched as 쿠버네티스: below an exact match
	loanWeight       = 0.5 // 이스티오 matched as Istio by sound
	nearWeight       = 0.5 // two query words next to each other in the note
	fuzzyWeight      = 0.3 // a rare word matched as a common one a letter away
	apartWeight      = 0.5 // a synonym's words apart in the note (응용 ... 계층)
	missingWeight    = 0.8 // 쿠버네테스, in no note, matched as 쿠버네티스
)

// builder turns a parsed query into an index query.
type builder struct {
	syn *Synonyms     // nil: no synonyms
	lk  *index.Lookup // nil: no look-ups in the index (every word is taken as present)
	// seen collects every form the query's words are looked for in, for
	// highlighting; nil when nobody asks.
	seen *[]string
	// count runs a query for its number of hits; nil: no counting.
	count func(query.Query) uint64
}

// unit is one part of the query: a word with its forms, a dictionary term
// spanning words, or an OR group.
type unit struct {
	q       query.Query
	generic bool // says what kind of answer is wanted, not what about, or is a verb form: helps, not required
	strict  bool // a filter (tag, type, title) or a quoted phrase: never relaxed
	// rank matches the unit where it says most (title, headings, tags), for
	// when it only helps the ranking: a generic or frequent word in the body
	// of thousands of notes costs phrase checks and says little.
	rank  query.Query
	near  []string // the forms of the words' text to look for side by side
	close bool     // matched only by close spellings (typo, loanword): say so
	// unmatched: the word is in no note and nothing stands in for it;
	// requiring it would leave nothing, so it only helps the ranking.
	unmatched string
	// titles are the other names of the unit's term (its synonyms): a note
	// whose whole title is one of them is about what a one-term query asks.
	titles []string
}

// query builds the index query. Every text term is a phrase query: the
// analyzer turns a Korean word into overlapping bigrams, and asking for them
// in sequence is what makes 쿠버네티스 match inside 쿠버네티스를 without
// matching notes that merely contain 쿠버 and 티스 somewhere.
//
// With partial false, a note must match every content unit (generic words
// only help the ranking). With partial true, it must match at least half of
// them: ranked retrieval for long questions, where a note that lacks one word
// of the question may still be the answer.
func (b builder) query(q *Query, units []unit, partial bool) query.Query {
	bq := bleve.NewBooleanQuery()
	content := 0
	for _, u := range units {
		if !u.generic && !u.strict {
			content++
		}
	}
	allGeneric := content == 0
	if allGeneric {
		content = 0 // only generic words: they are the query
		for _, u := range units {
			if !u.strict {
				content++
			}
		}
	}
	if partial && content > 0 {
		var should []query.Query
		for _, u := range units {
			if !u.strict && (!u.generic || allGeneric) {
				should = append(should, u.q)
			}
		}
		d := bleve.NewDisjunctionQuery(should...)
		d.SetMin(float64((content + 1) / 2))
		bq.AddMust(d)
	}
	for _, u := range units {
		switch {
		case u.strict:
			bq.AddMust(u.q)
		case u.generic && !allGeneric:
			if u.rank != nil {
				bq.AddShould(u.rank) // helps the ranking; not required
			}
		case !partial:
			bq.AddMust(u.q)
		}
	}
	// Words side by side in the note, as in the query: a note about 메모리
	// 누수 ranks above one that says 메모리 here and 누수 there.
	for i := 0; i+1 < len(units); i++ {
		if len(units[i].near) > 0 && len(units[i+1].near) > 0 {
			bq.AddShould(textPhrase(units[i].near[0]+" "+units[i+1].near[len(units[i+1].near)-1], nearWeight))
		}
	}
	for _, t := range q.Exclude {
		bq.AddMustNot(b.termQuery(t, false))
	}
	if len(units) == 0 {
		bq.AddMust(bleve.NewMatchAllQuery())
	}
	if key := q.textKey(); key != "" {
		tq := bleve.NewTermQuery(key)
		tq.SetField(index.FieldTitleKey)
		tq.SetBoost(exactTitleBoost)
		bq.AddShould(tq)
	}
	if len(units) == 1 {
		for _, t := range units[0].titles[:min(len(units[0].titles), maxTitleSynonyms)] {
			tq := bleve.NewTermQuery(index.TitleKey(t))
			tq.SetField(index.FieldTitleKey)
			tq.SetBoost(exactTitleBoost * synonymWeight)
			bq.AddShould(tq)
		}
	}
	return bq
}

// units are the query's parts. Runs of plain words that form a term of the
// dictionary ("garbage collection", "가비지 컬렉션") become one unit that
// also matches the term's synonyms.
func (b builder) units(q *Query) []unit {
	var out []unit
	for i := 0; i < len(q.Groups); i++ {
		g := q.Groups[i]
		if b.syn != nil {
			if n, u, ok := b.span(q.Groups[i:]); ok {
				out = append(out, u)
				i += n - 1
				continue
			}
		}
		if len(g) == 1 {
			if plainWord(g[0]) {
				for _, w := range scriptParts(g[0].Value) {
					out = append(out, b.wordUnit(w))
				}
			} else {
				out = append(out, unit{q: b.termQuery(g[0], true), strict: g[0].Kind != Text || g[0].Phrase})
			}
			continue
		}
		alts := make([]query.Query, 0, len(g))
		for _, t := range g {
			alts = append(alts, b.termQuery(t, true))
		}
		out = append(out, unit{q: bleve.NewDisjunctionQuery(alts...)})
	}
	return out
}

// scriptParts splits a word where Hangul meets Latin letters or digits,
// unless the Hangul is a particle or ending (JVM의, Docker로 stay whole):
// 자바8 is 자바 and 8, as a note would write Java 8.
func scriptParts(w string) []string {
	if korean.AllHangul(w) || len(korean.Stems(w)) > 0 {
		return []string{w}
	}
	var out []string
	start, prev := 0, -1
	for i, r := range w {
		h := 0
		if korean.IsSyllable(r) {
			h = 1
		}
		if prev >= 0 && h != prev {
			out = append(out, w[start:i])
			start = i
		}
		prev = h
	}
	return append(out, w[start:])
}

func plainWord(t Term) bool { return t.Kind == Text && !t.Phrase && !t.Prefix }

// span checks whether the first 2 or more groups (plain words) spell a term
// of the dictionary; it prefers the longest.
func (b builder) span(groups [][]Term) (int, unit, bool) {
	for n := min(b.syn.maxLen, len(groups)); n >= 2; n-- {
		words := make([]string, 0, n)
		ok := true
		for _, g := range groups[:n] {
			if len(g) != 1 || !plainWord(g[0]) {
				ok = false
				break
			}
			words = append(words, g[0].Value)
		}
		if !ok {
			continue
		}
		last := words[n-1]
		for _, try := range append([]string{last}, nounStems(last)...) {
			joined := strings.Join(append(append([]string{}, words[:n-1]...), try), " ")
			syns := b.syn.Lookup(joined)
			if len(syns) == 0 {
				continue
			}
			return n, spanUnit(append(append([]string{}, words[:n-1]...), try), syns), true
		}
		// Another translation of some of the words (문맥 전환: context switch).
		for _, try := range append([]string{last}, nounStems(last)...) {
			typed := append(append([]string{}, words[:n-1]...), try)
			if syns := b.syn.Compose(typed); len(syns) > 0 {
				return n, spanUnit(typed, syns), true
			}
		}
		// A typo inside a term of several words (quik sort): a word in no
		// note, and the whole a letter away from a dictionary term.
		if b.lk != nil && b.anyMissing(words) {
			joined := strings.Join(words, " ")
			if syns := b.syn.Near(joined); len(syns) > 0 {
				alts := []query.Query{textPhrase(joined, 1)}
				for _, s := range syns {
					alts = append(alts, fieldsPhrase(s, missingWeight))
				}
				return n, unit{q: bleve.NewDisjunctionQuery(alts...), near: []string{joined}, close: true}, true
			}
		}
	}
	return 0, unit{}, false
}

// spanUnit matches the words of a dictionary term (or of its translation),
// and its synonyms.
func spanUnit(words, syns []string) unit {
	joined := strings.Join(words, " ")
	// The term's words together rank highest; apart they still match
	// (a note may say 응용(Application) ... 계층).
	apart := make([]query.Query, 0, len(words))
	for _, w := range words {
		apart = append(apart, fieldsPhrase(w, 1))
	}
	alts := []query.Query{textPhrase(joined, 1), bleve.NewConjunctionQuery(apart...)}
	for _, s := range syns {
		alts = append(alts, fieldsPhrase(s, synonymWeight))
		if ws := strings.Fields(s); len(ws) > 1 {
			sApart := make([]query.Query, 0, len(ws))
			for _, w := range ws {
				sApart = append(sApart, fieldsPhrase(w, synonymWeight*apartWeight))
			}
			alts = append(alts, bleve.NewConjunctionQuery(sApart...))
		}
	}
	return unit{q: bleve.NewDisjunctionQuery(alts...), near: []string{joined}, titles: syns}
}

func (b builder) anyMissing(words []string) bool {
	for _, w := range words {
		if !b.lk.Has(w) {
			return true
		}
	}
	return false
}

// termQuery matches one term. expand adds the variants of a plain word.
func (b builder) termQuery(t Term, expand bool) query.Query {
	switch t.Kind {
	case Tag:
		return catalog.Keyword(index.FieldTags, t.Value)
	case Type:
		return catalog.Keyword(index.FieldType, t.Value)
	case Title:
		return phrase(index.FieldTitle, t.Value, 1)
	}
	if t.Prefix {
		return prefixQuery(t.Value)
	}
	if t.Phrase || !expand {
		return fieldsPhrase(t.Value, 1)
	}
	return b.wordUnit(t.Value).q
}

// wordUnit matches a word as typed, without its particle or ending, by its
// synonyms, and by the words of the notes that sound like it (a loanword in
// the other script) or are spelled a letter away (when the word itself is in
// no note).
func (b builder) wordUnit(w string) unit {
	f := b.forms(w)
	u := unit{generic: f.generic || f.weak, near: []string{w}}
	alts := []query.Query{fieldsPhrase(w, 1)}
	u.rank = rankQuery(w, f.stem)
	if f.stem != "" {
		u.near = append(u.near, f.stem)
		if f.verb {
			for _, v := range korean.VerbForms(f.stem) {
				alts = append(alts, textPhrase(v, verbWeight))
			}
		} else {
			alts = append(alts, fieldsPhrase(f.stem, stemWeight))
		}
	}
	for _, s := range f.synonyms {
		alts = append(alts, fieldsPhrase(s, synonymWeight))
	}
	for _, s := range f.loans {
		alts = append(alts, fieldsPhrase(s, loanWeight))
	}
	// A word in no note is likely a misspelling of the close ones: they
	// stand in for it. A rare word keeps its rank above its neighbours.
	closeWeight := fuzzyWeight
	if f.missing {
		closeWeight = missingWeight
	}
	for _, s := range f.close {
		alts = append(alts, fieldsPhrase(s, closeWeight))
	}
	if f.missing {
		if isLatin(w) {
			alts = append(alts, fuzzyQueries(w)...)
		}
		u.close = len(alts) > 1
		if !u.close && !u.generic {
			u.generic, u.unmatched = true, w
		}
	}
	if b.seen != nil {
		*b.seen = append(*b.seen, u.near...)
		*b.seen = append(*b.seen, f.synonyms...)
		*b.seen = append(*b.seen, f.loans...)
		*b.seen = append(*b.seen, f.close...)
		if f.verb {
			*b.seen = append(*b.seen, korean.VerbForms(f.stem)...)
		}
	}
	u.q = bleve.NewDisjunctionQuery(alts...)
	u.titles = f.synonyms
	return u
}

// rankFields are where a word that only helps the ranking is looked for.
var rankFields = []string{index.FieldTitle, index.FieldHeadings}

// rankQuery matches a word, or its stem, in the title, headings and tags.
func rankQuery(w, stem string) query.Query {
	var alts []query.Query
	for _, form := range []string{w, stem} {
		if form == "" {
			continue
		}
		for _, f := range rankFields {
			alts = append(alts, phrase(f, form, fieldBoost[f]*nearWeight))
		}
		tag := catalog.Keyword(index.FieldTags, form).(*query.TermQuery)
		tag.SetBoost(tagBoost * nearWeight)
		alts = append(alts, tag)
	}
	return bleve.NewDisjunctionQuery(alts...)
}

// fieldsPhrase matches text in any text field, or as a tag.
func fieldsPhrase(text string, weight float64) query.Query {
	q := textPhrase(text, weight).(*query.DisjunctionQuery)
	if !strings.ContainsAny(text, " \t") {
		tag := catalog.Keyword(index.FieldTags, text).(*query.TermQuery)
		tag.SetBoost(tagBoost * weight)
		q.AddQuery(tag)
	}
	return q
}

// variantFields are where the variants of a word (stem, spacing, synonyms)
// are looked for: each variant costs a phrase query per field, and in file
// names and code they add little.
var variantFields = []string{index.FieldTitle, index.FieldHeadings, index.FieldBody}

func textPhrase(text string, weight float64) query.Query {
	fields := index.TextFields
	if weight < 1 {
		fields = variantFields
	}
	alts := make([]query.Query, 0, len(fields))
	for _, f := range fields {
		alts = append(alts, phrase(f, text, fieldBoost[f]*weight))
	}
	return bleve.NewDisjunctionQuery(alts...)
}

// phrase matches text as a phrase in one field. Text that is one term (a
// Latin word, a Hangul word of two syllables) is a term query: a phrase
// query would read every hit's positions only to compare them with nothing,
// which on a word in thousands of notes is most of a search's time.
func phrase(field, text string, boost float64) query.Query {
	if terms := index.Terms(text); len(terms) == 1 {
		tq := bleve.NewTermQuery(terms[0])
		tq.SetField(field)
		tq.SetBoost(boost)
		return tq
	}
	return index.Phrase(field, text, boost)
}

// prefixQuery matches words that start with p: kube* finds kubernetes, 쿠버*
// finds 쿠버네티스. Latin prefixes match the start of index terms; Hangul ones
// are bigrams already (a lone syllable matches the bigrams it starts).
func prefixQuery(p string) query.Query {
	p = strings.ToLower(norm.NFC.String(p))
	if korean.AllHangul(p) && utf8.RuneCountInString(p) >= 2 {
		return textPhrase(p, 1)
	}
	// The index holds stems: ndots is stored as ndot, so the prefix ndots
	// would miss the word it spells out. Its stem, when shorter, stands in.
	if t := index.Terms(p); len(t) == 1 && len(t[0]) < len(p) && strings.HasPrefix(p, t[0]) {
		p = t[0]
	}
	alts := make([]query.Query, 0, len(index.TextFields))
	for _, f := range index.TextFields {
		pq := bleve.NewPrefixQuery(p)
		pq.SetField(f)
		pq.SetBoost(fieldBoost[f])
		alts = append(alts, pq)
	}
	return bleve.NewDisjunctionQuery(alts...)
}

// fuzzyQueries match the index terms within a small edit distance of a Latin
// word's stem: kubernets finds kubernetes, promethues prometheus.
func fuzzyQueries(w string) []query.Query {
	terms := index.Terms(w)
	if len(terms) != 1 || !isLatin(terms[0]) || len(terms[0]) < 4 {
		return nil
	}
	fuzziness := 1
	if len(terms[0]) >= 6 {
		fuzziness = 2
	}
	var out []query.Query
	for _, f := range []string{index.FieldTitle, index.FieldHeadings, index.FieldBody} {
		fq := bleve.NewFuzzyQuery(terms[0])
		fq.SetField(f)
		fq.SetFuzziness(fuzziness)
		fq.SetBoost(fieldBoost[f] * fuzzyWeight)
		out = append(out, fq)
	}
	return out
}

func isLatin(s string) bool {
	for _, r := range s {
		if r > 0x24F {
			return false
		}
	}
	return true
}

// textKey is the query's plain words as a title key, when the query is only
// plain words ("the title is the query").
func (q *Query) textKey() string {
	var words []string
	for _, g := range q.Groups {
		if len(g) != 1 || g[0].Kind != Text || g[0].Prefix {
			return ""
		}
		words = append(words, g[0].Value)
	}
	return index.TitleKey(strings.Join(words, " "))
}

// positiveText lists the text the query looks for, for highlighting.
func (q *Query) positiveText() []string {
	var out []string
	for _, g := range q.Groups {
		for _, t := range g {
			if t.Kind == Text || t.Kind == Title {
				out = append(out, t.Value)
				if s := stem(t.Value); s != "" {
					out = append(out, s)
				}
			}
		}
	}
	return out
}
