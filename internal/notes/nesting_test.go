package notes

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

func depth(n ast.Node) int {
	d := 0
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		d = max(d, depth(c))
	}
	return d + 1
}

// Goldmark's work per line grows with the containers open around it; the
// inputs of the reliability issue (15 s, 13 s) reach Goldmark at most
// MaxContainerColumn deep, so parsing is linear in their size, and their text
// is still read.
func TestBoundNestingBoundsDepth(t *testing.T) {
	var nested strings.Builder
	for i := 0; i < 600; i++ {
		nested.WriteString(strings.Repeat("  ", i) + "- 깊은 항목\n")
	}
	for name, src := range map[string]string{
		"quote run":        strings.Repeat(">", 200000) + " 깊은 인용\n",
		"nested list":      nested.String(),
		"one-line list":    strings.Repeat("- ", 20000) + "깊은 목록\n",
		"numbered list":    strings.Repeat("1. ", 20000) + "깊은 번호\n",
		"quotes and lists": strings.Repeat("> - ", 20000) + "깊은 혼합\n",
	} {
		b := BoundNesting([]byte(src))
		if len(b) != len(src) || bytes.Count(b, []byte("\n")) != strings.Count(src, "\n") {
			t.Errorf("%s: offsets moved", name)
		}
		if d := depth(md().Parser().Parse(text.NewReader(b))); d > MaxContainerColumn+5 {
			t.Errorf("%s: parsed %d deep", name, d)
		}
		n, _ := Parse("deep.md", []byte(src), time.Time{})
		if !strings.Contains(n.Body+n.Code, "깊은") {
			t.Errorf("%s: the text is lost", name)
		}
	}
}

// Notes that nest like people write them are parsed as they are.
func TestBoundNestingLeavesRealNotesAlone(t *testing.T) {
	for _, src := range []string{
		"> 인용\n> > 안쪽\n\n- a\n  - b\n    - c\n      1. d\n         > e\n",
		"```\n" + strings.Repeat(" ", 120) + "code - x > y\n```\n",
		"text " + strings.Repeat("- ", 100) + "\n", // markers not at the start of the line
		strings.Repeat("-", 300) + "\n",            // a long rule
	} {
		if b := BoundNesting([]byte(src)); string(b) != src {
			t.Errorf("changed:\n%q\n%q", src, b)
		}
	}
}
