package iostreams

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kb-cli/kb/internal/pty"
)

// ptyPair opens a pseudo-terminal of the size: the controlling end and the
// terminal a program writes to.
func ptyPair(t *testing.T, size pty.Size) (ctrl, tty *os.File) {
	term, err := pty.Open(size)
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	t.Cleanup(func() { term.Close() })
	return term.Ctrl, term.TTY
}

// systemOn is System with stdout on f, as a process started with it.
func systemOn(t *testing.T, f *os.File, env map[string]string) *IOStreams {
	old := os.Stdout
	os.Stdout = f
	defer func() { os.Stdout = old }()
	s := System()
	s.SetEnv(func(k string) string { return env[k] })
	return s
}

// On a real terminal (a pty, 10 rows high) output longer than the screen
// goes through $KB_PAGER, and shorter output straight to the terminal; on a
// pipe, and with --no-pager, never through the pager.
func TestPagerOnAPty(t *testing.T) {
	_, tty := ptyPair(t, pty.Size{Rows: 10, Cols: 80})
	paged := filepath.Join(t.TempDir(), "paged")
	env := map[string]string{"KB_PAGER": "cat > " + paged}
	write := func(s *IOStreams, lines int) {
		s.StartPager()
		fmt.Fprint(s.Out, strings.Repeat("줄\n", lines))
		if err := s.StopPager(); err != nil {
			t.Fatal(err)
		}
	}
	gotPaged := func() int {
		b, err := os.ReadFile(paged)
		if err != nil {
			return 0
		}
		os.Remove(paged)
		return strings.Count(string(b), "\n")
	}

	s := systemOn(t, tty, env)
	if !s.IsStdoutTTY() {
		t.Fatal("a pty is not taken for a terminal")
	}
	// 15 lines: more than the pty's 10 rows, fewer than the 24 assumed when
	// the size cannot be asked, so this checks the terminal's own size.
	write(s, 15)
	if n := gotPaged(); n != 15 {
		t.Errorf("15 lines on a 10-row terminal: the pager got %d", n)
	}
	write(s, 5)
	if n := gotPaged(); n != 0 {
		t.Errorf("5 lines on a 10-row terminal went through the pager (%d)", n)
	}
	s.NoPager = true
	write(s, 30)
	if n := gotPaged(); n != 0 {
		t.Errorf("--no-pager: the pager got %d lines", n)
	}

	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	p := systemOn(t, w, env)
	go func() {
		buf := make([]byte, 4096)
		for {
			if _, err := r.Read(buf); err != nil {
				return
			}
		}
	}()
	write(p, 30)
	if n := gotPaged(); n != 0 {
		t.Errorf("a pipe: the pager got %d lines", n)
	}
}
