package korean

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Loanwords are written in Hangul by how they sound (외래어 표기법): Istio is
// 이스티오, Terraform 테라폼, Kubernetes 쿠버네티스. LoanKeys reduces both
// spellings to the same consonant skeleton, so kb can match one to the other
// without a dictionary entry:
//
//   - consonants fall into the classes Korean writes alike: p b f v → P,
//     t d → T, k g c q → K, s z j ch sh → S, l r → L, m, n, h;
//   - vowels, w and y are dropped (Hangul spells them in many ways), but a
//     word that begins with a vowel starts with V;
//   - an r after a vowel and before a consonant or the end is silent (서버
//     server, 쿠버네티스 kubernetes), as in the British English Korean follows;
//   - ㅇ as a final is ng, ㅅ as a final is t (로봇 robot);
//   - repeated classes collapse (벨레로 = velero: P L).
//
// The keys are coarse on purpose: they find candidates, and LoanMatch then
// checks the vowels.

// LoanKeys are the skeletons of a word: one for Hangul, up to four for Latin
// (th sounds as ㅅ or ㄷ; an r before a consonant is silent or 르). Nil for words of other scripts or too short to say
// anything.
func LoanKeys(word string) []string {
	if AllHangul(word) {
		if k := hangulKey(word); len(k) >= 2 {
			return []string{k}
		}
		return nil
	}
	w := strings.ToLower(word)
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return nil
		}
	}
	if len(w) < 3 {
		return nil
	}
	var out []string
	for _, th := range []byte{'T', 'S'} {
		for _, r := range []bool{false, true} {
			if k := latinKey(w, th, r); len(k) >= 2 && !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

var leadClass = [19]string{"K", "K", "N", "T", "T", "L", "M", "P", "P", "S", "S", "", "S", "S", "S", "K", "T", "P", "H"}

var tailClass = [28]string{"", "K", "K", "KS", "N", "NS", "NH", "T", "L", "LK", "LM", "LP", "LS", "LT", "LP", "LH", "M", "P", "PS", "T", "T", "NK", "T", "T", "K", "T", "P", "T"}

func hangulKey(word string) string {
	var b keyBuilder
	first := true
	for _, r := range word {
		l, _, t := parts(r)
		if first && l == 11 { // ㅇ: the word begins with a vowel
			b.add("V")
		}
		first = false
		b.add(leadClass[l])
		b.add(tailClass[t])
	}
	return b.String()
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

// latinKey spells w's skeleton. th is how th sounds (ㅅ or ㄷ); spokenR
// keeps an r before a consonant, which Korean usually drops (서버) but
// sometimes writes as 르 (키베르노, Kyverno).
func latinKey(w string, th byte, spokenR bool) string {
	var b keyBuilder
	if isVowel(w[0]) || w[0] == 'y' && len(w) > 1 && isVowel(w[1]) {
		b.add("V")
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		next := byte(0)
		if i+1 < len(w) {
			next = w[i+1]
		}
		prev := byte(0)
		if i > 0 {
			prev = w[i-1]
		}
		switch {
		case isVowel(c), c == 'w', c == 'y':
		case c == 'p' && next == 'h':
			b.add("P")
			i++
		case c == 't' && next == 'h':
			b.add(string(th))
			i++
		case (c == 's' || c == 'c') && next == 'h':
			b.add("S")
			i++
		case c == 's' && next == 'c' && i+2 < len(w) && w[i+2] == 'h':
			b.add("SK") // schema, schedule
			i += 2
		case c == 'c' && next == 'k', c == 'q' && next == 'u':
			b.add("K")
			i++
		case c == 'g' && next == 'h':
			i++
		case c == 'c':
			if next == 'e' || next == 'i' || next == 'y' {
				b.add("S")
			} else {
				b.add("K")
			}
		case c == 'x':
			b.add("KS")
		case c == 'r':
			if !spokenR && isVowel(prev) && (!isVowel(next) || next == 'e' && i+2 == len(w)) {
				continue // silent: server, kubernetes, semaphore
			}
			b.add("L")
		case c == 'h':
			if i == 0 || isVowel(prev) && isVowel(next) {
				b.add("H")
			}
		default:
			b.add(consonantClass(c))
		}
	}
	return b.String()
}

func consonantClass(c byte) string {
	switch c {
	case 'b', 'p', 'f', 'v':
		return "P"
	case 't', 'd':
		return "T"
	case 'k', 'g', 'q':
		return "K"
	case 's', 'z', 'j':
		return "S"
	case 'l':
		return "L"
	case 'm':
		return "M"
	case 'n':
		return "N"
	}
	return ""
}

// keyBuilder collapses repeated classes: tt, ll, 벨레 (L L).
type keyBuilder struct{ strings.Builder }

func (b *keyBuilder) add(cls string) {
	for i := 0; i < len(cls); i++ {
		s := b.String()
		if len(s) > 0 && s[len(s)-1] == cls[i] {
			continue
		}
		b.WriteByte(cls[i])
	}
}

// vowelsLike lists, for each Latin vowel letter, the Hangul vowels it is
// written with in loanwords (indexes of ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ).
var vowelsLike = map[byte][]int{
	'a': {0, 1, 2, 4, 5, 8, 9, 10},
	'e': {0, 1, 4, 5, 7, 20},
	'i': {0, 4, 6, 16, 20},
	'o': {0, 4, 6, 8, 9, 13, 14},
	'u': {0, 4, 13, 14, 16, 17},
	'y': {0, 2, 12, 17, 20},
}

// LoanMatch scores how well a Hangul word's vowels follow a Latin word's
// (0 to 1), once their keys agree: the longest run of compatible vowels in
// order, over the longer of the two. The Hangul ㅡ that only carries a
// consonant (스, 트) and a Latin word's silent final e are not counted.
func LoanMatch(hangul, latin string) float64 {
	var hv []int
	for _, r := range hangul {
		if !IsSyllable(r) {
			return 0
		}
		if _, v, _ := parts(r); v != 18 {
			hv = append(hv, v)
		}
	}
	latin = strings.ToLower(latin)
	var lv []byte
	for i := 0; i < len(latin); i++ {
		c := latin[i]
		if !isVowel(c) && !(c == 'y' && i > 0) {
			continue
		}
		if c == 'e' && i == len(latin)-1 && len(lv) > 0 {
			continue // silent e
		}
		if i > 0 && isVowel(latin[i-1]) && len(lv) > 0 && lv[len(lv)-1] == latin[i-1] && c == latin[i-1] {
			continue // ee, oo: one sound
		}
		lv = append(lv, c)
	}
	if len(hv) == 0 || len(lv) == 0 {
		return 0
	}
	// Longest common subsequence under compatibility.
	dp := make([][]int, len(hv)+1)
	for i := range dp {
		dp[i] = make([]int, len(lv)+1)
	}
	for i := 1; i <= len(hv); i++ {
		for j := 1; j <= len(lv); j++ {
			switch {
			case compatible(lv[j-1], hv[i-1]):
				dp[i][j] = dp[i-1][j-1] + 1
			case dp[i-1][j] > dp[i][j-1]:
				dp[i][j] = dp[i-1][j]
			default:
				dp[i][j] = dp[i][j-1]
			}
		}
	}
	score := float64(dp[len(hv)][len(lv)]) / float64(max(len(hv), len(lv)))
	if !onsetAgrees(hangul, latin) {
		score *= onsetMismatch
	}
	return score
}

// onsetMismatch weighs down a pair whose first consonants share a place but
// not a voicing: the keys (which merge ㅂ and ㅍ) cannot tell 벡터 = vector
// from 벡터 = packet (패킷), and a word of the notes has many such neighbours.
const onsetMismatch = 0.9

// onsetAgrees applies the loanword rule for a first consonant: voiceless p,
// t, k (and f) are written ㅍ, ㅌ, ㅋ; voiced b, v, d, g are ㅂ, ㄷ, ㄱ. Tense
// ㅃ, ㄸ, ㄲ (깃 for git) and other letters agree with anything.
func onsetAgrees(hangul, latin string) bool {
	r, _ := utf8.DecodeRuneInString(hangul)
	lead, _, _ := parts(r)
	if latin == "" || strings.HasPrefix(latin, "th") || strings.HasPrefix(latin, "ph") {
		return true
	}
	var plain, aspirated int // the lead jamo of the place: ㅂ/ㅍ, ㄷ/ㅌ, ㄱ/ㅋ
	voiced := false
	switch c := latin[0]; c {
	case 'b', 'v':
		plain, aspirated, voiced = 7, 17, true
	case 'p', 'f':
		plain, aspirated = 7, 17
	case 'd':
		plain, aspirated, voiced = 3, 16, true
	case 't':
		plain, aspirated = 3, 16
	case 'g':
		if len(latin) > 1 && strings.IndexByte("eiy", latin[1]) >= 0 {
			return true // gi, ge: ㄱ or ㅈ
		}
		plain, aspirated, voiced = 0, 15, true
	case 'k', 'q':
		plain, aspirated = 0, 15
	case 'c':
		if len(latin) > 1 && strings.IndexByte("eiyh", latin[1]) >= 0 {
			return true // ce, ci: ㅅ; ch: ㅊ or ㅋ
		}
		plain, aspirated = 0, 15
	default:
		return true
	}
	switch lead {
	case plain:
		return voiced
	case aspirated:
		return !voiced
	}
	return true
}

func compatible(latin byte, hangul int) bool {
	for _, v := range vowelsLike[latin] {
		if v == hangul {
			return true
		}
	}
	return false
}
