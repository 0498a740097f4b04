package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kb-cli/kb/internal/clock"
	"github.com/kb-cli/kb/internal/iostreams"
)

// kb index draws its bar on a terminal's stderr until the index is written,
// then clears it; with --json, or on a pipe, it draws nothing.
func TestIndexProgressBar(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("KB_DIR", "")
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, ".kb"), 0o755); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		note := fmt.Sprintf("# 노트 %d\n\n쿠버네티스 파드 %d\n", i, i)
		if err := os.WriteFile(filepath.Join(root, fmt.Sprintf("n%d.md", i)), []byte(note), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(tty bool, args ...string) (string, string) {
		t.Helper()
		f := &Factory{Now: clock.System, Cwd: root}
		io, _, o, e := iostreams.Test()
		io.SetTTY(false, false, tty)
		io.SetProgressDelay(0) // work this small would never show a bar
		f.IO = io
		cmd := NewRootCmd(f)
		cmd.SetArgs(append([]string{"--dir", root, "index", "--rebuild"}, args...))
		if err := cmd.Execute(); err != nil {
			t.Fatalf("kb index %v: %v", args, err)
		}
		return o.String(), e.String()
	}
	_, stderr := run(true)
	if !strings.Contains(stderr, "indexing ") || !strings.Contains(stderr, "5/5") {
		t.Errorf("no bar reaching 5/5 on a terminal: %q", stderr)
	}
	if !strings.HasSuffix(stderr, "\r\x1b[K") {
		t.Errorf("bar not cleared at the end: %q", stderr)
	}
	stdout, stderr := run(true, "--json")
	if stderr != "" {
		t.Errorf("--json on a terminal wrote to stderr: %q", stderr)
	}
	if !strings.Contains(stdout, `"notes": 5`) {
		t.Errorf("--json output: %q", stdout)
	}
	if _, stderr := run(false); stderr != "" {
		t.Errorf("bar drawn on a pipe: %q", stderr)
	}
}
