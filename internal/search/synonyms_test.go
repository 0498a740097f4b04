package search

import (
	"slices"
	"strings"
	"testing"

	"github.com/kb-cli/kb/internal/editdist"
	"github.com/kb-cli/kb/internal/korean"
	"golang.org/x/text/unicode/norm"
)

// builtinLines yields the groups of kb's dictionary as written: line number
// and raw terms (empty ones included, so the test can see them).
func builtinLines(yield func(n int, terms []string)) {
	for n, line := range strings.Split(builtinSynonyms, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		terms := strings.FieldsFunc(line, isSeparator)
		for i := range terms {
			terms[i] = strings.TrimSpace(terms[i])
		}
		yield(n+1, terms)
	}
}

// sharedKeys are terms deliberately in two groups: each group is a true
// equivalence, and the term really has both meanings.
var sharedKeys = map[string]bool{}

func TestBuiltinDictionaryWellFormed(t *testing.T) {
	groups := 0
	where := map[string]int{} // key -> line of its first group
	builtinLines(func(n int, terms []string) {
		groups++
		keys := map[string]bool{}
		for _, term := range terms {
			if !norm.NFC.IsNormalString(term) {
				t.Errorf("line %d: %q is not NFC (the index reads keys in place)", n, term)
			}
			k := synKey(term)
			if k == "" {
				t.Errorf("line %d: term %q has no letters or digits", n, term)
				continue
			}
			if keys[k] {
				t.Errorf("line %d: %q is written twice in its group (same key %q)", n, term, k)
				continue
			}
			keys[k] = true
			if first, ok := where[k]; ok && !sharedKeys[k] {
				t.Errorf("line %d: %q is also in the group of line %d: merge them or list it in sharedKeys", n, term, first)
			} else if !ok {
				where[k] = n
			}
		}
		if len(keys) < 2 {
			t.Errorf("line %d: a group needs 2 or more distinct terms: %v", n, terms)
		}
	})
	if groups < 1500 {
		t.Errorf("%d groups, want >= 1500", groups)
	}
	s, warns := LoadSynonyms("")
	if len(warns) != 0 || s.Len() != groups {
		t.Errorf("LoadSynonyms: %d groups (want %d), warnings %v", s.Len(), groups, warns)
	}
}

// sameAsParsed checks that the index of text finds, for every key, the
// groups that parsing text finds, in the same order, and counts the same
// groups and the same longest term.
func sameAsParsed(t *testing.T, text string) {
	t.Helper()
	var gs groupSet
	maxLen := gs.parse(text, "", nil)
	d := indexDict(text)
	if d.n != len(gs.groups) || d.maxLen != maxLen {
		t.Errorf("index: %d groups, longest term %d words; parsed: %d, %d", d.n, d.maxLen, len(gs.groups), maxLen)
	}
	for k, want := range gs.byKey {
		var got [][]string
		d.groups(k, func(terms []string) { got = append(got, terms) })
		if len(got) != len(want) {
			t.Errorf("%q: index finds %d groups, parsing %d", k, len(got), len(want))
			continue
		}
		for i, g := range want {
			if !slices.Equal(got[i], gs.groups[g]) {
				t.Errorf("%q: index finds %v, parsing %v", k, got[i], gs.groups[g])
			}
		}
	}
}

func TestDictIndexSameAsParsed(t *testing.T) {
	sameAsParsed(t, builtinSynonyms)
	// What the builtin file does not have: upper case, '=', accents, odd
	// spacing, one-term lines, no final newline, a key in two groups.
	sameAsParsed(t, "# c\n\nKube-Proxy = kube proxy,큐브 프록시\nalone\n  Café ,  카페 ,\u00a0two\u00a0words ,x\n\ta , , b\ncafé, coffee")
	d := indexDict("a, b\n")
	d.groups("zzz", func([]string) { t.Error("a key in no group found a group") })
}

// TestNearSameAsParsed checks Near, which reads kb's dictionary in place,
// against the same search over the parsed dictionary.
func TestNearSameAsParsed(t *testing.T) {
	s, _ := LoadSynonyms("")
	var gs groupSet
	gs.parse(builtinSynonyms, "", nil)
	keys := func(yield func(string)) {
		for k := range gs.byKey {
			yield(k)
		}
	}
	found := 0
	for _, w := range []string{"도커스윔", "쿠버네테스", "세마포워", "가비지컬랙션", "프로메테우수", "quiksort", "kuberntes", "deadlok", "무중단배표"} {
		var want []string
		for _, k := range nearKeys(keys, synKey(w)) {
			for _, g := range gs.byKey[k] {
				want = append(want, gs.groups[g]...)
			}
		}
		if got := s.Near(w); !slices.Equal(got, want) {
			t.Errorf("Near(%q) = %q, want %q", w, got, want)
		}
		if len(want) > 0 {
			found++
		}
	}
	if found < 5 {
		t.Errorf("only %d words have near terms: the test checks little", found)
	}
}

