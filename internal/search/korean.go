package search

import (
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/kb-cli/kb/internal/editdist"
	"github.com/kb-cli/kb/internal/korean"
)

// wordForms are the ways a query word may appear in a note.
type wordForms struct {
	stem     string   // without its particle or ending (세마포어와 → 세마포어)
	verb     bool     // stem is a verb stem: match its conjugated spellings
	weak     bool     // w is a verb form (막으려면, 쓰는): how the question is put
	generic  bool     // 차이, 방법, 뭐야: not what the query is about
	synonyms []string // from the dictionary
	loans    []string // words of the notes that sound the same in the other script
	missing  bool     // neither the word nor its stem is in any note
	close    []string // words of the notes spelled a letter or two away
}

// forms works out how to look for w. The word as typed is always looked for;
// its stem too, unless the word is a dictionary term (키바나 ends in the
// particle 나, but is a word). Look-ups in the index decide whether the word
// is in no note, and then what it may be a misspelling of.
func (b builder) forms(w string) wordForms {
	var f wordForms
	f.synonyms = b.syn.Lookup(w)
	if len(f.synonyms) == 0 {
		if st := firstStem(w); st.Text != "" {
			f.stem, f.verb = st.Text, st.Verb
			if !st.Verb {
				f.synonyms = b.syn.Lookup(st.Text)
			}
		}
	}
	// A lone syllable (새, 뷰) or number (8) matches too much or too little to
	// decide anything: it helps the ranking but is not required.
	f.weak = b.verbForm(w) || korean.AllHangul(w) && korean.Len(w) == 1 && len(f.synonyms) == 0 || isNumber(w)
	if !f.weak && b.lk != nil && len(f.synonyms) == 0 {
		base := w
		if f.stem != "" && !f.verb && korean.Len(f.stem) >= 2 {
			base = f.stem
		}
		f.weak = b.lk.Common(base)
	}
	if f.generic = isGeneric(w); f.generic || b.lk == nil {
		return f
	}
	base := w
	if f.stem != "" && !f.verb {
		base = f.stem
	}
	if len(f.synonyms) == 0 {
		// The dictionary knows the other spellings of its terms; for the rest,
		// the notes' own words that sound the same.
		f.loans = append(b.acronyms(w, base), b.loanwords(base)...)
		if len(f.loans) == 0 && !b.present(w) {
			f.loans = b.mixed(base)
		}
	}
	f.missing = !b.present(w) && (f.stem == "" || !b.present(f.stem)) && !b.anyPresent(f.synonyms)
	if f.missing || b.rare(base) {
		// A word in no note, or in one or two: maybe a misspelling of a word
		// that many notes have (스케쥴링, 스케줄링).
		f.close = b.closeWords(base)
		if f.missing && len(f.synonyms) == 0 {
			f.synonyms = b.syn.Near(base)
		}
	}
	return f
}

// verbForm reports whether w reads as a verb or adjective form (쓰는,
// 빨라지는, 막으려면) rather than a noun with a particle. 는, 은 and ㄹ end
// both, so a noun reading whose stem is a dictionary term wins (스레드는), and
// a reading that only takes off a final consonant needs the word itself to be
// in no note (시스템 is not 시스테 + ㅁ).
func (b builder) verbForm(w string) bool {
	verb := false
	for _, st := range korean.Stems(w) {
		switch {
		case !st.Verb && len(b.syn.Lookup(st.Text)) > 0:
			return false
		case st.Verb && (!st.Fused || b.lk != nil && !b.lk.Has(w)):
			verb = true
		}
	}
	return verb && len(b.syn.Lookup(w)) == 0
}

// firstStem is the likeliest stem of w worth searching: a verb stem of one
// syllable (막 of 막으려면) matches nothing on its own.
func firstStem(w string) korean.Stem {
	for _, st := range korean.Stems(w) {
		if st.Verb && korean.Len(st.Text) < 2 {
			continue
		}
		return st
	}
	return korean.Stem{}
}

func isNumber(w string) bool {
	return strings.Trim(w, "0123456789") == ""
}

