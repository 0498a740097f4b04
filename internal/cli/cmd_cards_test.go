package cli

import (
	"strings"
	"testing"
)

// oneLine agrees with strings.Fields joined by spaces.
func TestOneLine(t *testing.T) {
	for _, s := range []string{"", " ", "a", "질문 하나?", " 앞", "뒤 ", "a  b", "a\tb", "a\nb", "a\u00a0b", "a\u3000b", "x\u2028y", "  ", "a b c",
		"a\u0085b", "a\u1680b", "a\u2000b", "a\u200ab", "a\u202fb", "a\u205fb", "a\u200bb", "a\u00a9b", "ⓒ 2026", "\u3000앞", "뒤\u00a0",
		"a \u00a0b", "\xff \xc2", "a \xe2\x80", "a\vb", "a\fb", "a\rb", "쿠버네티스 Pod의 상태는?"} {
		want := strings.Join(strings.Fields(s), " ")
		if got := oneLine(s); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", s, got, want)
		}
	}
}

// oneLine agrees with strings.Fields on every string of a few bytes drawn
// from spaces, Unicode spaces, Hangul, ASCII and bytes that are not UTF-8.
func TestOneLineExhaustive(t *testing.T) {
	parts := []string{" ", "\t", "\u00a0", "\u3000", "\u2029", "가", "a", "\xc2", "\xe2\x80", "\x80"}
	var walk func(s string, depth int)
	walk = func(s string, depth int) {
		if want := strings.Join(strings.Fields(s), " "); oneLine(s) != want {
			t.Fatalf("oneLine(%q) = %q, want %q", s, oneLine(s), want)
		}
		if depth == 0 {
			return
		}
		for _, p := range parts {
			walk(s+p, depth-1)
		}
	}
	walk("", 4)
}
