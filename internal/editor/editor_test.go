package editor

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCommandOrder(t *testing.T) {
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", "")
	if _, err := Command(""); err != ErrNone {
		t.Errorf("got %v", err)
	}
	t.Setenv("EDITOR", "vi")
	t.Setenv("VISUAL", "code --wait")
	if c, _ := Command(""); c != "code --wait" {
		t.Errorf("VISUAL before EDITOR: %q", c)
	}
	if c, _ := Command("nano"); c != "nano" {
		t.Errorf("configured first: %q", c)
	}
}

func TestRunWithArgumentsAndSpaces(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "새 노트.md")
	os.WriteFile(p, []byte("a"), 0o644)
	if err := Run(`sed -i -e s/a/b/`, p, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "b" {
		t.Errorf("file %q", b)
	}
	if err := Run("false", p, nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), `"false" failed`) {
		t.Errorf("failing editor: %v", err)
	}
}
