package korean

import (
	"slices"
	"sort"
	"strings"
)

// Korean glues particles (조사) to nouns and endings (어미) to verb stems:
// 쿠버네티스를, 세마포어와, 줄이려면, 저장되고, 공유하는. The lists below
// follow the grammar's inventory (case, auxiliary and conjunctive particles,
// the copula, connective, adnominal, nominal and final endings, the pre-final
// tense and honorific endings, and the light verbs 하다, 되다, 시키다 that
// make verbs of Sino-Korean nouns), combined the way the grammar allows,
// rather than picked from the queries kb happened to see.

// particles: case, auxiliary and conjunctive particles, with both forms of
// those that change after a final consonant (이/가, 을/를, 으로/로 ...).
const baseParticles = `
	이 가 을 를 은 는 의 에 에서 에게 께 한테 더러 으로 로 와 과 이랑 랑 하고 도 만
	까지 부터 조차 마저 밖에 처럼 같이 보다 만큼 대로 마다 이나 나 이든지 든지 이든 든
	이라도 라도 이야 야 이요 요 이란 란 이라는 라는 이라고 라고 이며 며 께서 에게서
	한테서 으로서 로서 으로써 로써 에다 에다가 이나마 나마 뿐 이랑은 하며 이라든가 라든가
	이라든지 라든지 이라서 라서 이여 여 인데 이지 으로부터 로부터 에서부터 에게로`

// secondParticles follow another particle: 에서는, 으로의, 까지도. Only
// the particles of takesSecond take one (이, 가, 를, 도... end the phrase).
const secondParticles = `는 은 도 의 만 이 가 을 를 서 야 요`

const takesSecond = `에서 에게 한테 께 으로 로 와 과 까지 부터 만 보다 처럼 에 이랑 랑 하고
	마다 대로 만큼 밖에 으로서 로서 으로써 로써 조차 마저 에게서 한테서 으로부터 로부터`

// copula: 이다 after a noun, as written in notes and questions.
const copula = `
	이다 다 입니다 이에요 예요 이야 야 인 이고 고 이며 이면 면 이라면 라면 이니까 니까
	이지 지 인가 인가요 인지 일까 일까요 일 이라 라 이었다 였다 이었던 였던 이므로 므로
	인데 인데요 이지만 지만 임 이죠 죠 이냐 냐 인가여`

// verbEndings follow a verb stem that ends in a vowel (하, 되, 시키, 줄이);
// the forms after a final consonant add 으 (막으려면) and are derived.
const verbEndings = `
	는 고 기 면 려면 려고 려는 지 게 도록 니 며 면서 자 러 거나 더라도 는데 는지 나요 냐
	니까 다 던 든지 지만 기에 기도 기는 기를 기가 기의 기로 기엔 고서 는가 세요 시고 시는
	죠 지요 네 나 는걸 기만 고도 고는 며는 자면 겠다 겠는 겠지 기까지 ㄴ ㄹ ㅁ ㅂ니다
	ㅂ니까 ㄴ다 ㄹ까 ㄹ까요 ㄴ가 ㄴ가요 ㄴ지 ㄹ지 ㄹ때 ㄹ수 ㄴ데 ㄴ다면 ㄹ려면 ㄹ게 음 ㅁ에
	ㅁ을 ㅁ이 ㅁ은 ㅁ으로 기위해 기위한 게되는 ㄹ래`

// pastEndings follow the past tense 었/았/였 (했, 됐, 줄였).
const pastEndings = `다 던 을 는데 고 지만 으면 어요 습니다 는지 나 기에 기 음 을까 으니 으니까 어서`

// lightVerbs make verbs of nouns: 공유하다, 저장되다, 발생시키다. Each is
// listed with its stem forms: plain, contracted with 어 (해, 돼), and past.
var lightVerbs = []struct{ plain, contracted, past string }{
	{"하", "해", "했"}, {"되", "돼", "됐"}, {"시키", "시켜", "시켰"}, {"당하", "당해", "당했"},
	{"받", "받아", "받았"}, {"해지", "해져", "해졌"}, {"하여", "", "하였"}, {"되어", "", "되었"},
	{"스럽", "스러워", "스러웠"}, {"적이", "", ""}, {"적으로", "", ""}, {"적인", "", ""}, {"적", "", ""},
}

// contractedEndings follow a stem contracted with 어/아 (해서, 돼야, 줄여도).
var contractedEndings = []string{"", "서", "야", "도", "요", "라", "서는", "야지", "도록", "줘", "주는", "보면", "진", "지는", "있는", "버린"}

type rule struct {
	suffix string // jamo-aware: a leading final consonant attaches to the stem's last syllable
	light  bool   // the stem is a noun made a verb by a light verb
	verb   bool   // the stem is a verb stem
	// particle: the suffix is a particle, which may also follow a Latin word
	// (JVM의, Docker로)
	particle bool
}

