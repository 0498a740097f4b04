package index

import (
	"context"
	"sort"
	"strings"
	"unicode"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/kb-cli/kb/internal/korean"
)

// Two keyword fields hold a note's vocabulary, for the words a query has
// that no note has as typed:
//   - FieldWords: each Hangul word spelled letter by letter (korean.Jamo), so
//     a fuzzy term query finds 쿠버네티스 for 쿠버네테스;
//   - FieldLoan: "KEY word" for each Latin word and each Hangul word, KEY
//     being its loanword skeleton (korean.LoanKeys), so 이스티오 finds Istio
//     and terraform finds 테라폼.
const (
	FieldWords = "words"
	FieldLoan  = "loan"
)

// maxVocabRunes bounds the words kept: longer runs are sentences without
// spaces or data, not words anyone types.
const maxVocabRunes = 12

// vocabulary lists the distinct words of a note's text for the two fields.
func vocabulary(texts ...string) (words, loans []string) {
	seenW, seenL := map[string]bool{}, map[string]bool{}
	addLoan := func(w string) {
		for _, k := range korean.LoanKeys(w) {
			if t := k + " " + w; !seenL[t] {
				seenL[t] = true
				loans = append(loans, t)
			}
		}
	}
	for _, text := range texts {
		for _, f := range strings.FieldsFunc(text, func(r rune) bool {
			return !(unicode.IsLetter(r) || unicode.IsDigit(r))
		}) {
			for _, w := range scriptWords(f) {
				n := korean.Len(w)
				if n < 2 || n > maxVocabRunes {
					continue
				}
				if korean.AllHangul(w) {
					forms := []string{w}
					if st := korean.Stems(w); len(st) > 0 && !st[0].Verb && korean.Len(st[0].Text) >= 2 {
						forms = append(forms, st[0].Text)
					}
					for _, x := range forms {
						if j := korean.Jamo(x); !seenW[j] {
							seenW[j] = true
							words = append(words, j)
							addLoan(x)
						}
					}
					continue
				}
				lw := strings.ToLower(w)
				if !seenL[lw] {
					seenL[lw] = true
					addLoan(lw)
				}
			}
		}
	}
	return words, loans
}

// scriptWords splits a run of letters where the script changes between
// Hangul and the rest: Swarm으로 → Swarm, 으로.
func scriptWords(s string) []string {
	var out []string
	start, prev := 0, -1
	for i, r := range s {
		h := 0
		if korean.IsSyllable(r) {
			h = 1
		}
		if prev >= 0 && h != prev {
			out = append(out, s[start:i])
			start = i
		}
		prev = h
	}
	return append(out, s[start:])
}

// Lookup answers questions about the words in the index, for building
// queries: whether a term occurs, and which index words are close to a
// query word.
type Lookup struct {
	r bindex.IndexReader
}

// Lookup opens a reader on the index as it is now. Close it after use.
func (ix *Index) Lookup() (*Lookup, error) {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	return &Lookup{r: r}, nil
}

// Close releases the reader.
func (l *Lookup) Close() error {
	if l == nil {
		return nil
	}
	return l.r.Close()
}

// lookupFields are where a word counts as present.
var lookupFields = []string{FieldTitle, FieldHeadings, FieldBody, FieldName}

// Has reports whether every index term of text occurs in some note (a
// necessary condition for the text to occur; cheap: dictionary look-ups).
func (l *Lookup) Has(text string) bool {
	if l == nil {
		return true
	}
	terms := Terms(text)
	if len(terms) == 0 {
		return false
	}
	for _, t := range terms {
		if !l.hasTerm(t) {
			return false
		}
	}
	return true
}

// Common reports whether text is in more than a tenth of the notes (by its
// rarest term: an upper bound), in a knowledge base of 50 notes or more. A
// word that common says little about which note is wanted.
func (l *Lookup) Common(text string) bool {
	if l == nil {
		return false
	}
	n, err := l.r.DocCount()
	if err != nil || n < 50 {
		return false
	}
	terms := Terms(text)
	if len(terms) == 0 {
		return false
	}
	rarest := n
	for _, t := range terms {
		var df uint64
		for _, f := range lookupFields {
			tfr, err := l.r.TermFieldReader(context.Background(), []byte(t), f, false, false, false)
			if err != nil {
				continue
			}
			df = max(df, tfr.Count())
			tfr.Close()
		}
		rarest = min(rarest, df)
	}
	return rarest*10 > n
}

func (l *Lookup) hasTerm(term string) bool {
	for _, f := range lookupFields {
		tfr, err := l.r.TermFieldReader(context.Background(), []byte(term), f, false, false, false)
		if err != nil {
			continue
		}
		n := tfr.Count()
		tfr.Close()
		if n > 0 {
			return true
		}
	}
	return false
}

// CloseHangul lists the Hangul words of the notes within fuzziness letters
// (jamo) of word, closest first.
func (l *Lookup) CloseHangul(word string, fuzziness int) []string {
	if l == nil {
		return nil
	}
	fr, ok := l.r.(bindex.IndexReaderFuzzy)
	if !ok {
		return nil
	}
	j := korean.Jamo(word)
	d, a, err := fr.FieldDictFuzzyAutomaton(FieldWords, j, fuzziness, "")
	if err != nil {
		return nil
	}
	defer d.Close()
	type cand struct {
		w    string
		dist uint8
	}
	var cs []cand
	for e, err := d.Next(); err == nil && e != nil && len(cs) < 200; e, err = d.Next() {
		if e.Term == j {
			continue
		}
		_, dist := a.MatchAndDistance(e.Term)
		cs = append(cs, cand{korean.Syllables(e.Term), dist})
	}
	sort.SliceStable(cs, func(i, k int) bool { return cs[i].dist < cs[k].dist })
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, c.w)
	}
	return out
}

// Loanwords lists the words of the notes whose loanword skeleton is key.
func (l *Lookup) Loanwords(key string) []string {
	if l == nil {
		return nil
	}
	key = strings.ToLower(key) // the keyword analyzer lower-cased the terms
	d, err := l.r.FieldDictPrefix(FieldLoan, []byte(key+" "))
	if err != nil {
		return nil
	}
	defer d.Close()
	var out []string
	for e, err := d.Next(); err == nil && e != nil && len(out) < 200; e, err = d.Next() {
		out = append(out, strings.TrimPrefix(e.Term, key+" "))
	}
	return out
}
