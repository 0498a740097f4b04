package editor

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCommandOrder(t *testing.T) {
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", "")
	if c, fb := Command(""); c != "vi" || !fb {
		t.Errorf("nothing set: %q %v, want vi as a fallback", c, fb)
	}
	t.Setenv("EDITOR", "vi")
	t.Setenv("VISUAL", "code --wait")
	if c, fb := Command(""); c != "code --wait" || fb {
		t.Errorf("VISUAL before EDITOR: %q %v", c, fb)
	}
	if c, _ := Command("nano"); c != "nano" {
		t.Errorf("configured first: %q", c)
	}
}

func TestLineArgs(t *testing.T) {
	for _, tc := range []struct {
		cmd  string
		line int
		want []string
	}{
		{"vim", 17, []string{"+17", "f.md"}},
		{"/usr/bin/nvim -u NONE", 17, []string{"+17", "f.md"}},
		{"nano", 3, []string{"+3", "f.md"}},
		{"emacsclient -t", 3, []string{"+3", "f.md"}},
		{"hx", 3, []string{"+3", "f.md"}},
		{"micro", 3, []string{"+3", "f.md"}},
		{"code --wait", 17, []string{"-g", "f.md:17"}},
		{`C:\Programs\Code.exe`, 17, []string{"-g", "f.md:17"}},
		{"gedit", 17, []string{"f.md"}},
		{"vim", 0, []string{"f.md"}},
	} {
		if got := LineArgs(tc.cmd, "f.md", tc.line); !slices.Equal(got, tc.want) {
			t.Errorf("LineArgs(%q, %d) = %q, want %q", tc.cmd, tc.line, got, tc.want)
		}
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

func TestRunAtPassesTheLine(t *testing.T) {
	dir := t.TempDir()
	vim := filepath.Join(dir, "vim")
	os.WriteFile(vim, []byte("#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$(dirname \"$0\")/args\"\n"), 0o755)
	p := filepath.Join(dir, "a b.md")
	if err := RunAt(vim, p, 17, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "args"))
	if string(got) != "+17\n"+p+"\n" {
		t.Errorf("args %q", got)
	}
}