func TestSimpleKeySameAsSlowKey(t *testing.T) {
	texts := []string{"Kube-Proxy", "가비지 컬렉션", "C#", "b+ tree", "N+1 문제", "/etc/hosts", "let's encrypt", "x86-64", "TCP/IP 4계층", "  ", "-"}
	builtinLines(func(_ int, terms []string) { texts = append(texts, terms...) })
	for _, s := range texts {
		if k, ok := simpleKey(s); !ok || k != slowKey(s) {
			t.Errorf("simpleKey(%q) = %q, %v; slowKey: %q", s, k, ok, slowKey(s))
		}
	}
	// Not ASCII and Hangul syllables only: left to slowKey.
	for _, s := range []string{"Café", "\u1100\u1161비지", "ＡＢＣ", "①"} {
		if _, ok := simpleKey(s); ok {
			t.Errorf("simpleKey(%q) claims it", s)
		}
	}
}

// BenchmarkLoadSynonyms is the cost every kb search process pays to read the
// builtin dictionary.
func BenchmarkLoadSynonyms(b *testing.B) {
	for b.Loop() {
		s, _ := LoadSynonyms("")
		if s.Len() == 0 {
			b.Fatal("no groups")
		}
	}
}

// BenchmarkLoadAndLookup is the dictionary's whole cost in a search for a
// few words: loading it and the look-ups the query builder makes.
func BenchmarkLoadAndLookup(b *testing.B) {
	words := []string{"쿠버네티스", "파드", "재시작", "쿠버네티스 파드", "파드 재시작", "deadlock", "교착 상태", "context", "switching", "context switching"}
	for b.Loop() {
		s, _ := LoadSynonyms("")
		for _, w := range words {
			s.Lookup(w)
		}
	}
}

// TestSuggestSameAsDistance checks suggest's banded search against the plain
// one it replaced: for every word, the first term at the smallest distance
// within max(1, len/3) edits.
func TestSuggestSameAsDistance(t *testing.T) {
	s, _ := LoadSynonyms("")
	words := []string{"promethues", "kuberntes", "deadlok", "semaphor", "transacton", "dijkstr", "quiksort", "nginz", "dockr", "redsi", "abc", "zzzzzzzz", "graphq", "kafak"}
	q, err := Parse(strings.Join(words, " "))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	seen := map[string]bool{}
	for _, w := range words {
		wk := synKey(w)
		if len(wk) < 3 || !isLatin(wk) || s.has(wk) {
			continue
		}
		best, bestD := "", 3
		s.eachTerm(func(term, key string) {
			if d := editdist.Distance(wk, key); d < bestD && d <= max(1, len([]rune(wk))/3) {
				best, bestD = term, d
			}
		})
		if best != "" && !seen[best] {
			seen[best] = true
			want = append(want, best)
		}
	}
	if got := suggest(q, s); !slices.Equal(got, want) || len(want) < 5 {
		t.Errorf("suggest: %q, want %q", got, want)
	}
}

// nearKeys skips most keys on their lengths alone; it must find what
// comparing every key of the same script letter by letter finds.
func TestNearKeysSameAsEveryKey(t *testing.T) {
	s, _ := LoadSynonyms("")
	var all []string
	s.eachTerm(func(_, k string) { all = append(all, k) })
	keys := func(yield func(string)) {
		for _, k := range all {
			yield(k)
		}
	}
	for _, w := range []string{"도커스윔", "쿠버네테스", "세마포워", "가비지컬랙션", "프로메테우수", "quiksort", "kuberntes", "deadlok", "무중단배표", "프로세스랑스레드는", "데이터베이스정규화"} {
		k := synKey(w)
		hangul := korean.AllHangul(k)
		var want []string
		for _, key := range all {
			if korean.AllHangul(key) != hangul {
				continue
			}
			a, b := []rune(k), []rune(key)
			if hangul {
				a, b = []rune(korean.Jamo(k)), []rune(korean.Jamo(key))
			}
			if _, ok := editdist.Within(a, b, 1); ok {
				want = append(want, key)
			}
		}
		slices.Sort(want)
		want = slices.Compact(want)
		if got := nearKeys(keys, k); !slices.Equal(got, want) {
			t.Errorf("nearKeys(%q) = %q, want %q", k, got, want)
		}
	}
	for _, w := range []string{"쿠버네티스", "값", "닭볶음탕"} {
		if got, want := jamoLen(w), len([]rune(korean.Jamo(w))); got != want {
			t.Errorf("jamoLen(%q) = %d, want %d", w, got, want)
		}
	}
}
