package index

import (
	"context"
	"errors"
	"os"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/kb-cli/kb/internal/editdist"
	"github.com/kb-cli/kb/internal/kb"
	"github.com/kb-cli/kb/internal/korean"
)

// A note's vocabulary is two lists of terms, for the words a query has
// that no note has as typed; the vocabulary store beside the index keeps
// them once for all notes (vocabstore.go):
//   - words: each Hangul word (and its noun stem), so that the words a
//     letter (jamo) away from 쿠버네테스 can be listed: 쿠버네티스;
//   - loans: "key:word" for each Latin word and each Hangul word, key
//     being its loanword skeleton (korean.LoanKeys), so 이스티오 finds Istio
//     and terraform finds 테라폼.

// maxVocabRunes bounds the words kept: longer runs are sentences without
// spaces or data, not words anyone types.
const maxVocabRunes = 12

// vocabulary lists the distinct words of a note's text for the two lists,
// each list's terms separated by spaces (vocab_test.go holds the plain
// version it must agree with).
func vocabulary(texts ...string) (string, string) {
	v := newVocab()
	var words, loans strings.Builder
	for _, t := range v.add(texts...) {
		if t[0] == termWord {
			appendTerm(&words, t[1:])
		} else {
			appendTerm(&loans, t[1:])
		}
	}
	return words.String(), loans.String()
}

// vocab makes the vocabulary terms of texts, prefixed as the store keeps
// them (termWord, termLoan), each once: a parse worker keeps one for all the
// notes it reads, so that a word met again in another note costs a map
// look-up, not its stems and loanword keys again (each is stored once).
type vocab struct {
	out          []string // the terms of the current add
	seenW, seenL map[string]struct{}
	seenRaw      map[string]struct{}
	buf          []byte
}

func newVocab() *vocab {
	return &vocab{
		seenW:   make(map[string]struct{}, 64),
		seenL:   make(map[string]struct{}, 128),
		seenRaw: make(map[string]struct{}, 64),
	}
}

// add returns the terms of texts not returned before, in order of first
// occurrence.
func (v *vocab) add(texts ...string) []string {
	v.out = nil
	for _, text := range texts {
		start := -1 // of the current run of letters and digits
		for i, r := range text {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				if start < 0 {
					start = i
				}
				continue
			}
			if start >= 0 {
				v.run(text[start:i])
				start = -1
			}
		}
		if start >= 0 {
			v.run(text[start:])
		}
	}
	return v.out
}

// run takes a run of letters and digits, split where the script changes
// between Hangul and the rest: Swarm으로 → Swarm, 으로.
func (v *vocab) run(s string) {
	start, prev := 0, -1
	for i, r := range s {
		h := 0
		if korean.IsSyllable(r) {
			h = 1
		}
		if prev >= 0 && h != prev {
			v.word(s[start:i])
			start = i
		}
		prev = h
	}
	v.word(s[start:])
}

// word takes one word of a note's text. The maps keep copies: a slice of
// the text would keep the whole note in memory.
func (v *vocab) word(w string) {
	n := korean.Len(w)
	if n < 2 || n > maxVocabRunes {
		return
	}
	if korean.AllHangul(w) {
		// The word and its form without a particle (쿠버네티스를 →
		// 쿠버네티스; 그대로 stays too: 로 is not always one).
		if _, ok := v.seenRaw[w]; ok {
			return
		}
		v.seenRaw[strings.Clone(w)] = struct{}{}
		v.hangul(w)
		if n >= 3 {
			if st := korean.Stems(w); len(st) > 0 && !st[0].Verb && korean.Len(st[0].Text) >= 2 {
				v.hangul(st[0].Text)
			}
		}
		return
	}
	v.buf = appendLower(v.buf[:0], w)
	if _, ok := v.seenL[string(v.buf)]; ok {
		return
	}
	lw := string(v.buf)
	v.seenL[lw] = struct{}{}
	v.loan(lw)
}

func (v *vocab) hangul(w string) {
	if _, ok := v.seenW[w]; ok {
		return
	}
	t := string(termWord) + w
	v.seenW[t[1:]] = struct{}{}
	v.out = append(v.out, t)
	v.loan(t[1:])
}

// loan adds "key:word" for each loanword key of w.
func (v *vocab) loan(w string) {
	for _, k := range korean.LoanKeys(w) {
		v.buf = append(appendLower(append(v.buf[:0], termLoan), k), ':')
		v.buf = append(v.buf, w...)
		if _, ok := v.seenL[string(v.buf)]; ok {
			continue
		}
		t := string(v.buf)
		v.seenL[t] = struct{}{}
		v.out = append(v.out, t)
	}
}

func appendTerm(b *strings.Builder, term string) {
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	b.WriteString(term)
}

