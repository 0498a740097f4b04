package templates

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/kb"
)

var now = time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)

func TestBuiltins(t *testing.T) {
	root := t.TempDir()
	for typ, want := range map[string]string{"lesson": "## 배운 점", "question": "?\n", "book": "## 적용할 점", "note": ""} {
		got, err := Render(root, NewData("제목", typ, nil, now))
		if err != nil || !strings.Contains(got, want) {
			t.Errorf("%s: %q %v", typ, got, err)
		}
	}
	if got, _ := Render(root, NewData("x", "book", nil, now)); !strings.Contains(got, "2026-01-15 ~") {
		t.Errorf("date not filled: %q", got)
	}
}

func TestUserTemplateWins(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, ".kb", "templates"), 0o755)
	os.WriteFile(kb.At(root).Template("lesson"), []byte("# {{.Title}} ({{.Tags}})\n"), 0o644)
	got, err := Render(root, NewData("장애", "lesson", []string{"a", "b"}, now))
	if err != nil || got != "# 장애 (a b)\n" {
		t.Errorf("%q %v", got, err)
	}
	os.WriteFile(kb.At(root).Template("lesson"), []byte("ok\n{{.Nope}}\n"), 0o644)
	_, err = Render(root, NewData("x", "lesson", nil, now))
	if err == nil || !strings.Contains(err.Error(), "lesson.md:2") {
		t.Errorf("bad template: %v", err)
	}
}
