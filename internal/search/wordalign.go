package search

import (
	_ "embed"
	"slices"
	"sort"
	"strings"

	"github.com/kb-cli/kb/internal/korean"
)

// Word translations, learned from the dictionary itself. A term of several
// words is often typed with another standard translation of one of its
// words: 문맥 전환 for context switch (문맥 교환, 컨텍스트 스위칭), 이진 검색 for
// binary search (이진 탐색). No group lists every such mix, but the groups
// together say which words translate which: "mode switch, 모드 전환" pairs
// switch with 전환, "context switch, 문맥 교환" pairs context with 문맥. A
// query's words, each replaced by its translations, are then looked up as
// terms of the dictionary (Synonyms.Compose).
//
// The pairs come from terms of one group with the same number of words,
// word by word: Korean compounds keep the English order of their parts, and
// a pair whose loanwords sit in crossed places (the orders differ) or that
// has function words (of, for) is not used.

// alignWords returns the word groups of a dictionary text, one line each:
// a word and the words it was paired with, in the dictionary's format.
func alignWords(text string) string {
	pairs := map[string]map[string]bool{}
	addPair := func(a, b string) {
		if a == b {
			return
		}
		for _, p := range [][2]string{{a, b}, {b, a}} {
			if pairs[p[0]] == nil {
				pairs[p[0]] = map[string]bool{}
			}
			pairs[p[0]][p[1]] = true
		}
	}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		terms, _ := lineTerms(line)
		var split [][]string
		for _, t := range terms {
			if ws := termWords(t); len(ws) >= 2 && len(split) < maxAlignTerms {
				split = append(split, ws)
			}
		}
		for i, a := range split {
			for _, b := range split[i+1:] {
				if len(a) != len(b) || crossed(a, b) || !comparable(a, b) {
					continue
				}
				for k := range a {
					addPair(a[k], b[k])
				}
			}
		}
	}
	// A line for each Latin word (the pivot that the Korean forms share),
	// and for each Hangul word paired with another Hangul word.
	words := make([]string, 0, len(pairs))
	for w := range pairs {
		words = append(words, w)
	}
	sort.Strings(words)
	var b strings.Builder
	for _, w := range words {
		if korean.AllHangul(w) && !hasHangul(pairs[w]) {
			continue // its Latin words' lines hold it
		}
		others := make([]string, 0, len(pairs[w]))
		for o := range pairs[w] {
			others = append(others, o)
		}
		sort.Strings(others)
		b.WriteString(w)
		for _, o := range others {
			b.WriteString(", ")
			b.WriteString(o)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// maxAlignTerms bounds the terms of one group that are paired (each with
// each): a user's group of thousands of terms must not take quadratic time.
const maxAlignTerms = 32

// functionWords make a term's word order differ from its translation's.
var functionWords = []string{"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "per", "the", "to", "vs", "with"}

// termWords are a term's words by key, or nil when it has a function word
// or a word without a key.
func termWords(t string) []string {
	fs := strings.Fields(t)
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		k := synKey(f)
		if k == "" || slices.Contains(functionWords, k) {
			return nil
		}
		out = append(out, k)
	}
	return out
}

// comparable reports whether two terms' words can be paired: a Latin and a
// Hangul term (a translation), or two of one script that differ in some
// words only (이진 탐색, 이분 탐색). Two unlike terms of one script are
// synonyms, not word-for-word translations (exhaustive search, brute force).
func comparable(a, b []string) bool {
	if korean.AllHangul(strings.Join(a, "")) != korean.AllHangul(strings.Join(b, "")) {
		return true
	}
	for k := range a {
		if a[k] == b[k] {
			return true
		}
	}
	return false
}

// crossed reports whether a Latin word of one term sounds like a Hangul word
// of the other in another place: the two orders differ.
func crossed(a, b []string) bool {
	for i, x := range a {
		for j, y := range b {
			if i != j && (soundsLike(x, y) || soundsLike(y, x)) {
				return true
			}
		}
	}
	return false
}

// soundsLike reports whether Hangul h is a spelling of Latin l.
func soundsLike(h, l string) bool {
	if !korean.AllHangul(h) || korean.AllHangul(l) {
		return false
	}
	hk := korean.LoanKeys(h)
	if len(hk) == 0 || !slices.Contains(korean.LoanKeys(l), hk[0]) {
		return false
	}
	return korean.LoanMatch(h, l) >= minLoanMatch
}

func hasHangul(set map[string]bool) bool {
	for w := range set {
		if korean.AllHangul(w) {
			return true
		}
	}
	return false
}

//go:embed dict/words.txt
var builtinWords string
