package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Korean glues particles (조사) and verb endings to words: 세마포어와,
// 쿠버네티스를, 발생하는. Bigrams already find 쿠버네티스 inside 쿠버네티스를;
// the reverse, a query word with a particle, needs the particle taken off.
// Longest first, so 에서는 goes before 는.
var particles = []string{
	"에서는", "으로는", "에게서", "이라는", "이라고", "에서의", "으로의",
	"에서", "에게", "으로", "부터", "까지", "처럼", "보다", "이나", "이랑", "하고", "이란", "라는", "라고",
	"에는", "에도", "와의", "과의", "로의", "께서",
	"을", "를", "이", "가", "은", "는", "의", "에", "로", "와", "과", "도", "만", "나", "랑", "란",
}

// endings are verb and adjective endings on Sino-Korean nouns: 발생하는 → 발생.
var endings = []string{
	"시키는", "하였다", "되었다", "합니다", "됩니다", "적으로", "이라면",
	"하는", "하다", "한다", "하기", "하면", "하여", "해서", "했다", "했을", "하게", "하지",
	"되는", "되다", "된다", "되어", "돼서", "되면", "적인", "이다", "인가",
	"한", "할", "된", "될", "적",
}

// shortParticles may follow a one-syllable noun (힙은, 큐를, 락이).
var shortParticles = map[string]bool{"은": true, "는": true, "이": true, "가": true, "을": true, "를": true, "의": true, "과": true, "와": true}

// stem takes one particle or ending off a word: 세마포어와 → 세마포어,
// 발생하는 → 발생, JVM의 → JVM, 힙은 → 힙. It returns "" when there is nothing
// to take off. Hangul stems keep two syllables, except before the commonest
// particles.
func stem(word string) string {
	// A Latin word with a Hangul particle: JVM의, Docker로.
	if i := strings.IndexFunc(word, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }); i >= 2 && !strings.ContainsFunc(word[:i], func(r rune) bool { return unicode.Is(unicode.Hangul, r) }) {
		if tail := word[i:]; allHangul(tail) && (isParticle(tail) || isEnding(tail)) {
			return word[:i]
		}
		return ""
	}
	if !allHangul(word) {
		return ""
	}
	n := utf8.RuneCountInString(word)
	for _, list := range [][]string{endings, particles} {
		for _, p := range list {
			rest := n - utf8.RuneCountInString(p)
			if strings.HasSuffix(word, p) && (rest >= 2 || (rest == 1 && shortParticles[p])) {
				return strings.TrimSuffix(word, p)
			}
		}
	}
	return ""
}

func isParticle(s string) bool { return slices.Contains(particles, s) }
func isEnding(s string) bool   { return slices.Contains(endings, s) }

func allHangul(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.Is(unicode.Hangul, r) {
			return false
		}
	}
	return true
}

// generic words say what kind of answer is wanted, not what it is about:
// "세마포어와 뮤텍스의 차이". A note need not contain them to match; those that
// do rank a little higher.
var generic = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		차이 차이점 비교 무엇 뭐 뭔가 무슨 어떤 어떻게 왜 언제 방법 설명 정리 개념 정의 의미
		대해 대한 관련 관한 것 수 등 경우 특징 장단점 장점 단점 종류 과정 원리 이유 역할 예시 예제
		구조 방식 동작 작동 조건 발생 사용 이해 내용 정도 기본 핵심 요약 메모 질문 답변
		the a an of in on for to and or is are be what how why when which vs versus difference
		between with about explain`) {
		generic[w] = true
	}
}

// isGeneric reports whether a query word (maybe with a particle) is generic.
func isGeneric(word string) bool {
	w := strings.ToLower(word)
	if generic[w] {
		return true
	}
	s := stem(w)
	return s != "" && generic[s]
}

// splits are the ways a long Hangul word may have been written with a space:
// 메모리누수 → 메모 리누수, 메모리 누수, 메모리누 수 (parts of two syllables
// or more). Notes space Korean compounds inconsistently.
func splits(word string) []string {
	if !allHangul(word) {
		return nil
	}
	r := []rune(word)
	var out []string
	for k := 2; k <= len(r)-2; k++ {
		out = append(out, string(r[:k])+" "+string(r[k:]))
	}
	return out
}
