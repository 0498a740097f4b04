package notes

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"쿠버네티스 도입 회고":           "쿠버네티스-도입-회고",
		"Docker Swarm으로 전환":     "docker-swarm으로-전환",
		"What is a Pod?":        "what-is-a-pod",
		`a/b\c:d*e?"f<g>h|i`:    "a-b-cdefghi",
		"  --spaces--  ":        "spaces",
		"C# & .NET":             "c-net",
		"🚀 배포 완료 🎉":             "배포-완료",
		"":                      "",
		strings.Repeat("가", 40): strings.Repeat("가", 26),
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestComposeParsesBack(t *testing.T) {
	now := time.Date(2026, 1, 15, 9, 0, 0, 0, time.FixedZone("KST", 9*3600))
	src := Compose("yes: 질문?", "lesson", []string{"k8s", "장애"}, now, "본문\n")
	n, w := Parse("a.md", src, now)
	if len(w) != 0 || n.Title != "yes: 질문?" || n.Type != "lesson" || strings.Join(n.Tags, ",") != "k8s,장애" || !n.Created.Equal(now) {
		t.Fatalf("%+v %v\n%s", n, w, src)
	}
	if !strings.Contains(string(src), "created: 2026-01-15T09:00:00+09:00\n") {
		t.Errorf("created: %s", src)
	}
}

func TestCreateUniqueNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	paths := make(chan string, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			p, err := CreateUnique(dir, "같은-이름", []byte{byte('a' + i)})
			if err != nil {
				t.Error(err)
			}
			paths <- p
		}(i)
	}
	wg.Wait()
	close(paths)
	seen := map[string]bool{}
	for p := range paths {
		seen[p] = true
	}
	entries, _ := os.ReadDir(dir)
	if len(seen) != 20 || len(entries) != 20 {
		t.Fatalf("%d names, %d files: %v", len(seen), len(entries), entries)
	}
	if _, err := os.Stat(filepath.Join(dir, "같은-이름-20.md")); err != nil {
		t.Error(err)
	}
}
