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
//     word that begins with a vowel (or w or y before one) starts with V;
//   - ti before a vowel and l, n or u (-tion, -tial) and tu before a vowel
//     or re (-tual, -ture) are S; an h after a consonant it does not pair
//     with is heard (webhook 웹훅);
//   - an r after a vowel and before a consonant or the end is silent (서버
//     server, 쿠버네티스 kubernetes), as in the British English Korean follows;
//   - ㅇ as a final is ng, ㅅ as a final is t (로봇 robot);
//   - repeated classes collapse (벨레로 = velero: P L).
//
// The keys are coarse on purpose: they find candidates, and LoanMatch then
// checks the vowels.

// LoanKeys are the skeletons of a word: one for Hangul, several for Latin,
// one for each reading of the letters Korean writes two ways (keyOptions).
// Nil for words of other scripts or too short to say anything.
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
	softGs, hardChs := []bool{false}, []bool{false}
	if softG(w) {
		softGs = append(softGs, true)
	}
	if strings.Contains(w, "ch") {
		hardChs = append(hardChs, true)
	}
	for _, th := range []byte{'T', 'S'} {
		for _, r := range []bool{false, true} {
			for _, g := range softGs {
				for _, ch := range hardChs {
					if k := latinKey(w, keyOptions{th, r, g, ch}); len(k) >= 2 && !slices.Contains(out, k) {
						out = append(out, k)
					}
				}
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

// softG reports whether w has a g before e, i or y, which Korean writes
// as ㅈ (manager 매니저, image 이미지) or ㄱ (get 겟).
func softG(w string) bool {
	for i := 0; i+1 < len(w); i++ {
		if w[i] == 'g' && strings.IndexByte("eiy", w[i+1]) >= 0 {
			return true
		}
	}
	return false
}

// keyOptions are the readings of the letters Korean writes two ways.
type keyOptions struct {
	th      byte // how th sounds: ㅅ (S) or ㄷ (T)
	spokenR bool // an r before a consonant, usually dropped (서버) but sometimes 르 (키베르노, Kyverno)
	softG   bool // g before e, i, y as ㅈ (매니저), not ㄱ (겟)
	hardCh  bool // ch as ㅋ (아키텍처, 오케스트레이션), not ㅊ
}

// latinKey spells w's skeleton, reading w as o says.
func latinKey(w string, o keyOptions) string {
	var b keyBuilder
	// A vowel, or a w or y before one, begins with ㅇ: 이스티오, 워커, 유닉스.
	if isVowel(w[0]) || (w[0] == 'y' || w[0] == 'w') && len(w) > 1 && isVowel(w[1]) ||
		strings.HasPrefix(w, "wh") && len(w) > 2 && isVowel(w[2]) {
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
			b.add(string(o.th))
			i++
		case c == 'c' && next == 'h' && o.hardCh:
			b.add("K")
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
		case c == 'g' && o.softG && (next == 'e' || next == 'i' || next == 'y'):
			b.add("S")
		case c == 't' && i > 0 && next == 'i' && i+3 < len(w) && isVowel(w[i+2]) && strings.IndexByte("lnu", w[i+3]) >= 0:
			b.add("S") // -tion, -tial: 파티션, 톨러레이션
		case c == 't' && i > 0 && next == 'u' && i+2 < len(w) && (isVowel(w[i+2]) || w[i+2] == 'r' && i+3 < len(w) && w[i+3] == 'e'):
			b.add("S") // -tual, -ture: 버추얼, 아키텍처
		case c == 'c':
			if next == 'e' || next == 'i' || next == 'y' {
				b.add("S")
			} else {
				b.add("K")
			}
		case c == 'x':
			b.add("KS")
		case c == 'r':
			if !o.spokenR && isVowel(prev) && (!isVowel(next) || next == 'e' && i+2 == len(w)) {
				continue // silent: server, kubernetes, semaphore
			}
			b.add("L")
		case c == 'h':
			// Between vowels, or after a consonant it does not pair with
			// (webhook 웹훅), h is heard.
			if i == 0 || isVowel(next) && (isVowel(prev) || prev != 'w') {
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

// LoanMatch scores how well a Hangul word's vowels follow a Latin word's
// (0 to 1), once their keys agree: the most compatible vowels in order, as
// a share of each side's vowels (the smaller share counts). The Hangul ㅡ
// that only carries a consonant (스, 트) and a Latin word's silent final e
// are not counted. A Latin vowel sound may be a letter pair (ea, ai, ou) and
// may be written with two Hangul vowels (i as 아이 in bind, a as 에이 in
// data).
func LoanMatch(hangul, latin string) float64 { return loanMatch(hangul, latin, true) }

// LoanMatchPart is LoanMatch for a Latin part of a longer word (kube of
// kubectl), whose final e is not silent.
func LoanMatchPart(hangul, latin string) float64 { return loanMatch(hangul, latin, false) }

func loanMatch(hangul, latin string, whole bool) float64 {
	var hv []int
	for _, r := range hangul {
		if !IsSyllable(r) {
			return 0
		}
		if _, v, _ := parts(r); v != 18 {
			hv = append(hv, v)
		}
	}
	lv := latinVowels(strings.ToLower(latin), whole)
	if len(hv) == 0 || len(lv) == 0 {
		return 0
	}
	// The most matches in order: dp[i][j] over hv[:i] and lv[:j], counting
	// Hangul vowels matched (h) and Latin letters matched (l). A letter pair
	// (ea) is read as one sound or as two (re-act).
	type best struct{ h, l int }
	better := func(a, b best) best {
		if b.h+b.l > a.h+a.l {
			return b
		}
		return a
	}
	dp := make([][]best, len(hv)+1)
	for i := range dp {
		dp[i] = make([]best, len(lv)+1)
	}
	try := func(b best, i, j int, snd vowelSound, letters int) best {
		if slices.Contains(snd.one, hv[i-1]) {
			d := dp[i-1][j-letters]
			b = better(b, best{d.h + 1, d.l + letters})
		}
		if i >= 2 {
			for _, two := range snd.two {
				if two[0] == hv[i-2] && two[1] == hv[i-1] {
					d := dp[i-2][j-letters]
					b = better(b, best{d.h + 2, d.l + letters})
				}
			}
		}
		return b
	}
	for i := 1; i <= len(hv); i++ {
		for j := 1; j <= len(lv); j++ {
			b := better(dp[i-1][j], dp[i][j-1])
			b = try(b, i, j, vowelLetters[lv[j-1].c], 1)
			if j >= 2 && lv[j-2].pos+1 == lv[j-1].pos {
				if snd, ok := vowelPairs[string([]byte{lv[j-2].c, lv[j-1].c})]; ok {
					b = try(b, i, j, snd, 2)
				}
			}
			dp[i][j] = b
		}
	}
	m := dp[len(hv)][len(lv)]
	score := min(float64(m.h)/float64(len(hv)), float64(m.l)/float64(len(lv)))
	if !onsetAgrees(hangul, latin) {
		score *= onsetMismatch
	}
	return score
}

// A vowel sound of a Latin word: the Hangul vowels it is written with, and
// the pairs of Hangul vowels (아이 for i).
type vowelSound struct {
	one []int
	two [][2]int
}

// Hangul vowels by index: ㅏ0 ㅐ1 ㅑ2 ㅒ3 ㅓ4 ㅔ5 ㅕ6 ㅖ7 ㅗ8 ㅘ9 ㅙ10 ㅚ11 ㅛ12 ㅜ13
// ㅝ14 ㅞ15 ㅟ16 ㅠ17 ㅡ18 ㅢ19 ㅣ20.
var (
	ai = [2]int{0, 20}  // 아이: bind, python
	ei = [2]int{5, 20}  // 에이: data, table
	au = [2]int{0, 13}  // 아우: out, cloud
	oi = [2]int{8, 20}  // 오이: boy
	ou = [2]int{8, 13}  // 오우: low
	ia = [2]int{20, 4}  // 이어: idea
	ui = [2]int{13, 20} // 우이: fluid
)

// vowelLetters are how each Latin vowel letter is written alone.
var vowelLetters = map[byte]vowelSound{
	'a': {[]int{0, 1, 2, 4, 5, 8, 9, 10, 14}, [][2]int{ei}},
	'e': {[]int{0, 1, 4, 5, 7, 15, 20}, [][2]int{ia}},
	'i': {[]int{0, 4, 6, 16, 20}, [][2]int{ai}},
	'o': {[]int{0, 4, 6, 8, 9, 12, 13, 14}, [][2]int{ou}},
	'u': {[]int{0, 4, 13, 14, 16, 17}, nil},
	'y': {[]int{0, 2, 12, 17, 20}, [][2]int{ai}},
	'w': {},
	'A': {[]int{0, 1, 5, 20}, nil},
}

// vowelPairs are letter pairs that spell one sound.
var vowelPairs = map[string]vowelSound{
	"ai": {[]int{1, 5}, [][2]int{ai, ei}}, "ay": {[]int{1, 5}, [][2]int{ei}},
	"au": {[]int{4, 8}, nil}, "aw": {[]int{4, 8}, nil},
	"ea": {[]int{5, 20}, [][2]int{ia}}, "ee": {[]int{20}, nil},
	"ei": {[]int{5, 20}, [][2]int{ai, ei}}, "ey": {[]int{5, 20}, [][2]int{ei}},
	"eu": {[]int{13, 17}, nil}, "ew": {[]int{13, 17}, nil},
	"ie": {[]int{20}, [][2]int{ai}},
	"oa": {[]int{8}, nil}, "oo": {[]int{13}, nil},
	"oi": {nil, [][2]int{oi}}, "oy": {nil, [][2]int{oi}},
	"ou": {[]int{8, 13}, [][2]int{au}}, "ow": {[]int{8}, [][2]int{au, ou}},
	"ue": {[]int{13, 17}, nil}, "ui": {[]int{16, 20}, [][2]int{ui}},
}

// vowelLetter is a vowel letter of a Latin word and where it is.
type vowelLetter struct {
	c   byte
	pos int
}

// latinVowels are the vowel letters of a lower-case Latin word in order,
// with y after the first letter, and w after a vowel and not before one
// (the w of low, law: a sound only with its vowel).
func latinVowels(w string, whole bool) []vowelLetter {
	var out []vowelLetter
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c == 'u' && i > 0 && w[i-1] == 'q':
			continue // qu is kw
		case c == 'e' && whole && i == len(w)-1 && len(out) > 0:
			continue // silent e
		case c == 'w':
			if i == 0 || !isVowel(w[i-1]) || i+1 < len(w) && isVowel(w[i+1]) {
				continue
			}
		case c == 'y':
			if i == 0 {
				continue
			}
		case !isVowel(c):
			continue
		case c == 'a' && w[i:] == "age":
			c = 'A' // -age: 이미지, 패키지, 메시지
		}
		out = append(out, vowelLetter{c, i})
	}
	return out
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
