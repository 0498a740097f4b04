package index

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// blevePhrase is the query Phrase stands in for.
func blevePhrase(field, text string, boost float64) query.Query {
	p := bleve.NewMatchPhraseQuery(text)
	p.SetField(field)
	p.Analyzer = TextAnalyzer
	p.SetBoost(boost)
	return p
}

// hits are a query's matches as kb reads them: ID, score, term locations.
func hits(t *testing.T, ix *Index, q query.Query) []string {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 100, 0, false)
	req.IncludeLocations = true
	req.SortBy([]string{"-_score", FieldPath})
	res, err := ix.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range res.Hits {
		h := fmt.Sprintf("%s %.12f", d.ID, d.Score)
		for _, f := range slices.Sorted(maps.Keys(d.Locations)) {
			for _, term := range slices.Sorted(maps.Keys(d.Locations[f])) {
				for _, l := range d.Locations[f][term] {
					h += fmt.Sprintf(" %s:%s@%d[%d:%d]%v", f, term, l.Pos, l.Start, l.End, l.ArrayPositions)
				}
			}
		}
		out = append(out, h)
	}
	return out
}

// Phrase finds what Bleve's phrase query finds, with the same scores and
// locations, alone and inside the queries kb builds around it (where it is
// advanced to documents rather than stepped through).
func TestPhraseSameAsBleve(t *testing.T) {
	root := t.TempDir()
	writeNote(t, root, ".kb/.keep", "")
	notes := map[string]string{
		"a.md": "# 데이터베이스\n\n데이터를 저장하는 데이터베이스. 데이터 데이터 데이터.\n",
		"b.md": "# 메모\n\n데이 이터 따로, 이터레이터와 데이트.\n",
		"c.md": "# 쿠버네티스\n\n쿠버네티스를 쓰면 쿠버 네티스 아님. 쿠버네티스\n",
		"d.md": "# 빅데이터\n\n빅데이터 분석과 데이터 엔지니어링, 메모리 누수\n",
		"e.md": "# 메모리\n\n메모리 누수는 메모리를 누수하는 것. memory leak\n",
		"f.md": "# 가나가나\n\n가나가나 다라 가나\n",
	}
	for name, body := range notes {
		writeNote(t, root, name, body)
	}
	ix, _ := openWarned(t, root)
	found := 0 // phrases that match some note, so the test compares something
	ids := bleve.NewDocIDQuery([]string{"a.md", "c.md", "d.md", "e.md", "f.md"})
	for _, text := range []string{"데이터", "데이터베이스", "쿠버네티스", "메모리 누수", "누수는 메모리", "가나가나", "이터레이터", "없는말", "memory leak"} {
		for _, field := range []string{FieldBody, FieldTitle} {
			wrap := map[string]func(query.Query) query.Query{
				"alone":       func(q query.Query) query.Query { return q },
				"conjunction": func(q query.Query) query.Query { return bleve.NewConjunctionQuery(ids, q) },
				"disjunction": func(q query.Query) query.Query {
					return bleve.NewDisjunctionQuery(q, bleve.NewTermQuery("zzz"))
				},
				"boolean": func(q query.Query) query.Query {
					bq := bleve.NewBooleanQuery()
					bq.AddMust(ids)
					bq.AddShould(q)
					return bq
				},
			}
			for name, w := range wrap {
				got := hits(t, ix, w(Phrase(field, text, 1.5)))
				want := hits(t, ix, w(blevePhrase(field, text, 1.5)))
				if name == "alone" && len(got) > 0 {
					found++
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s in %s, %s:\n got %q\nwant %q", text, field, name, got, want)
				}
			}
		}
	}
	if found < 8 {
		t.Errorf("only %d phrases match a note: the test checks little", found)
	}
	if _, ok := Phrase(FieldBody, "데이터", 1).(*chainQuery); !ok {
		t.Error("데이터 (two bigrams) is not checked in place")
	}
	if _, ok := Phrase(FieldBody, "가나가나", 1).(*chainQuery); ok {
		t.Error("가나가나 (a bigram twice) should be left to Bleve")
	}
}
