// Package cellwidth measures text in terminal cells: Hangul, CJK and other
// wide characters take two, so columns line up only when padded by cells.
package cellwidth

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Rune is the cells r takes: 2 for wide characters, 0 for combining marks.
func Rune(r rune) int {
	switch {
	case r < 0x300:
		return 1
	case r >= 0xAC00 && r <= 0xD7A3:
		return 2 // a Hangul syllable, most of what kb measures: skip the tables
	case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || (r >= 0x1160 && r <= 0x11FF):
		return 0 // marks and medial/final jamo joined to a syllable
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// String is the cells s takes; ANSI escape sequences take none.
func String(s string) int {
	w := 0
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b {
			for i < len(s) && s[i] != 'm' {
				i++
			}
			continue
		}
		r := rune(s[i])
		if r >= 0x80 {
			var size int
			r, size = utf8.DecodeRuneInString(s[i:])
			i += size - 1
		}
		w += Rune(r)
	}
	return w
}

// Pad fills s with spaces on the right to n cells.
func Pad(s string, n int) string {
	if w := String(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// Truncate cuts plain s to at most n cells, ending in … when cut.
func Truncate(s string, n int) string {
	if String(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	w := 0
	for i, r := range s {
		rw := Rune(r)
		if w+rw > n-1 {
			return s[:i] + "…"
		}
		w += rw
	}
	return s
}