// rare: in at most two notes of a knowledge base of 50 or more.
func (b builder) rare(w string) bool {
	df, n := b.lk.DocFreq(w)
	return n >= 50 && df <= 2
}

// present reports whether w is in some note. Its terms all being in the
// index is enough for a short word; a long Hangul word's bigrams may all be
// common (존재하지않는단어), so unless its rarest bigram is in many notes (and
// the word then very likely too), it is looked for as the phrase: cheap,
// since the rarest bigram bounds the notes to check.
func (b builder) present(w string) bool {
	df, _ := b.lk.DocFreq(w)
	switch {
	case df == 0:
		return false
	case korean.Len(w) < 4 || !korean.AllHangul(w) || b.count == nil || df > 200:
		return true
	}
	return b.count(textPhrase(w, 1)) > 0
}

func (b builder) anyPresent(terms []string) bool {
	for _, t := range terms {
		if b.lk.Has(t) {
			return true
		}
	}
	return false
}

// minLoanMatch is how well vowels must agree for a loanword to count.
const minLoanMatch = 0.6

// loanwords are the words of the notes, in the other script, that w may be a
// spelling of: Istio for 이스티오, 테라폼 for terraform. Best first, three at most.
func (b builder) loanwords(w string) []string {
	hangul := korean.AllHangul(w)
	var cs []scored
	seen := map[string]bool{}
	for _, k := range korean.LoanKeys(w) {
		for _, c := range b.lk.Loanwords(k) {
			if korean.AllHangul(c) == hangul || seen[c] {
				continue
			}
			seen[c] = true
			var s float64
			if hangul {
				s = korean.LoanMatch(w, c)
			} else {
				s = korean.LoanMatch(c, w)
			}
			if s >= minLoanMatch {
				cs = append(cs, scored{c, s})
			}
		}
	}
	return best(cs, 3)
}

// scored is a candidate word and how well it matched.
type scored struct {
	w     string
	score float64
}

// best returns the n best words of cs, in order of score (stable).
func best(cs []scored, n int) []string {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].score > cs[j].score })
	out := make([]string, 0, min(n, len(cs)))
	for _, c := range cs[:min(n, len(cs))] {
		out = append(out, c.w)
	}
	return out
}

// acronyms are the acronyms of the notes that w, or its stem, spells letter
// by letter (디엔에스, 디엔에스가: DNS): it sounds like its letters' names,
// not like a word. Two letters count only for a word in no note: 이유
// (reason) also spells EU.
func (b builder) acronyms(w, stem string) []string {
	var out []string
	for _, x := range []string{w, stem} {
		for _, a := range korean.Acronyms(x) {
			if !slices.Contains(out, a) && b.lk.Has(a) && (len(a) >= 3 || !b.present(w)) {
				out = append(out, a)
			}
		}
	}
	return out
}

// mixed are the Latin words of the notes that w spells partly by sound and
// partly by letter names (마이에스큐엘: MySQL, 엔닷츠: ndots), best first,
// three at most. Only for a word in no note: it reads w many ways.
func (b builder) mixed(w string) []string {
	var cs []scored
	seen := map[string]bool{}
	for _, m := range korean.MixedSpellings(w) {
		for _, c := range b.lk.Loanwords(m.Key) {
			lc := strings.ToLower(c)
			if seen[lc] || korean.AllHangul(c) || len(lc) <= len(m.Letters) {
				continue
			}
			var rest string
			switch {
			case m.LettersLast && strings.HasSuffix(lc, m.Letters):
				rest = lc[:len(lc)-len(m.Letters)]
			case !m.LettersLast && strings.HasPrefix(lc, m.Letters):
				rest = lc[len(m.Letters):]
			default:
				continue
			}
			if s := korean.LoanMatchPart(m.Sound, rest); s >= minLoanMatch {
				seen[lc] = true
				cs = append(cs, scored{c, s})
			}
		}
	}
	return best(cs, 3)
}

