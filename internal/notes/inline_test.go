package notes

import (
	"bytes"
	"strings"
	"testing"
)

// Paragraphs of link and emphasis openers, which Goldmark pairs in time
// quadratic in their number (80 KB of "[a](" took 6 s), keep at most
// MaxInlineDelimiters each: make reliability times the parse per byte.
func TestBoundInlineBoundsEachParagraph(t *testing.T) {
	for _, pat := range []string{"[a](", "![a](", "*a_", "[a](< "} {
		src := "# t\n\n" + strings.Repeat(pat, 20000) + "\n\n" + strings.Repeat(pat, 20000) + "\n"
		got := boundInline([]byte(src))
		for i, para := range strings.Split(string(got), "\n\n") {
			n := 0
			for j := 0; j < len(para); j++ {
				if inlineDelimiter(para[j]) {
					n++
				}
			}
			if n > MaxInlineDelimiters {
				t.Errorf("%q: paragraph %d keeps %d delimiters", pat, i, n)
			}
		}
		if len(got) != len(src) {
			t.Errorf("%q: length changed", pat)
		}
	}
}

func TestBoundInlineLeavesRealNotesAlone(t *testing.T) {
	links := strings.Repeat("- [링크](https://example.com/a_b) 설명 *강조*\n", 300)
	code := "```\n" + strings.Repeat("f(a[i])*g(b[j]) ", 2000) + "\n```\n"
	for _, src := range []string{links, code, "문단 [a](b) *c* _d_\n\n다음 문단\n"} {
		if got := boundInline([]byte(src)); !bytes.Equal(got, []byte(src)) {
			t.Errorf("changed a real note: %.60q", src)
		}
	}
	long := strings.Repeat("[a](", 1000) // 3,000 delimiters in one paragraph
	got := string(boundInline([]byte(long)))
	if len(got) != len(long) || strings.Count(got, "[")+strings.Count(got, "(")+strings.Count(got, "]") != MaxInlineDelimiters {
		t.Errorf("kept %d delimiters of %d", strings.Count(got, "[")+strings.Count(got, "(")+strings.Count(got, "]"), 3000)
	}
}
