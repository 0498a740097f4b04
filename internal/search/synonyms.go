package search

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

//go:embed dict/synonyms.txt
var builtinSynonyms string

// Synonyms maps a term to the other terms of its groups.
type Synonyms struct {
	groups [][]string
	byKey  map[string][]int // key -> group indexes
	maxLen int              // the most words in any term
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
// number; the rest are used.
func LoadSynonyms(userFile string) (*Synonyms, []string) {
	s := &Synonyms{byKey: map[string][]int{}}
	s.parse(builtinSynonyms, "", nil)
	var warns []string
	if userFile != "" {
		data, err := os.ReadFile(userFile)
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			warns = append(warns, fmt.Sprintf("%s: %v", userFile, err))
		default:
			s.parse(string(data), userFile, &warns)
		}
	}
	return s, warns
}

func (s *Synonyms) parse(text, name string, warns *[]string) {
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var terms, keys []string
		for _, t := range strings.FieldsFunc(line, isSeparator) {
			t = strings.TrimSpace(t)
			if k := synKey(t); k != "" {
				terms, keys = append(terms, t), append(keys, k)
			}
		}
		if len(terms) < 2 {
			if warns != nil {
				*warns = append(*warns, fmt.Sprintf("%s:%d: a synonym group needs two or more terms, separated by commas; line skipped", name, n+1))
			}
			continue
		}
		g := len(s.groups)
		s.groups = append(s.groups, terms)
		for i, t := range terms {
			if k := keys[i]; !slices.Contains(s.byKey[k], g) {
				s.byKey[k] = append(s.byKey[k], g)
			}
			s.maxLen = max(s.maxLen, len(strings.Fields(t)))
		}
	}
}

func isSeparator(r rune) bool { return r == ',' || r == '=' }

// Lookup returns the other terms of every group term belongs to.
func (s *Synonyms) Lookup(term string) []string {
	if s == nil {
		return nil
	}
	k := synKey(term)
	var out []string
	seen := map[string]bool{k: true}
	for _, g := range s.byKey[k] {
		for _, t := range s.groups[g] {
			if tk := synKey(t); !seen[tk] {
				seen[tk] = true
				out = append(out, t)
			}
		}
	}
	return out
}

// Len is the number of groups.
func (s *Synonyms) Len() int { return len(s.groups) }

// Near returns the terms of the groups whose key is a letter (jamo) away
// from term's: a misspelt 도커스윔 finds the group of 도커 스웜.
func (s *Synonyms) Near(term string) []string {
	if s == nil {
		return nil
	}
	var out []string
	for _, k := range nearKeys(s.byKey, synKey(term)) {
		for _, g := range s.byKey[k] {
			out = append(out, s.groups[g]...)
		}
	}
	return out
}
