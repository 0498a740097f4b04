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
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

//go:embed dict/synonyms.txt
var builtinSynonyms string

// Synonyms maps a term to the other terms of its groups.
type Synonyms struct {
	builtin *dictIndex // kb's dictionary, looked up in place
	user    groupSet   // the user's file
	maxLen  int        // the most words in any term

	keysOnce sync.Once
	keys     []string // every term's key, read on the first Near

	userText  string
	wordsOnce sync.Once
	words     *dictIndex // word translations (alignWords), read on the first Compose
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
	if k, ok := simpleKey(s); ok {
		return k
	}
	return slowKey(s)
}

// slowKey is synKey for any text.
func slowKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(norm.NFC.String(s)) {
		if unicode.IsLetter(r) || unicode.IsNumber(r) || r == '+' || r == '#' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// simpleKey is synKey for text of ASCII and Hangul syllables only (NFC
// already, and only ASCII has case), without normalising: most spaced
// terms. ok is false for any other text.
func simpleKey(s string) (k string, ok bool) {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '+', c == '#':
			b = append(b, c)
			i++
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
			i++
		case c < utf8.RuneSelf:
			i++ // space or punctuation
		case c >= 0xEA && c <= 0xED && i+2 < len(s) && isHangulSyllable(s[i:i+3]):
			b = append(b, s[i:i+3]...)
			i += 3
		default:
			return "", false
		}
	}
	return string(b), true
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
			s.userText = string(data)
			s.maxLen = max(s.maxLen, s.user.parse(s.userText, userFile, &warns))
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
		terms, keys := lineTerms(line)
		if len(terms) < 2 {
			if warns != nil {
				*warns = append(*warns, fmt.Sprintf("%s:%d: a synonym group needs two or more terms, separated by commas; line skipped", name, n+1))
			}
			continue
		}
		gs.add(terms, keys)
		for _, t := range terms {
			maxLen = max(maxLen, len(strings.Fields(t)))
		}
	}
	return maxLen
}

// add adds a group: its terms and their keys.
func (gs *groupSet) add(terms, keys []string) {
	if gs.byKey == nil {
		gs.byKey = map[string][]int{}
	}
	g := len(gs.groups)
	gs.groups = append(gs.groups, terms)
	for _, k := range keys {
		if !slices.Contains(gs.byKey[k], g) {
			gs.byKey[k] = append(gs.byKey[k], g)
		}
	}
}

// lineTerms are the terms of a group's line that have a key, and the keys.
func lineTerms(line string) (terms, keys []string) {
	for _, t := range strings.FieldsFunc(line, isSeparator) {
		t = strings.TrimSpace(t)
		if k := synKey(t); k != "" {
			terms, keys = append(terms, t), append(keys, k)
		}
	}
	return terms, keys
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

// eachTerm calls yield with every term of every group and its key, kb's
// dictionary first: for the look-ups that compare a word with every term
// (close spellings), which only a query with a word in no note makes.
func (s *Synonyms) eachTerm(yield func(term, key string)) {
	for text := s.builtin.text; text != ""; {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		if line = strings.TrimSpace(line); line == "" || line[0] == '#' {
			continue
		}
		if terms, keys := lineTerms(line); len(terms) >= 2 {
			for i, t := range terms {
				yield(t, keys[i])
			}
		}
	}
	for _, g := range s.user.groups {
		for _, t := range g {
			yield(t, synKey(t))
		}
	}
}

// Len is the number of groups.
func (s *Synonyms) Len() int { return s.builtin.n + len(s.user.groups) }

// Near returns the terms of the groups whose key is a letter (jamo) away
// from term's: a misspelt 도커스윔 finds the group of 도커 스웜.
func (s *Synonyms) Near(term string) []string {
	if s == nil {
		return nil
	}
	// A query with a word in no note asks for several spans of words.
	s.keysOnce.Do(func() {
		s.eachTerm(func(_, key string) { s.keys = append(s.keys, key) })
	})
	keys := func(yield func(string)) {
		for _, k := range s.keys {
			yield(k)
		}
	}
	var out []string
	for _, k := range nearKeys(keys, synKey(term)) {
		s.builtin.groups(k, func(terms []string) { out = append(out, terms...) })
		for _, g := range s.user.byKey[k] {
			out = append(out, s.user.groups[g]...)
		}
	}
	return out
}

// maxCompose bounds the mixes of translations Compose tries.
const maxCompose = 512

// Compose returns the terms of the groups of the dictionary terms spelled by
// words with some of them replaced by their translations (see alignWords):
// 문맥 전환 finds the group of context switch. Words as typed are not tried
// together: Lookup does that.
func (s *Synonyms) Compose(words []string) []string {
	if s == nil || len(words) < 2 {
		return nil
	}
	s.wordsOnce.Do(func() {
		text := builtinWords
		if s.userText != "" {
			text += alignWords(s.userText)
		}
		s.words = indexDict(text)
	})
	choices := make([][]string, len(words))
	total := 1
	for i, w := range words {
		k := synKey(w)
		if k == "" {
			return nil
		}
		choices[i] = []string{k}
		s.words.groups(k, func(terms []string) {
			for _, t := range terms {
				if tk := synKey(t); !slices.Contains(choices[i], tk) {
					choices[i] = append(choices[i], tk)
				}
			}
		})
		total *= len(choices[i])
	}
	if total > maxCompose {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	add := func(terms []string) {
		for _, t := range terms {
			if tk := synKey(t); !seen[tk] {
				seen[tk] = true
				out = append(out, t)
			}
		}
	}
	pick := make([]int, len(words))
	for c := 1; c < total; c++ { // 0 is the words as typed
		n := c
		var key strings.Builder
		for i := range words {
			pick[i] = n % len(choices[i])
			n /= len(choices[i])
			key.WriteString(choices[i][pick[i]])
		}
		k := key.String()
		s.builtin.groups(k, add)
		for _, g := range s.user.byKey[k] {
			add(s.user.groups[g])
		}
	}
	return out
}
