package search

import (
	"strings"
	"testing"
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