// closeWords are Hangul words of the notes a letter or two (jamo) away from
// w: 쿠버네티스 for 쿠버네테스. Latin words get Bleve's fuzzy queries instead.
func (b builder) closeWords(w string) []string {
	if !korean.AllHangul(w) {
		return nil
	}
	n := len([]rune(korean.Jamo(w)))
	fuzziness := 1
	switch {
	case n < 5:
		return nil // two syllables: one letter off is another word
	case n >= 10:
		fuzziness = 2
	}
	out := b.lk.CloseHangul(w, fuzziness)
	return out[:min(3, len(out))]
}

// generic words say what kind of answer is wanted, not what it is about:
// "세마포어와 뮤텍스의 차이", "도커 볼륨은 뭐야", "...하려면 어떻게 해?". A note
// need not contain them to match; those that do rank a little higher.
// (Built on first use: only a search needs it.)
var generic = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		차이 차이점 비교 무엇 뭐 뭐야 뭔가 뭔 뭘 무슨 어떤 어떻게 어떡 어때 왜 언제 어디 누가 누구
		방법 설명 정리 개념 정의 의미 대해 대한 관련 관한 것 거 거야 건가 건지 건데 수 등 경우 때
		법 문제 특징 장단점 장점 단점 종류 과정 원리 이유 역할 예시 예제 구조 방식 동작 작동 조건
		발생 사용 이해 내용 정도 기본 핵심 요약 메모 질문 답변 하 되 해 돼 있 없 같 다르 좋 싶
		알려 알려줘 설명해 가능 필요 해야 하나 그냥 좀 제일 가장 주로 보통 무조건 정말 진짜 달라 달라요 다름
		the a an of in on for to and or is are be do does what how why when which vs versus
		difference between with about explain can should i you it`) {
		m[w] = true
	}
	return m
})

// isGeneric reports whether a query word (maybe with a particle or ending)
// is generic: 뭐가, 다른, 하려면, 해도.
func isGeneric(word string) bool {
	w := strings.ToLower(word)
	if generic()[w] {
		return true
	}
	for _, st := range korean.Stems(w) {
		if generic()[st.Text] {
			return true
		}
	}
	return false
}

// nounStems are the forms of w without a particle, for dictionary spans.
func nounStems(w string) []string {
	var out []string
	for _, st := range korean.Stems(w) {
		if !st.Verb {
			out = append(out, st.Text)
		}
	}
	return out
}

// stem is the likeliest stem of a word, for highlighting ("" if none).
func stem(w string) string { return firstStem(w).Text }

// nearKeys finds the dictionary keys a letter away from k: one jamo for a
// Hangul key of three or more syllables (도커스윔 → 도커스웜), one letter for
// a Latin key of five or more (quiksort → quicksort).
func nearKeys(keys func(yield func(key string)), k string) []string {
	var jk []rune
	hangul := korean.AllHangul(k)
	switch {
	case hangul && korean.Len(k) >= 3:
		jk = []rune(korean.Jamo(k))
	case isLatin(k) && len(k) >= 5:
		jk = []rune(k)
	default:
		return nil
	}
	var out []string
	// Thousands of keys, a few looked at: the cheap length checks come first
	// (a Hangul syllable is 3 bytes), the letters are spelled out last.
	keys(func(key string) {
		if hangul {
			if absDiff(len(key), len(k)) > 3 || !korean.AllHangul(key) || absDiff(jamoLen(key), len(jk)) > 1 {
				return
			}
		} else if absDiff(len(key), len(k)) > 1 || korean.AllHangul(key) {
			return
		}
		kk := []rune(key)
		if hangul {
			kk = []rune(korean.Jamo(key))
		}
		if _, ok := editdist.Within(jk, kk, 1); ok {
			out = append(out, key)
		}
	})
	sort.Strings(out)
	return slices.Compact(out) // a key may be in several groups
}

// jamoLen is the number of letters of a Hangul word: len([]rune(Jamo(w))).
func jamoLen(w string) int {
	n := 0
	for _, r := range w {
		n += 2
		if (r-0xAC00)%28 != 0 {
			n++ // a final consonant
		}
	}
	return n
}

func absDiff(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}
