package index

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/kb-cli/kb/internal/notes"
	"github.com/kb-cli/kb/internal/shared"
)

// The text analyzer is a faster version of Bleve's stock chain; the index must not change. These tests compare every token
// (term, offsets, position, type) with the stock chain's.
var foldSamples = []string{
	"쿠버네티스를 도입하려고 했으나 러닝커브가 높았다",
	"Docker Swarm으로 전환하여 서비스를 출시했다",
	"OOMKilled HTTPServer camelCase iPhone IPv4 TCP/IP k8s",
	"ＤＯＣＫＥＲ ｋｕｂｅｒｎｅｔｅｓ ｶﾞｷﾞ ﾃｽﾄ ﾍﾟｰｼﾞ",
	"Ⱥpple ȾEST Σίσυφος ΣΊΣΥΦΟΣ Привет МИР",
	"힙 정렬 메모리 누수 교착 상태 漢字 ひらがな カタカナ",
	"running deployments deployed caresses ponies ties",
	"",
	"   ",
}

func stockTextMapping(t testing.TB) *mapping.IndexMappingImpl {
	im, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	if err := im.AddCustomAnalyzer("stock_text", map[string]any{
		"type":          "custom",
		"tokenizer":     TokenizerName,
		"token_filters": []string{cjk.WidthName, lowercase.Name, en.SnowballStemmerName},
	}); err != nil {
		t.Fatal(err)
	}
	return im
}

func sameTokens(t *testing.T, im *mapping.IndexMappingImpl, ours, stock, text string) {
	t.Helper()
	flat := func(ts analysis.TokenStream) []string {
		var out []string
		for _, tok := range ts {
			out = append(out, fmt.Sprintf("%s@%d:%d-%d/%d", tok.Term, tok.Position, tok.Start, tok.End, tok.Type))
		}
		return out
	}
	got := flat(im.AnalyzerNamed(ours).Analyze([]byte(text)))
	want := flat(im.AnalyzerNamed(stock).Analyze([]byte(text)))
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s differs from %s on %.80q:\n got %v\nwant %v", ours, stock, text, got, want)
	}
}

func TestFoldMatchesStockFilters(t *testing.T) {
	im := stockTextMapping(t)
	for _, s := range foldSamples {
		sameTokens(t, im, TextAnalyzer, "stock_text", s)
	}
}

// On the real notes of ../shared/corpora: every field kb indexes as text.
func TestFoldMatchesStockFiltersOnCorpus(t *testing.T) {
	if _, ok := shared.Dir(); !ok {
		t.Skip("../shared not present")
	}
	im := stockTextMapping(t)
	n := 0
	shared.CorpusNotes(0, func(rel string, data []byte) {
		note, _ := notes.Parse(rel, data, time.Time{})
		for _, s := range []string{note.Title, note.HeadingText, note.Body, note.Code} {
			sameTokens(t, im, TextAnalyzer, "stock_text", s)
		}
		n++
	})
	if n < 100 {
		t.Fatalf("only %d corpus notes", n)
	}
}
