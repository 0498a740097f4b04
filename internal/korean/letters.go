package korean

import (
	"slices"
	"strings"
)

// Acronyms are often written in Hangul letter by letter: 디엔에스 is DNS,
// 에이치피에이 HPA, 제이브이엠 JVM. letterNames are the Korean names of the
// Latin letters, with the spellings people use (씨 and 시 for C; 지 is G or
// Z, 비 B or V).
var letterNames = []struct {
	name   string
	letter byte
}{
	{"에이치", 'h'}, {"에치", 'h'}, {"에이", 'a'}, {"비", 'b'}, {"브이", 'v'}, {"씨", 'c'}, {"시", 'c'},
	{"디", 'd'}, {"이", 'e'}, {"에프", 'f'}, {"지", 'g'}, {"쥐", 'g'}, {"아이", 'i'},
	{"제이", 'j'}, {"케이", 'k'}, {"엘", 'l'}, {"엠", 'm'}, {"엔", 'n'}, {"오", 'o'},
	{"피", 'p'}, {"큐", 'q'}, {"알", 'r'}, {"에스", 's'}, {"티", 't'}, {"유", 'u'},
	{"더블유", 'w'}, {"더블류", 'w'}, {"엑스", 'x'}, {"와이", 'y'}, {"제트", 'z'}, {"지", 'z'},
	{"비", 'v'},
}

// maxAcronyms bounds the readings of one word (지 and 비 read two ways each).
const maxAcronyms = 8

// Acronyms returns the Latin acronyms a Hangul word spells letter by letter
// (lower case, at least two letters), or nil if it is not such a spelling.
func Acronyms(word string) []string {
	if !AllHangul(word) {
		return nil
	}
	return acronymReadings(word, 2)
}

// acronymReadings are the letters word spells, minLetters or more.
func acronymReadings(word string, minLetters int) []string {
	if word == "" {
		return nil
	}
	// ends[i]: word[i:] spells letters to its end. Walking only into such
	// places makes every path an answer, so the walk stops after
	// maxAcronyms answers whatever the word (지지지...X is not 2ⁿ paths).
	ends := make([]bool, len(word)+1)
	ends[len(word)] = true
	for i := len(word) - 1; i >= 0; i-- {
		for _, ln := range letterNames {
			if strings.HasPrefix(word[i:], ln.name) && ends[i+len(ln.name)] {
				ends[i] = true
				break
			}
		}
	}
	if !ends[0] {
		return nil
	}
	var out []string
	var walk func(i int, got string)
	walk = func(i int, got string) {
		if len(out) >= maxAcronyms {
			return
		}
		if i == len(word) {
			if len(got) >= minLetters && !slices.Contains(out, got) {
				out = append(out, got)
			}
			return
		}
		for _, ln := range letterNames {
			if strings.HasPrefix(word[i:], ln.name) && ends[i+len(ln.name)] {
				walk(i+len(ln.name), got+string(ln.letter))
			}
		}
	}
	walk(0, "")
	return out
}

// A MixedSpelling reads a Hangul word as letter names joined to a word
// spelled by sound: 마이에스큐엘 is my + SQL, 엔닷츠 n + dots, 쿠베시티엘
// kube + ctl. Key is the loanword skeleton of the whole Latin word
// (LoanKeys), Letters the letters, and Sound the Hangul of the other part,
// before the letters when LettersLast.
type MixedSpelling struct {
	Key, Letters, Sound string
	LettersLast         bool
}

// MixedSpellings lists the ways to read word as a word spelled by sound with
// letter names before or after it: a part of one syllable goes with two
// letters or more (노 + SQL), one letter with two syllables or more.
func MixedSpellings(word string) []MixedSpelling {
	if !AllHangul(word) || Len(word) > maxMixedLen {
		return nil // each split reads both parts: a long word is no spelling
	}
	var out []MixedSpelling
	add := func(sound, letters string, last bool) {
		if Len(sound) < 2 && len(letters) < 2 {
			return
		}
		hk := hangulKey(sound)
		for _, lk := range lettersKeys(letters) {
			var b keyBuilder
			if last {
				b.add(hk)
				b.add(lk)
			} else {
				b.add(lk)
				b.add(strings.TrimPrefix(hk, "V"))
			}
			if k := b.String(); len(k) >= 2 {
				out = append(out, MixedSpelling{Key: k, Letters: letters, Sound: sound, LettersLast: last})
			}
		}
	}
	for i := range word {
		if i == 0 {
			continue
		}
		left, right := word[:i], word[i:]
		for _, l := range acronymReadings(left, 1) {
			add(right, l, false)
		}
		for _, l := range acronymReadings(right, 1) {
			add(left, l, true)
		}
	}
	return out
}

// maxMixedLen is the longest word read as a mixed spelling (in syllables).
const maxMixedLen = 16

// lettersKeys are the skeletons of letters read as part of a word (the c of
// ctl is k, the s of sql s).
func lettersKeys(letters string) []string {
	if letters == "" {
		return nil
	}
	var out []string
	for _, th := range []byte{'T', 'S'} {
		k := latinKey(letters, keyOptions{th: th})
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}
