package iostreams

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"golang.org/x/term"
)

// Paging: on a terminal, output longer than the screen goes through a pager,
// as git and gh do. The output is gathered first, so a short answer never
// starts a pager process (and costs nothing).

// PagerCommand is the pager to run: $KB_PAGER, else $PAGER, else less -FRX
// when less is installed; "cat" means none. Only the environment names
// it: a knowledge base's config is untrusted and never chooses a program.
func PagerCommand(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, k := range []string{"KB_PAGER", "PAGER"} {
		if v := strings.TrimSpace(getenv(k)); v == "cat" {
			return ""
		} else if v != "" {
			return v
		}
	}
	if _, err := exec.LookPath("less"); err == nil {
		return "less -FRX"
	}
	return ""
}

// StartPager sends stdout to a buffer until StopPager, when stdout is a
// terminal and paging is on. Commands call it before they print.
func (s *IOStreams) StartPager() {
	if !s.stdoutTTY || s.NoPager || s.paged != nil {
		return
	}
	s.paged, s.realOut = &bytes.Buffer{}, s.Out
	s.Out = s.paged
}

// StopPager writes what was gathered: through the pager when it is longer
// than the screen, else straight to the terminal.
func (s *IOStreams) StopPager() error {
	if s.paged == nil {
		return nil
	}
	buf, out := s.paged, s.realOut
	s.Out, s.paged, s.realOut = out, nil, nil
	cmd := PagerCommand(s.getenv)
	if cmd == "" || bytes.Count(buf.Bytes(), []byte("\n")) < s.screenRows() {
		_, err := out.Write(buf.Bytes())
		return err
	}
	p := exec.Command("sh", "-c", cmd)
	p.Stdin, p.Stdout, p.Stderr = buf, out, s.ErrOut
	// less shows colour and wide characters as they are.
	p.Env = append(os.Environ(), "LESSCHARSET=utf-8")
	if err := p.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			// The shell could not run: the output still reaches the user.
			_, werr := out.Write(buf.Bytes())
			return werr
		}
	}
	return nil
}

// screenRows is the terminal's height; $LINES, else 24, when it cannot be
// asked (a terminal that does not say, tests).
func (s *IOStreams) screenRows() int {
	if f, ok := s.realOutFile(); ok {
		if _, h, err := term.GetSize(int(f.Fd())); err == nil && h > 0 {
			return h
		}
	}
	if n, err := strconv.Atoi(s.env("LINES")); err == nil && n > 0 {
		return n
	}
	return 24
}

// ScreenCols is the terminal's width; $COLUMNS, else 80.
func (s *IOStreams) ScreenCols() int {
	if f, ok := s.realOutFile(); ok {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return w
		}
	}
	if n, err := strconv.Atoi(s.env("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 80
}

func (s *IOStreams) realOutFile() (*os.File, bool) {
	out := s.Out
	if s.realOut != nil {
		out = s.realOut
	}
	f, ok := out.(*os.File)
	return f, ok
}

func (s *IOStreams) env(k string) string {
	if s.getenv != nil {
		return s.getenv(k)
	}
	return os.Getenv(k)
}
