package search

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"golang.org/x/text/unicode/norm"

	"github.com/kb-cli/kb/internal/index"
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
	tagBoost        = 2   // a tag is a topic the author chose, like a heading
	exactTitleBoost = 50  // the whole title is the query
	stemWeight      = 0.9 // 세마포어와 matched as 세마포어
	splitWeight     = 0.7 // 메모리누수 matched as 메모리 누수
	synonymWeight   = 0.6 // k8s matched as 쿠버네티스: below an exact match
	fuzzyWeight     = 0.3 // kubernets matched as kubernetes (fallback only)
)

// minSplit: Hangul words this long are also tried as two spaced words.
// Shorter compounds cost a phrase query each on frequent bigrams and are
// covered by the dictionary (운영체제 = 운영 체제).
const minSplit = 5

// builder turns a parsed query into an index query.
type builder struct {
	syn   *Synonyms // nil: no synonyms
	fuzzy bool      // add fuzzy matches for Latin words (the fallback)
}

// bleveQuery builds the index query. Every text term is a phrase query: the
// analyzer turns a Korean word into overlapping bigrams, and asking for them in
// sequence is what makes 쿠버네티스 match inside 쿠버네티스를 without matching
// notes that merely contain 쿠버 and 티스 somewhere.
func (b builder) bleveQuery(q *Query) query.Query {
	bq := bleve.NewBooleanQuery()
	units := b.units(q)
	allGeneric := true
	for _, u := range units {
		allGeneric = allGeneric && u.generic
	}
	must := 0
	for _, u := range units {
		if u.generic && !allGeneric {
			bq.AddShould(u.q) // helps the ranking; not required
			continue
		}
		bq.AddMust(u.q)
		must++
	}
	for _, t := range q.Exclude {
		bq.AddMustNot(b.termQuery(t, false))
	}
	if must == 0 {
		bq.AddMust(bleve.NewMatchAllQuery())
	}
	if key := q.textKey(); key != "" {
		tq := bleve.NewTermQuery(key)
		tq.SetField(index.FieldTitleKey)
		tq.SetBoost(exactTitleBoost)
		bq.AddShould(tq)
	}
	return bq
}

type unit struct {
	q       query.Query
	generic bool
}

// units are the query's AND-ed parts. Runs of plain words that form a term of
// the dictionary ("garbage collection", "가비지 컬렉션") become one unit that
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
			out = append(out, unit{q: b.termQuery(g[0], true), generic: plainWord(g[0]) && isGeneric(g[0].Value)})
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
		for _, try := range []string{last, stem(last)} {
			if try == "" {
				continue
			}
			joined := strings.Join(append(append([]string{}, words[:n-1]...), try), " ")
			syns := b.syn.Lookup(joined)
			if len(syns) == 0 {
				continue
			}
			each := make([]query.Query, 0, n)
			for _, g := range groups[:n] {
				each = append(each, b.termQuery(g[0], false))
			}
			alts := []query.Query{bleve.NewConjunctionQuery(each...)}
			for _, s := range syns {
				alts = append(alts, fieldsPhrase(s, synonymWeight))
			}
			return n, unit{q: bleve.NewDisjunctionQuery(alts...)}, true
		}
	}
	return 0, unit{}, false
}

// termQuery matches one term. expand adds the variants of a plain word.
func (b builder) termQuery(t Term, expand bool) query.Query {
	switch t.Kind {
	case Tag:
		return keyword(index.FieldTags, t.Value)
	case Type:
		return keyword(index.FieldType, t.Value)
	case Title:
		return phrase(index.FieldTitle, t.Value, 1)
	}
	if t.Prefix {
		return prefixQuery(t.Value)
	}
	if t.Phrase || !expand {
		return fieldsPhrase(t.Value, 1)
	}
	return b.wordQuery(t.Value)
}

// wordQuery matches a word as typed, without its particle, as it would be
// spaced, by its synonyms, and (in the fallback) by Latin words a typo away.
func (b builder) wordQuery(w string) query.Query {
	// Every note with 세마포어와 has 세마포어: with a particle, the stem alone
	// finds the same notes with one phrase query less. Not so for a stem of
	// one syllable: 깊 is a unigram, and 깊은 in a note is the bigram 깊은.
	base := w
	var alts []query.Query
	s := stem(w)
	if s == "" || utf8.RuneCountInString(s) < 2 {
		alts = append(alts, fieldsPhrase(w, 1))
	}
	if s != "" {
		alts = append(alts, fieldsPhrase(s, stemWeight))
		base = s
	}
	if utf8.RuneCountInString(base) >= minSplit {
		for _, sp := range splits(base) {
			alts = append(alts, textPhrase(sp, splitWeight))
		}
	}
	for _, s := range b.syn.Lookup(base) {
		alts = append(alts, fieldsPhrase(s, synonymWeight))
	}
	if b.fuzzy {
		alts = append(alts, fuzzyQueries(w)...)
	}
	return bleve.NewDisjunctionQuery(alts...)
}

// fieldsPhrase matches text in any text field, or as a tag.
func fieldsPhrase(text string, weight float64) query.Query {
	q := textPhrase(text, weight).(*query.DisjunctionQuery)
	if !strings.ContainsAny(text, " \t") {
		tag := keyword(index.FieldTags, text).(*query.TermQuery)
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

func phrase(field, text string, boost float64) query.Query {
	p := bleve.NewMatchPhraseQuery(text)
	p.SetField(field)
	p.Analyzer = index.TextAnalyzer
	p.SetBoost(boost)
	return p
}

// prefixQuery matches words that start with p: kube* finds kubernetes, 쿠버*
// finds 쿠버네티스. Latin prefixes match the start of index terms; Hangul ones
// are bigrams already (a lone syllable matches the bigrams it starts).
func prefixQuery(p string) query.Query {
	p = strings.ToLower(norm.NFC.String(p))
	if allHangul(p) && utf8.RuneCountInString(p) >= 2 {
		return textPhrase(p, 1)
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

// keyword matches a tag or type as the keyword analyzer stored it.
func keyword(field, value string) query.Query {
	tq := bleve.NewTermQuery(strings.ToLower(norm.NFC.String(value)))
	tq.SetField(field)
	return tq
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