// appendLower appends strings.ToLower(s) to buf, without allocating for
// ASCII.
func appendLower(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(buf, strings.ToLower(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// Lookup answers questions about the words in the index, for building
// queries: whether a term occurs, and which index words are close to a
// query word. It reads every index answers come from: on a disk kb cannot
// write, the stale one and the one in memory of the notes changed since
// (words of a note removed since still count there: at worst a typo is
// then not corrected). The vocabulary store is read on the first question
// that needs it, not before: most queries have only words the notes have.
type Lookup struct {
	rs []bindex.IndexReader

	lay      kb.Layout
	useStore bool        // the store describes the index on disk
	more     []string    // the vocabulary of the notes in memory, sorted
	vs       *vocabStore // once read; nil if missing or damaged
	read     bool
}

// store is the vocabulary store, read on first use; nil when it cannot be
// read (a later update rebuilds it): the look-ups then offer fewer words.
func (l *Lookup) store() *vocabStore {
	if !l.read && l.useStore {
		l.vs, _ = openVocab(l.lay)
	}
	l.read = true
	return l.vs
}

// Lookup opens readers on the index as it is now. Close it after use.
func (ix *Index) Lookup() (*Lookup, error) {
	if ix.ro == nil && ix.bi != nil && ix.Count() > 0 {
		if _, err := os.Lstat(ix.lay.Vocabulary()); errors.Is(err, os.ErrNotExist) {
			// Its words are in no other file: only the notes have them.
			ix.opts.Warn(errNoVocab.Error() + "; rebuilding the index from the notes")
			if err := ix.rebuild(); err != nil {
				return nil, err
			}
		}
	}
	bis := []bleve.Index{ix.bi}
	if ix.ro != nil {
		bis = []bleve.Index{ix.ro.mem}
		if ix.bi != nil {
			bis = append(bis, ix.bi)
		}
	}
	l := &Lookup{lay: ix.lay, useStore: ix.bi != nil}
	if ix.ro != nil {
		l.more = ix.ro.terms
	}
	for _, bi := range bis {
		adv, err := bi.Advanced()
		if err == nil {
			var r bindex.IndexReader
			if r, err = adv.Reader(); err == nil {
				l.rs = append(l.rs, r)
				continue
			}
		}
		l.Close()
		return nil, err
	}
	return l, nil
}

// Close releases the readers.
func (l *Lookup) Close() error {
	if l == nil {
		return nil
	}
	var err error
	for _, r := range l.rs {
		if cerr := r.Close(); cerr != nil {
			err = cerr
		}
	}
	l.rs = nil
	return err
}

// lookupFields are where a word counts as present.
var lookupFields = []string{FieldTitle, FieldHeadings, FieldBody, FieldName}

// DocFreq is how many notes hold text, at most (the count of its rarest
// term; cheap: dictionary look-ups), and how many notes there are.
func (l *Lookup) DocFreq(text string) (df, n int) {
	if l == nil {
		return 0, 0
	}
	var total uint64
	for _, r := range l.rs {
		n, err := r.DocCount()
		if err != nil {
			return 0, 0
		}
		total += n
	}
	terms := Terms(text)
	if len(terms) == 0 {
		return 0, int(total)
	}
	rarest := total
	for _, t := range terms {
		var c uint64
		for _, r := range l.rs {
			var inR uint64
			for _, f := range lookupFields {
				tfr, err := r.TermFieldReader(context.Background(), []byte(t), f, false, false, false)
				if err != nil {
					continue
				}
				inR = max(inR, tfr.Count())
				tfr.Close()
			}
			c += inR
		}
		rarest = min(rarest, c)
	}
	return int(rarest), int(total)
}

// Common reports whether text is in more than a tenth of the notes, in a
// knowledge base of 50 notes or more. A word that common says little about
// which note is wanted.
func (l *Lookup) Common(text string) bool {
	df, n := l.DocFreq(text)
	return n >= 50 && df*10 > n
}

// Has reports whether text may occur in some note: every one of its index
// terms does (a necessary condition).
func (l *Lookup) Has(text string) bool {
	if l == nil {
		return true
	}
	df, _ := l.DocFreq(text)
	return df > 0
}

// CloseHangul lists the Hangul words of the notes within fuzziness letters
// (jamo) of word, closest first. Candidates share the word's first letter
// (typos are rarely there): syllables with one first consonant are one
// range of code points, so that is one range of the dictionary. Each is
// then checked with a banded edit distance on their letters.
func (l *Lookup) CloseHangul(word string, fuzziness int) []string {
	if l == nil || !korean.AllHangul(word) {
		return nil
	}
	lo, hi := korean.LeadRange([]rune(word)[0])
	j := []rune(korean.Jamo(word))
	type cand struct {
		w    string
		dist int
	}
	var cs []cand
	scanned := 0
	l.store().scan(string(termWord)+string(lo), string(termWord)+string(hi+1), l.more, func(t string) bool {
		if scanned++; scanned > maxCloseScan {
			return false
		}
		w := t[1:]
		if absDiff(korean.Len(w), len(j)/2) > 2+fuzziness {
			return true // cheap length check before the letters
		}
		if dist, ok := editdist.Within(j, []rune(korean.Jamo(w)), fuzziness); ok && dist > 0 {
			cs = append(cs, cand{w, dist})
		}
		return true
	})
	sort.SliceStable(cs, func(i, k int) bool { return cs[i].dist < cs[k].dist })
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		if l.Has(c.w) { // the store keeps words of notes since changed
			out = append(out, c.w)
		}
	}
	return out
}

func absDiff(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}

// maxCloseScan bounds the dictionary entries one typo look-up reads.
const maxCloseScan = 20000

// Loanwords lists the words of the notes whose loanword skeleton is key.
func (l *Lookup) Loanwords(key string) []string {
	if l == nil {
		return nil
	}
	key = strings.ToLower(key)
	prefix := string(termLoan) + key + ":"
	var out []string
	l.store().scan(prefix, prefixEnd(prefix), l.more, func(t string) bool {
		// The store keeps words of notes since changed.
		if w := t[len(prefix):]; l.Has(w) {
			out = append(out, w)
		}
		return len(out) < 200
	})
	return out
}

// prefixEnd is the least string after every string that starts with
// prefix, which ends in a byte below 0xff.
func prefixEnd(prefix string) string {
	b := []byte(prefix)
	b[len(b)-1]++
	return string(b)
}
