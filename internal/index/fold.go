package index

import (
	"bytes"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/registry"
)

// foldName is kb's token filter: Bleve's cjk_width, to_lower and
// stemmer_en_snowball in one pass, with the same terms out, doing each only
// where it can change something. The stock filters copy every term twice
// (width) and twice more (stemmer), Hangul bigrams included: a third of the
// allocations of building the index.
const foldName = "kb_fold"

func init() {
	// A map insert: nothing is built until an analyzer asks for it.
	registry.RegisterTokenFilter(foldName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return fold{}, nil
	})
}

type fold struct{}

var (
	widthFilter = cjk.NewCJKWidthFilter()
	lowerFilter = lowercase.NewLowerCaseFilter()
	stemFilter  = en.NewEnglishStemmerFilter()
)

func (fold) Filter(input analysis.TokenStream) analysis.TokenStream {
	for i, tok := range input {
		one := input[i : i+1]
		// Full- and half-width forms (U+FF00-FFEF) all start with byte 0xEF.
		if bytes.IndexByte(tok.Term, 0xEF) >= 0 {
			widthFilter.Filter(one)
		}
		lowerFilter.Filter(one) // in place, no copy unless a letter widens
		// The stemmer changes only Latin letters; kb's tokenizer types
		// Hangul, Han and kana tokens otherwise.
		if tok.Type == analysis.AlphaNumeric {
			stemFilter.Filter(one)
		}
	}
	return input
}
