package links

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kb-cli/kb/internal/catalog"
	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/notes"
)

func TestResolve(t *testing.T) {
	c := NewCatalog([]catalog.NoteInfo{
		{Path: "questions/mem.md", Title: "컨테이너 메모리 제한은 어떻게 동작하나?"},
		{Path: "k8s/pod.md", Title: "Pod 라이프사이클"},
		{Path: "a/dns.md", Title: "DNS 질의"},
		{Path: "b/dns.md", Title: "DNS 캐시"},
		{Path: "y/same.md", Title: "Same"},
	})
	wiki := func(t string) notes.Link { return notes.Link{Kind: notes.WikiLink, Target: t} }
	for _, tc := range []struct {
		from string
		l    notes.Link
		want Status
		to   string
	}{
		{"lessons/oom.md", wiki("컨테이너 메모리 제한은 어떻게 동작하나?"), OK, "questions/mem.md"},
		{"lessons/oom.md", wiki("컨테이너   메모리 제한은 어떻게 동작하나?"), OK, "questions/mem.md"},
		{"lessons/oom.md", wiki("POD 라이프사이클"), OK, "k8s/pod.md"},
		{"lessons/oom.md", wiki("pod"), OK, "k8s/pod.md"},
		{"lessons/oom.md", wiki("k8s/pod.md"), OK, "k8s/pod.md"},
		{"lessons/oom.md", wiki("K8S/Pod"), OK, "k8s/pod.md"},
		{"k8s/other.md", wiki("pod.md"), OK, "k8s/pod.md"},
		{"lessons/oom.md", wiki("dns"), Ambiguous, ""},
		{"lessons/oom.md", wiki("a/dns"), OK, "a/dns.md"},
		{"lessons/oom.md", wiki("same"), OK, "y/same.md"}, // the file name before the title
		{"lessons/oom.md", wiki("없는 노트"), Broken, ""},
		{"lessons/oom.md", notes.Link{Kind: notes.MarkdownLink, Target: "../questions/mem.md"}, OK, "questions/mem.md"},
		{"lessons/oom.md", notes.Link{Kind: notes.MarkdownLink, Target: "../k8s/POD.md"}, OK, "k8s/pod.md"},
		{"lessons/oom.md", notes.Link{Kind: notes.MarkdownLink, Target: "mem.md"}, Broken, ""},
	} {
		r := c.Resolve(tc.from, tc.l)
		if r.Status != tc.want || (tc.to != "" && r.To.Path != tc.to) {
			t.Errorf("%s -> %q: %s %+v", tc.from, tc.l.Target, r.Status, r.To)
		}
	}
}

func TestBacklinksFromIndex(t *testing.T) {
	root := t.TempDir()
	write := func(rel, s string) {
		p := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("q/mem.md", "# 메모리 제한\n")
	write("l/oom.md", "# OOM\n\n[[메모리 제한]]\n\n[질문](../q/mem.md)\n")
	write("l/other.md", "# 다른 것\n\n`[[메모리 제한]]`\n")
	ix, err := index.Open(index.Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	c, err := Load(ix)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Backlinks(ix, c, "q/mem.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != 2 || back[0].From != "l/oom.md" || back[0].Line != 3 || back[1].Line != 5 {
		t.Fatalf("backlinks %+v", back)
	}
	nb, _ := Neighbours(ix, c, "l/oom.md")
	if len(nb) != 1 || !nb["q/mem.md"] {
		t.Fatalf("neighbours %v", nb)
	}
}
