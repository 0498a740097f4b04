package cli

import (
	"strings"
	"testing"
)

// oneLine agrees with strings.Fields joined by spaces.
func TestOneLine(t *testing.T) {
	for _, s := range []string{"", " ", "a", "질문 하나?", " 앞", "뒤 ", "a  b", "a\tb", "a\nb", "a\u00a0b", "a\u3000b", "x\u2028y", "  ", "a b c"} {
		want := strings.Join(strings.Fields(s), " ")
		if got := oneLine(s); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", s, got, want)
		}
	}
}
