package search

import (
	"strings"

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

// tagBoost: a tag is a topic the author chose, like a heading.
const tagBoost = 2

// exactTitleBoost lifts a note whose whole title is the query above all others.
const exactTitleBoost = 50

// bleveQuery builds the index query. Every text term is a phrase query: the
// analyzer turns a Korean word into overlapping bigrams, and asking for them in
// sequence is what makes 쿠버네티스 match inside 쿠버네티스를 without matching
// notes that merely contain 쿠버 and 티스 somewhere.
func (q *Query) bleveQuery() query.Query {
	b := bleve.NewBooleanQuery()
	must := 0
	for _, g := range q.Groups {
		alts := make([]query.Query, 0, len(g))
		for _, t := range g {
			alts = append(alts, termQuery(t))
		}
		if len(alts) == 1 {
			b.AddMust(alts[0])
		} else {
			b.AddMust(bleve.NewDisjunctionQuery(alts...))
		}
		must++
	}
	for _, t := range q.Exclude {
		b.AddMustNot(termQuery(t))
	}
	if must == 0 {
		b.AddMust(bleve.NewMatchAllQuery())
	}
	if key := q.textKey(); key != "" {
		tq := bleve.NewTermQuery(key)
		tq.SetField(index.FieldTitleKey)
		tq.SetBoost(exactTitleBoost)
		b.AddShould(tq)
	}
	return b
}

func termQuery(t Term) query.Query {
	switch t.Kind {
	case Tag:
		return keyword(index.FieldTags, t.Value)
	case Type:
		return keyword(index.FieldType, t.Value)
	case Title:
		return phrase(index.FieldTitle, t.Value, 1)
	}
	alts := make([]query.Query, 0, len(index.TextFields)+1)
	for _, f := range index.TextFields {
		alts = append(alts, phrase(f, t.Value, fieldBoost[f]))
	}
	// A word is also a tag: kubernetes finds the notes tagged kubernetes.
	if !strings.ContainsAny(t.Value, " \t") {
		tag := keyword(index.FieldTags, t.Value)
		tag.(*query.TermQuery).SetBoost(tagBoost)
		alts = append(alts, tag)
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
		if len(g) != 1 || g[0].Kind != Text {
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
			}
		}
	}
	return out
}
