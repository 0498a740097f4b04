package notes

import (
	"bytes"
	"strings"
	"testing"
)

func TestLinks(t *testing.T) {
	src := "\xef\xbb\xbf---\r\ntitle: 레슨\r\n---\r\n" + // lines 1-3
		"# 제목 [[헤딩 링크]]\r\n" + // 4
		"\r\n" + // 5
		"본문 [[컨테이너 메모리 제한]]를 보라.\r\n" + // 6
		"[[k8s/pod.md]] and [[ pod | 파드 ]] and [[pod#Pending 상태]].\r\n" + // 7
		"[질문](../questions/mem%20limit.md#anchor) [웹](https://example.com/x.md) [메일](mailto:a@b.md)\r\n" + // 8
		"![그림](img/a.md) [여기](#local) [[#same note]] [pdf](a.pdf) `[[in code]]` `[x](code.md)`\r\n" + // 9
		"\r\n" + // 10
		"```\r\n[[fenced]] [f](fenced.md)\r\n```\r\n" + // 11-13
		"\r\n" + // 14
		"    [[indented]] [i](indented.md)\r\n" + // 15
		"\r\n" + // 16
		"[](<a b.md>) [[not closed]\r\n" + // 17
		"[[x|y]] [[BOJ] 문제](https://x.md)\r\n" // 18
	n, _ := Parse("lessons/a.md", []byte(src), epoch)
	type want struct {
		kind           LinkKind
		target, h, lbl string
		line           int
	}
	wants := []want{
		{WikiLink, "헤딩 링크", "", "", 4},
		{WikiLink, "컨테이너 메모리 제한", "", "", 6},
		{WikiLink, "k8s/pod.md", "", "", 7},
		{WikiLink, "pod", "", "파드", 7},
		{WikiLink, "pod", "Pending 상태", "", 7},
		{MarkdownLink, "../questions/mem limit.md", "anchor", "질문", 8},
		{MarkdownLink, "a b.md", "", "", 17},
		{WikiLink, "x", "", "y", 18},
	}
	if len(n.Links) != len(wants) {
		t.Fatalf("got %d links, want %d: %+v", len(n.Links), len(wants), n.Links)
	}
	clean := bytes.TrimPrefix([]byte(src), bom)
	for i, w := range wants {
		l := n.Links[i]
		if l.Kind != w.kind || l.Target != w.target || l.Heading != w.h || l.Label != w.lbl || l.Line != w.line {
			t.Errorf("link %d = %+v, want %+v", i, l, w)
		}
		// The span holds the target as written (percent-encoded for Markdown links).
		got := string(clean[l.Start:l.End])
		if l.Kind == WikiLink && got != w.target {
			t.Errorf("link %d span %q", i, got)
		}
	}
	if got := string(clean[n.Links[5].Start:n.Links[5].End]); got != "../questions/mem%20limit.md" {
		t.Errorf("markdown span %q", got)
	}
	// The words of a wikilink stay searchable: the label, or else the target.
	if !strings.Contains(n.Body, "파드") || !strings.Contains(n.Body, "컨테이너 메모리 제한") {
		t.Errorf("body %q", n.Body)
	}
	// A particle after a wikilink stays on its word, as after emphasis.
	if l6 := lineOf(n.Body, 6); l6 != "본문 컨테이너 메모리 제한를 보라." {
		t.Errorf("body line 6 %q", l6)
	}
	if l7 := lineOf(n.Body, 7); strings.Contains(l7, "[[") {
		t.Errorf("brackets in body line 7 %q", l7)
	}
}

// FuzzLinks: no panics, every link on a line of the file with its span
// inside the file, and nothing taken from code, however the text is written.
func FuzzLinks(f *testing.F) {
	for _, s := range []string{
		"[[a]] [[b|c]] [[d#e]] [x](y.md#z)", "[[", "[[]]", "[[|]]", "[[#]]", "[](a.md)", "[a](<b c.md>)",
		"`[[a]]`", "[[a\n]]", "[[a]]]", "[[[a]]", "[x](a.md \"title\")", "[x][r]\n\n[r]: a.md",
		"- [[a]]\n  - [b](c.md)", "> [[q]]", "| [[a]] | b |\n|---|---|", "# [[h]]\n", "\xef\xbb\xbf[[bom]]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		src := []byte(s)
		n, _ := Parse("fuzz.md", src, epoch)
		clean, _ := Clean(src)
		lines := bytes.Count(clean, []byte("\n")) + 1
		for _, l := range n.Links {
			if l.Line < 1 || l.Line > lines {
				t.Fatalf("link %+v on line %d of %d", l, l.Line, lines)
			}
			if l.Start < 0 || l.End < l.Start || l.End > len(clean) {
				t.Fatalf("link %+v span outside %d bytes", l, len(clean))
			}
			if l.Target == "" {
				t.Fatalf("link without a target: %+v", l)
			}
		}
		// The same text as code holds no links: fenced, indented, inline.
		body := strings.ReplaceAll(strings.ReplaceAll(s, "\r", "\n"), "\x00", "")
		if !strings.Contains(body, "```") && !strings.Contains(body, "~~~") {
			if c, _ := Parse("fuzz.md", []byte("```\n"+body+"\n```\n"), epoch); len(c.Links) > 0 {
				t.Fatalf("links in a fenced block: %+v", c.Links)
			}
		}
		indented := "x\n\n    " + strings.ReplaceAll(body, "\n", "\n    ") + "\n"
		if c, _ := Parse("fuzz.md", []byte(indented), epoch); len(c.Links) > 0 {
			t.Fatalf("links in an indented block: %+v", c.Links)
		}
		if !strings.ContainsAny(body, "`\n") && strings.TrimSpace(body) != "" {
			if c, _ := Parse("fuzz.md", []byte("`"+body+"`\n"), epoch); len(c.Links) > 0 {
				t.Fatalf("links in a code span: %+v", c.Links)
			}
		}
	})
}
