package links

import (
	"strings"
	"testing"

	"github.com/kb-cli/kb/internal/catalog"
)

func TestRewriteForms(t *testing.T) {
	before := NewCatalog([]catalog.NoteInfo{
		{Path: "q/mem.md", Title: "메모리"},
		{Path: "l/oom.md", Title: "OOM"},
		{Path: "x/new.md", Title: "다른 노트"},
	})
	after := NewCatalog([]catalog.NoteInfo{
		{Path: "q/deep/mem2.md", Title: "새 | 제목"},
		{Path: "l/oom.md", Title: "OOM"},
		{Path: "x/new.md", Title: "다른 노트"},
	})
	src := "# OOM\r\n\r\n[[메모리]] [[mem|라벨]] [[q/mem#h]] [a](../q/mem.md) [r][ref] `[[메모리]]` [**b**](../q/mem.md)\r\n\r\n[ref]: ../q/mem.md\r\n"
	out, lines, n, warns := rewrite(before, after, "l/oom.md", "l/oom.md", []byte(src), "q/mem.md", "q/deep/mem2.md", false)
	// A title holding | cannot sit in a wikilink: the path is written
	// instead. Code and the reference-style link stay; the latter is reported.
	want := "# OOM\r\n\r\n[[q/deep/mem2]] [[mem2|라벨]] [[q/deep/mem2#h]] [a](../q/deep/mem2.md) [r][ref] `[[메모리]]` [**b**](../q/deep/mem2.md)\r\n\r\n[ref]: ../q/mem.md\r\n"
	if string(out) != want || n != 5 || len(lines) != 1 || lines[0] != 3 {
		t.Errorf("rewrote %d links on lines %v:\n got %q\nwant %q", n, lines, out, want)
	}
	if len(warns) != 1 || !strings.Contains(warns[0], "l/oom.md:3: a reference-style link") {
		t.Errorf("warnings %v", warns)
	}
	// A note not in NFC is left alone, with a warning.
	nfd := "[[메모리]] Cafe\u0301\n"
	out, _, n, warns = rewrite(before, after, "l/oom.md", "l/oom.md", []byte(nfd), "q/mem.md", "q/deep/mem2.md", false)
	if string(out) != nfd || n != 0 || len(warns) != 1 || !strings.Contains(warns[0], "NFC") {
		t.Errorf("non-NFC note: %q, %d, %v", out, n, warns)
	}
}