// fusedEnding is an ending that begins with a final consonant (ㄴ, ㅂ니다):
// tail is that final's index, rest the syllables after it.
type fusedEnding struct {
	tail int
	rest string
}

// The rules are built from the lists above once, at development time, into
// rules_table.go (go test ./internal/korean -run TestRulesTable
// -update-rules): built at run time they cost every search a millisecond or
// two, more than the rest of its work on the query's words.

// rulesFor are the rules whose suffix is s, in the order buildRules gives
// them: ruleTable is sorted by suffix.
func rulesFor(s string) []rule {
	i, _ := slices.BinarySearchFunc(ruleTable[:], s, func(r rule, s string) int { return strings.Compare(r.suffix, s) })
	j := i
	for j < len(ruleTable) && ruleTable[j].suffix == s {
		j++
	}
	return ruleTable[i:j]
}

// matching lists the rules whose suffix ends word, longest first.
func matching(word string) []rule {
	var out []rule
	rsn := []rune(word)
	for k := min(longestSuffix, len(rsn)); k >= 1; k-- {
		out = append(out, rulesFor(string(rsn[len(rsn)-k:]))...)
	}
	return out
}

// buildRules combines the lists above into rules, longest suffix first. It
// runs when rules_table.go is generated, not in kb.
func buildRules() []rule {
	seen := map[rule]bool{}
	var out []rule
	add := func(r rule) {
		if r.suffix != "" && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	second := map[string]bool{}
	for _, p := range strings.Fields(takesSecond) {
		second[p] = true
	}
	for _, p := range strings.Fields(baseParticles) {
		add(rule{suffix: p, particle: true})
		if second[p] {
			for _, s := range strings.Fields(secondParticles) {
				add(rule{suffix: p + s, particle: true})
			}
		}
	}
	for _, c := range strings.Fields(copula) {
		add(rule{suffix: c})
	}
	for _, lv := range lightVerbs {
		add(rule{suffix: lv.plain, light: true})
		for _, e := range strings.Fields(verbEndings) {
			add(rule{suffix: attach(lv.plain, e), light: true})
		}
		if lv.contracted != "" {
			for _, e := range contractedEndings {
				add(rule{suffix: lv.contracted + e, light: true})
			}
		}
		if lv.past != "" {
			for _, e := range strings.Fields(pastEndings) {
				add(rule{suffix: lv.past + e, light: true})
			}
		}
	}
	for _, e := range strings.Fields(verbEndings) {
		if isJamoStart(e) {
			continue // fused to the stem: see fusedEndings
		}
		add(rule{suffix: e, verb: true})
		add(rule{suffix: "으" + e, verb: true})
	}
	for _, e := range strings.Fields(pastEndings) {
		for _, p := range []string{"었", "았", "였"} {
			add(rule{suffix: p + e, verb: true})
		}
	}
	// Longest first: 에서는 before 는, 되었다 before 다.
	sort.SliceStable(out, func(i, j int) bool { return Len(out[i].suffix) > Len(out[j].suffix) })
	return out
}

// buildFused lists the verb endings that begin with a final consonant.
func buildFused() []fusedEnding {
	var out []fusedEnding
	for _, e := range strings.Fields(verbEndings) {
		if isJamoStart(e) {
			j := []rune(e)
			out = append(out, fusedEnding{tail: tailOf(j[0]), rest: string(j[1:])})
		}
	}
	return out
}

// attach writes ending e after stem: a leading final consonant (ㄴ, ㄹ, ㅁ,
// ㅂ) joins the stem's last syllable (하 + ㄴ = 한).
func attach(stem, e string) string {
	if !isJamoStart(e) {
		return stem + e
	}
	rs := []rune(stem)
	last := rs[len(rs)-1]
	l, v, t := parts(last)
	j := []rune(e)[0]
	if t != 0 {
		return stem + e[len(string(j)):] // cannot fuse; rare
	}
	rs[len(rs)-1] = compose(l, v, tailOf(j))
	return string(rs) + string([]rune(e)[1:])
}

func isJamoStart(e string) bool {
	r := []rune(e)[0]
	return r >= 0x3131 && r <= 0x314E
}

// tailOf maps a compatibility consonant to its index as a final.
func tailOf(j rune) int {
	switch j {
	case 'ㄴ':
		return 4
	case 'ㄹ':
		return 8
	case 'ㅁ':
		return 16
	case 'ㅂ':
		return 17
	}
	return 0
}

// A Stem is what a word may be without its particle or ending.
type Stem struct {
	Text string
	Verb bool // a verb or adjective stem (줄이, 빠르), not a noun
	// Fused: the ending was only a final consonant (줄인 → 줄이), which a
	// noun may end in too (시스템 is not 시스테 + ㅁ).
	Fused bool
}

// Stems lists what word may be without a particle or ending, most likely
// first: 세마포어와 → 세마포어; 저장되고 → 저장; 줄이려면 → 줄이 (verb);
// JVM의 → JVM. A noun keeps two syllables (one before the commonest
// particles: 힙은); a verb stem keeps one (막으려면 → 막). Nil when nothing
// comes off. The word itself may still be the right reading (키바나 ends in
// the particle 나): the caller weighs the forms against the index.
func Stems(word string) []Stem {
	if i := latinPrefix(word); i > 0 {
		// A Latin word with a Hangul particle or ending: JVM의, Docker로, 배포하는.
		tail := word[i:]
		if !AllHangul(tail) {
			return nil
		}
		for _, r := range rulesFor(tail) {
			if r.particle {
				return []Stem{{Text: word[:i]}}
			}
		}
		return nil
	}
	if !AllHangul(word) {
		return nil
	}
	n := Len(word)
	var out []Stem
	seen := map[Stem]bool{}
	for _, r := range matching(word) {
		rest := n - Len(r.suffix)
		stem := Stem{Text: strings.TrimSuffix(word, r.suffix), Verb: r.verb}
		ok := false
		switch {
		case r.verb:
			ok = rest >= 1
		case r.light:
			ok = rest >= 2 || rest == 1 && Len(r.suffix) <= 2
		default:
			ok = rest >= 2 || rest == 1 && shortParticle(r.suffix)
		}
		if ok && !seen[stem] && !(stem.Verb && badVerbEnd(stem.Text)) {
			seen[stem] = true
			out = append(out, stem)
		}
	}
	// An ending that begins with ㄴ, ㄹ, ㅁ or ㅂ fuses to a verb stem's last
	// syllable: 줄인 → 줄이, 빠른 → 빠르, 줄입니다 → 줄이.
	rs := []rune(word)
	for _, fe := range fusedTable {
		k := n - 1 - Len(fe.rest) // the syllable that carries the final
		if k < 1 || !strings.HasSuffix(word, fe.rest) {
			continue
		}
		if l, v, t := parts(rs[k]); t == fe.tail {
			stem := Stem{Text: string(rs[:k]) + string(compose(l, v, 0)), Verb: true, Fused: true}
			if !seen[stem] && !badVerbEnd(stem.Text) {
				seen[stem] = true
				out = append(out, stem)
			}
		}
	}
	return out
}

// badVerbEnd: no verb stem ends in these; they are pieces of endings (하느
// of 하는, 줄이려 of 줄이려면).
func badVerbEnd(stem string) bool {
	rs := []rune(stem)
	switch rs[len(rs)-1] {
	case '느', '으', '며', '려', '니', '르':
		return len(rs) > 2 || rs[len(rs)-1] != '르'
	}
	return false
}

// shortParticle: p may follow a one-syllable noun (힙은, 큐를, 락이).
func shortParticle(p string) bool {
	switch p {
	case "은", "는", "이", "가", "을", "를", "의", "과", "와", "에", "도", "로":
		return true
	}
	return false
}

func latinPrefix(word string) int {
	for i, r := range word {
		if r >= 0x80 {
			if i >= 2 {
				return i
			}
			return 0
		}
	}
	return 0
}

// VerbForms are the spellings a verb stem takes in running text, for a
// search to match: the stem itself, with ㄴ/ㄹ/ㅁ fused to its last syllable,
// and contracted with 어/아 (줄이 → 줄이, 줄인, 줄일, 줄임, 줄여, 줄였;
// 바꾸 → 바꿔, 바꿨).
func VerbForms(stem string) []string {
	rs := []rune(stem)
	if len(rs) == 0 || !AllHangul(stem) {
		return nil
	}
	out := []string{stem}
	last := rs[len(rs)-1]
	l, v, t := parts(last)
	head := string(rs[:len(rs)-1])
	if t != 0 {
		// 막 → 막아, 막았 are bigrams with the next syllable; the caller
		// matches the stem as a prefix.
		return out
	}
	for _, tail := range []int{4, 8, 16} {
		out = append(out, head+string(compose(l, v, tail)))
	}
	if cv := contract[v]; cv >= 0 {
		out = append(out, head+string(compose(l, cv, 0)), head+string(compose(l, cv, 20)))
	}
	return out
}

// contract maps a stem's last vowel to its contraction with 어/아: ㅣ+ㅓ = ㅕ,
// ㅗ+ㅏ = ㅘ, ㅜ+ㅓ = ㅝ, ㅡ+ㅓ = ㅓ, ㅏ+ㅏ = ㅏ (the past adds ㅆ).
// (-1: no contraction; an array, not a map, so nothing is built at start-up).
var contract = [21]int{0: 0, 1: 1, 2: -1, 3: -1, 4: 4, 5: 5, 6: -1, 7: -1, 8: 9, 9: -1, 10: -1,
	11: 10, 12: -1, 13: 14, 14: -1, 15: -1, 16: -1, 17: -1, 18: 4, 19: -1, 20: 6}
