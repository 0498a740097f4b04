package index

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// TokenizerName is kb's tokenizer, registered with Bleve's registry so that
// an index opened from disk finds it.
const TokenizerName = "kb_tokenizer"

// maxTokenBytes caps a Latin word. The English stemmer is quadratic in a
// word's length, and nobody searches for a 400 KB word: longer runs are cut.
const maxTokenBytes = 64

func init() {
	// A map insert: nothing is built until an analyzer asks for it.
	registry.RegisterTokenizer(TokenizerName, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return tokenizer{}, nil
	})
}

// tokenizer splits text into runs of one script and makes the terms kb
// searches on:
//   - Latin and digit runs are words; a camelCase word is also its parts
//     (OOMKilled = OOMKilled, OOM, Killed), so `OOM killed` finds it.
//   - Hangul (and Han, kana) runs become overlapping bigrams (쿠버 버네 네티
//     티스), which lets 쿠버네티스 match inside 쿠버네티스를. Hangul runs
//     separated by one space are bigrammed across it (메모리 누수 → 메모 모리
//     리누 누수), so a compound matches however it is spaced; a one-syllable
//     word is also kept alone (힙 정렬 → 힙, 힙정, 정렬).
type tokenizer struct{}

type syllable struct {
	start, end int
	alone      bool // a one-syllable word
}

func (tokenizer) Tokenize(input []byte) analysis.TokenStream {
	out := tokens{stream: make(analysis.TokenStream, 0, len(input)/3)}
	pos := 1
	var chain []syllable // the current run of bigrammed syllables
	bridge := false      // chain may continue across a single space
	flush := func() {
		pos = emitChain(input, chain, pos, &out)
		chain = chain[:0]
	}
	for i := 0; i < len(input); {
		r, size := utf8.DecodeRune(input[i:])
		switch cls := classOf(r); cls {
		case clsHangul, clsCJK:
			if !(cls == clsHangul && bridge) {
				flush()
			}
			j := i
			for j < len(input) {
				r2, s2 := utf8.DecodeRune(input[j:])
				if classOf(r2) != cls {
					break
				}
				j += s2
			}
			first := len(chain)
			for k := i; k < j; {
				_, s := utf8.DecodeRune(input[k:])
				chain = append(chain, syllable{start: k, end: k + s})
				k += s
			}
			if len(chain)-first == 1 {
				chain[first].alone = true
			}
			// Bridge a single space to a following Hangul run.
			bridge = false
			if cls == clsHangul && j+1 < len(input) && input[j] == ' ' {
				if r3, _ := utf8.DecodeRune(input[j+1:]); classOf(r3) == clsHangul {
					bridge = true
					j++
				}
			}
			i = j
		case clsWord:
			flush()
			bridge = false
			j := i
			for j < len(input) {
				r2, s2 := utf8.DecodeRune(input[j:])
				if classOf(r2) != clsWord {
					break
				}
				j += s2
			}
			pos = emitWord(input, i, j, pos, &out)
			i = j
		default:
			flush()
			bridge = false
			i += size
		}
	}
	flush()
	return out.stream
}

// tokens hands out Token structs from slabs: one allocation for many
// tokens instead of one each, which the garbage collector then has fewer
// objects to trace.
type tokens struct {
	stream analysis.TokenStream
	slab   []analysis.Token
}

func (t *tokens) add(tok analysis.Token) {
	if len(t.slab) == 0 {
		t.slab = make([]analysis.Token, 64)
	}
	t.slab[0] = tok
	t.stream = append(t.stream, &t.slab[0])
	t.slab = t.slab[1:]
}

const (
	clsOther = iota
	clsHangul
	clsCJK
	clsWord
)

func classOf(r rune) int {
	switch {
	case r < 0x80:
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return clsWord
		}
		return clsOther
	case unicode.Is(unicode.Hangul, r):
		return clsHangul
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
		return clsCJK
	case unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.N, unicode.M):
		return clsWord
	}
	return clsOther
}

// emitChain writes the bigrams of a chain of syllables, and unigrams of
// one-syllable words at the position of the bigram that holds them.
func emitChain(input []byte, chain []syllable, pos int, out *tokens) int {
	switch len(chain) {
	case 0:
		return pos
	case 1:
		s := chain[0]
		out.add(analysis.Token{Term: input[s.start:s.end], Start: s.start, End: s.end, Position: pos, Type: analysis.Ideographic})
		return pos + 1
	}
	for k := 0; k+1 < len(chain); k++ {
		a, b := chain[k], chain[k+1]
		term := input[a.start:b.end]
		if a.end != b.start { // across a space: the two syllables without it
			term = make([]byte, 0, a.end-a.start+b.end-b.start)
			term = append(append(term, input[a.start:a.end]...), input[b.start:b.end]...)
		}
		p := pos + k
		if a.alone {
			out.add(analysis.Token{Term: input[a.start:a.end], Start: a.start, End: a.end, Position: p, Type: analysis.Ideographic})
		}
		out.add(analysis.Token{Term: term, Start: a.start, End: b.end, Position: p, Type: analysis.Double})
	}
	if last := chain[len(chain)-1]; last.alone {
		out.add(analysis.Token{Term: input[last.start:last.end], Start: last.start, End: last.end, Position: pos + len(chain) - 2, Type: analysis.Ideographic})
	}
	return pos + len(chain) - 1
}

// emitWord writes a Latin word and, for a camelCase word, its parts: the
// whole at the first part's position, the parts one after another.
func emitWord(input []byte, start, end, pos int, out *tokens) int {
	if end-start > maxTokenBytes {
		end = start + maxTokenBytes
		for end > start && !utf8.RuneStart(input[end]) {
			end--
		}
	}
	cuts := camelCuts(input[start:end])
	out.add(analysis.Token{Term: input[start:end], Start: start, End: end, Position: pos, Type: analysis.AlphaNumeric})
	if len(cuts) == 0 {
		return pos + 1
	}
	from := start
	for k, c := range append(cuts, end-start) {
		out.add(analysis.Token{Term: input[from : start+c], Start: from, End: start + c, Position: pos + k, Type: analysis.AlphaNumeric})
		from = start + c
	}
	return pos + len(cuts) + 1
}

// camelCuts are the byte offsets where a camelCase word's parts begin:
// before an upper-case letter that follows a lower-case one (camel|Case), and
// before the last capital of a capital run followed by a lower-case letter
// (OOM|Killed, HTTP|Server). ASCII only: identifiers are.
func camelCuts(w []byte) []int {
	var cuts []int
	for i := 1; i < len(w); i++ {
		up, prevLow, prevUp := isUpper(w[i]), isLower(w[i-1]), isUpper(w[i-1])
		nextLow := i+2 < len(w) && isLower(w[i+1]) && isLower(w[i+2])
		if up && (prevLow || prevUp && nextLow) {
			cuts = append(cuts, i)
		}
	}
	return cuts
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
