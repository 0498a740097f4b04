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
	if !AllHangul(word) || word == "" {
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
			if len(got) >= 2 && !slices.Contains(out, got) {
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
