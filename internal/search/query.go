// Package search turns what a user types into an index query and the hits
// into ranked results with highlighted snippets.
package search

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Kind says what a term matches.
type Kind int

const (
	Text  Kind = iota // a word or quoted phrase, anywhere in the note
	Title             // title:WORD
	Tag               // tag:NAME or #NAME
	Type              // type:NAME
)

// Term is one element of a query.
type Term struct {
	Kind   Kind
	Value  string
	Phrase bool // written in quotes
	Prefix bool // written with a trailing *: kube*, 쿠버*
}

// Query is a parsed query: every group must match (AND), a group matches when
// any of its terms does (OR), and no Exclude term may match.
type Query struct {
	Groups  [][]Term
	Exclude []Term
}

// SyntaxError is a query kb cannot take; it is the user's to fix.
type SyntaxError struct{ Msg string }

func (e *SyntaxError) Error() string { return e.Msg }

// Parse reads a query: words (all must match), "quoted phrases", -word to
// exclude, tag:NAME or #NAME, type:NAME, title:WORD, and OR between terms.
func Parse(input string) (*Query, error) {
	toks, err := tokenize(norm.NFC.String(input))
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, &SyntaxError{"the query is empty"}
	}
	q := &Query{}
	orNext := false
	for i, tk := range toks {
		if tk.text == "OR" && !tk.quoted {
			if i == 0 || i == len(toks)-1 || orNext || toks[i-1].neg || toks[i+1].neg {
				return nil, &SyntaxError{"OR needs a word on each side, as in: docker OR podman"}
			}
			orNext = true
			continue
		}
		if !tk.quoted && !tk.neg {
			// Questions end in ?, lists in commas: 뭐가 다른 거야?
			if tk.text = strings.TrimFunc(tk.text, isSentencePunct); tk.text == "" {
				continue
			}
		}
		t, err := termOf(tk)
		if err != nil {
			return nil, err
		}
		switch {
		case tk.neg:
			q.Exclude = append(q.Exclude, t)
		case orNext:
			g := &q.Groups[len(q.Groups)-1]
			*g = append(*g, t)
		default:
			q.Groups = append(q.Groups, []Term{t})
		}
		orNext = false
	}
	if len(q.Groups) == 0 && len(q.Exclude) == 0 {
		return nil, &SyntaxError{"the query is empty"}
	}
	if n := len(q.Groups) + len(q.Exclude); n > MaxWords {
		// Each word costs look-ups in the index and a clause of the query.
		return nil, &SyntaxError{fmt.Sprintf("the query has %d words; kb searches with up to %d", n, MaxWords)}
	}
	return q, nil
}

// MaxWords is the most words a query may have: a question is a dozen.
const MaxWords = 64

// isSentencePunct is punctuation around a word that is not part of it.
func isSentencePunct(r rune) bool { return strings.ContainsRune("?!.,;~…？！。、", r) }

type token struct {
	text   string
	quoted bool
	neg    bool
	prefix string // "tag:", "type:", "title:" or "#", before a quoted value
}

func tokenize(s string) ([]token, error) {
	var out []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		var tk token
		if rs[i] == '-' {
			tk.neg = true
			i++
			if i == len(rs) || unicode.IsSpace(rs[i]) {
				return nil, &SyntaxError{"a lone '-' excludes nothing: write -WORD to leave out notes with WORD"}
			}
		}
		start := i
		for i < len(rs) && !unicode.IsSpace(rs[i]) && !isQuote(rs[i]) {
			i++
		}
		tk.prefix = string(rs[start:i])
		if i < len(rs) && isQuote(rs[i]) {
			if tk.prefix != "" && !isFieldPrefix(tk.prefix) {
				return nil, &SyntaxError{fmt.Sprintf("a quote in the middle of %q: put quotes around a whole phrase", string(rs[start:i+1]))}
			}
			end := i + 1
			for end < len(rs) && !isQuote(rs[end]) {
				end++
			}
			if end == len(rs) {
				return nil, &SyntaxError{"unbalanced quote: every \" needs a closing \""}
			}
			tk.text, tk.quoted = string(rs[i+1:end]), true
			i = end + 1
			if i < len(rs) && !unicode.IsSpace(rs[i]) {
				return nil, &SyntaxError{"put a space after a closing quote"}
			}
		} else {
			tk.text, tk.prefix = tk.prefix, ""
		}
		out = append(out, tk)
	}
	return out, nil
}

// isQuote accepts the straight quote and the curly ones phones and Korean
// input methods produce.
func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' }

func isFieldPrefix(p string) bool {
	switch strings.ToLower(p) {
	case "tag:", "type:", "title:", "#":
		return true
	}
	return false
}

func termOf(tk token) (Term, error) {
	field, value := tk.prefix, tk.text
	if !tk.quoted {
		if i := strings.IndexByte(value, ':'); i > 0 && isFieldPrefix(value[:i+1]) {
			field, value = value[:i+1], value[i+1:]
		} else if strings.HasPrefix(value, "#") && len(value) > 1 {
			field, value = "#", value[1:]
		}
	}
	t := Term{Value: strings.TrimSpace(value), Phrase: tk.quoted}
	if !tk.quoted && len(t.Value) > 1 && strings.HasSuffix(t.Value, "*") {
		t.Value, t.Prefix = strings.TrimRight(t.Value, "*"), true
	}
	switch strings.ToLower(field) {
	case "tag:", "#":
		t.Kind = Tag
	case "type:":
		t.Kind = Type
	case "title:":
		t.Kind = Title
	default:
		t.Kind = Text
	}
	if n := longestRun(t.Value); n > MaxWordLetters {
		return t, &SyntaxError{fmt.Sprintf("a word of %d letters (%s…) is too long to search for: kb searches words of up to %d letters",
			n, string([]rune(t.Value)[:20]), MaxWordLetters)}
	}
	if t.Value == "" {
		if field != "" {
			return t, &SyntaxError{fmt.Sprintf("%s needs a value, as in %sNAME", field, field)}
		}
		return t, &SyntaxError{"an empty phrase \"\" matches nothing"}
	}
	return t, nil
}

// MaxWordLetters bounds a word of a query. Longer words cost time that grows
// with their square (Hangul splits, typo automata), and the index keeps only
// the first 64 bytes of a Latin word anyway.
const MaxWordLetters = 100

// longestRun is the length in runes of the longest run of letters, digits
// and marks in s: what the analyzer would make one word of. A long URL is
// many short words; a 100,000-letter word is one.
func longestRun(s string) int {
	best, n := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// String writes the query back in its syntax, for messages.
func (q *Query) String() string {
	var parts []string
	for _, g := range q.Groups {
		var alts []string
		for _, t := range g {
			alts = append(alts, t.String())
		}
		parts = append(parts, strings.Join(alts, " OR "))
	}
	for _, t := range q.Exclude {
		parts = append(parts, "-"+t.String())
	}
	return strings.Join(parts, " ")
}

func (t Term) String() string {
	v := t.Value
	if t.Phrase || strings.ContainsAny(v, " \t") {
		v = `"` + v + `"`
	}
	if t.Prefix {
		v += "*"
	}
	switch t.Kind {
	case Tag:
		return "tag:" + v
	case Type:
		return "type:" + v
	case Title:
		return "title:" + v
	}
	return v
}
