package search

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

//go:embed dict/synonyms.txt
var builtinSynonyms string

// Synonyms maps a term to the other terms of its groups.
type Synonyms struct {
	builtin *dictIndex // kb's dictionary, looked up in place
	user    groupSet   // the user's file
	maxLen  int        // the most words in any term

	allOnce sync.Once
	all     groupSet // both, parsed only for a look-up over every term
}

// groupSet is a parsed dictionary.
type groupSet struct {
	groups [][]string
	byKey  map[string][]int // key -> group indexes
}

// synKey is how terms compare: NFC, lower case, letters and digits only
// ('+' and '#' kept: b+ tree, c#), so "가비지 컬렉션" = "가비지컬렉션" and
// "kube-proxy" = "kube proxy".
func synKey(s string) string {
	if isKey(s) {
		return s // most terms: loading the dictionary runs on every search
	}
	var b strings.Builder
	for _, r := range strings.ToLower(norm.NFC.String(s)) {
		if unicode.IsLetter(r) || unicode.IsNumber(r) || r == '+' || r == '#' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isKey reports whether s is already a key: lower-case ASCII letters and
// digits, or Hangul syllables (which are NFC and have no case).
func isKey(s string) bool {
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '+', r == '#':
		case r >= 0xAC00 && r <= 0xD7A3:
		default:
			return false
		}
	}
	return s != ""
}

// LoadSynonyms reads kb's dictionary and, if it exists, the user's file.
// Lines of the user's file kb cannot use are reported with their line
// number; the rest are used. kb's dictionary is not parsed: every search
// loads it, and a query needs the groups of a few words (see dictIndex).
func LoadSynonyms(userFile string) (*Synonyms, []string) {
	s := &Synonyms{builtin: indexDict(builtinSynonyms)}
	s.maxLen = s.builtin.maxLen
	var warns []string
	if userFile != "" {
		data, err := os.ReadFile(userFile)
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			warns = append(warns, fmt.Sprintf("%s: %v", userFile, err))
		default:
			s.maxLen = max(s.maxLen, s.user.parse(string(data), userFile, &warns))
		}
	}
	return s, warns
}

// parse adds the groups of text and returns the most words in a term.
func (gs *groupSet) parse(text, name string, warns *[]string) int {
	maxLen := 0
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		terms := lineTerms(line)
		if len(terms) < 2 {
			if warns != nil {
				*warns = append(*warns, fmt.Sprintf("%s:%d: a synonym group needs two or more terms, separated by commas; line skipped", name, n+1))
			}
			continue
		}
		gs.add(terms)
		for _, t := range terms {
			maxLen = max(maxLen, len(strings.Fields(t)))
		}
	}
	return maxLen
}

func (gs *groupSet) add(terms []string) {
	if gs.byKey == nil {
		gs.byKey = map[string][]int{}
	}
	g := len(gs.groups)
	gs.groups = append(gs.groups, terms)
	for _, t := range terms {
		if k := synKey(t); !slices.Contains(gs.byKey[k], g) {
			gs.byKey[k] = append(gs.byKey[k], g)
		}
	}
}

// lineTerms are the terms of a group's line that have a key.
func lineTerms(line string) []string {
	var terms []string
	for _, t := range strings.FieldsFunc(line, isSeparator) {
		if t = strings.TrimSpace(t); synKey(t) != "" {
			terms = append(terms, t)
		}
	}
	return terms
}

func isSeparator(r rune) bool { return r == ',' || r == '=' }

// Lookup returns the other terms of every group term belongs to.
func (s *Synonyms) Lookup(term string) []string {
	if s == nil {
		return nil
	}
	k := synKey(term)
	var out []string
	var seen map[string]bool
	add := func(terms []string) {
		if seen == nil {
			seen = map[string]bool{k: true}
		}
		for _, t := range terms {
			if tk := synKey(t); !seen[tk] {
				seen[tk] = true
				out = append(out, t)
			}
		}
	}
	s.builtin.groups(k, add)
	for _, g := range s.user.byKey[k] {
		add(s.user.groups[g])
	}
	return out
}

// has reports whether a term of some group has key k.
func (s *Synonyms) has(k string) bool {
	found := false
	s.builtin.groups(k, func([]string) { found = true })
	return found || len(s.user.byKey[k]) > 0
}

// every is kb's dictionary and the user's, parsed: for the look-ups that
// compare a word with every term (close spellings), which only a query with
// a word in no note makes.
func (s *Synonyms) every() *groupSet {
	s.allOnce.Do(func() {
		s.all.parse(s.builtin.text, "", nil)
		for _, g := range s.user.groups {
			s.all.add(g)
		}
	})
	return &s.all
}

// Len is the number of groups.
func (s *Synonyms) Len() int { return s.builtin.n + len(s.user.groups) }

// Near returns the terms of the groups whose key is a letter (jamo) away
// from term's: a misspelt 도커스윔 finds the group of 도커 스웜.
func (s *Synonyms) Near(term string) []string {
	if s == nil {
		return nil
	}
	all := s.every()
	var out []string
	for _, k := range nearKeys(all.byKey, synKey(term)) {
		for _, g := range all.byKey[k] {
			out = append(out, all.groups[g]...)
		}
	}
	return out
}
