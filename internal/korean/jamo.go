// Package korean holds what kb knows about written Korean: Hangul syllables
// as letters (jamo), how a loanword in Hangul sounds next to its Latin
// spelling, and how particles and verb endings attach to words.
package korean

import (
	"strings"
	"unicode/utf8"
)

const (
	syllableBase = 0xAC00
	syllableLast = 0xD7A3
	leadBase     = 0x1100 // conjoining jamo: one rune per letter
	vowelBase    = 0x1161
	tailBase     = 0x11A7
	vowels       = 21
	tails        = 28
)

// IsSyllable reports whether r is a precomposed Hangul syllable.
func IsSyllable(r rune) bool { return r >= syllableBase && r <= syllableLast }

// parts splits a syllable into its lead, vowel and tail indexes (tail 0: none).
func parts(r rune) (lead, vowel, tail int) {
	i := int(r - syllableBase)
	return i / (vowels * tails), i % (vowels * tails) / tails, i % tails
}

func compose(lead, vowel, tail int) rune {
	return rune(syllableBase + (lead*vowels+vowel)*tails + tail)
}

// Jamo spells a word letter by letter, so that a typo costs one edit:
// 쿠버네테스 and 쿠버네티스 differ in one letter, not in one syllable of five.
// Runes other than syllables are kept.
func Jamo(s string) string {
	var b strings.Builder
	b.Grow(len(s) * 2)
	for _, r := range s {
		if !IsSyllable(r) {
			b.WriteRune(r)
			continue
		}
		l, v, t := parts(r)
		b.WriteRune(rune(leadBase + l))
		b.WriteRune(rune(vowelBase + v))
		if t > 0 {
			b.WriteRune(rune(tailBase + t))
		}
	}
	return b.String()
}

// Syllables puts letters spelled by Jamo back together.
func Syllables(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		l := rs[i] - leadBase
		if l < 0 || l >= 19 || i+1 >= len(rs) {
			b.WriteRune(rs[i])
			continue
		}
		v := rs[i+1] - vowelBase
		if v < 0 || v >= vowels {
			b.WriteRune(rs[i])
			continue
		}
		t := 0
		if i+2 < len(rs) {
			if x := rs[i+2] - tailBase; x > 0 && x < tails {
				t = int(x)
			}
		}
		b.WriteRune(compose(int(l), int(v), t))
		i++
		if t > 0 {
			i++
		}
	}
	return b.String()
}

// AllHangul reports whether s is one or more Hangul syllables and nothing else.
func AllHangul(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !IsSyllable(r) {
			return false
		}
	}
	return true
}

// Len is the number of runes (syllables, for Hangul) in s.
func Len(s string) int { return utf8.RuneCountInString(s) }

// LeadRange is the range of syllables that begin with the same letter as r
// (가 to 깋 for ㄱ): in Unicode, syllables are ordered by first consonant.
func LeadRange(r rune) (lo, hi rune) {
	if !IsSyllable(r) {
		return r, r
	}
	l, _, _ := parts(r)
	lo = compose(l, 0, 0)
	return lo, lo + vowels*tails - 1
}
