// Package iostreams owns kb's standard streams and decides what a terminal
// gets that a pipe does not: colour, progress bars, prompts.
package iostreams

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/kb-cli/kb/internal/ansi"
)

// IOStreams are the streams of one kb run.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdinTTY, stdoutTTY, stderrTTY bool
	noColor                        bool

	// NoPager turns paging off (--no-pager).
	NoPager bool
	paged   *bytes.Buffer // output gathered for the pager
	realOut io.Writer     // stdout while paged
	getenv  func(string) string

	// NoProgress turns progress bars off (--json); progressDelay is how long
	// work runs before its bar shows.
	NoProgress    bool
	progressDelay time.Duration
}

// System uses the process's streams; NO_COLOR or TERM=dumb turn colour off.
// Tests of terminal behaviour run kb on a pseudo-terminal (package pty).
func System() *IOStreams {
	return &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		stdinTTY:  isTerminal(os.Stdin),
		stdoutTTY: isTerminal(os.Stdout),
		stderrTTY: isTerminal(os.Stderr),
		noColor:   os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb",

		progressDelay: progressDelay,
	}
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// Test returns streams on buffers, none of them a terminal.
func Test() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut, progressDelay: progressDelay}, in, out, errOut
}

// SetEnv gives the streams their environment (tests); nil is the process's.
func (s *IOStreams) SetEnv(getenv func(string) string) { s.getenv = getenv }

// SetProgressDelay sets how long work runs before its bar shows (tests: 0).
func (s *IOStreams) SetProgressDelay(d time.Duration) { s.progressDelay = d }

// SetTTY marks the test streams as terminals or not.
func (s *IOStreams) SetTTY(stdin, stdout, stderr bool) {
	s.stdinTTY, s.stdoutTTY, s.stderrTTY = stdin, stdout, stderr
}

func (s *IOStreams) IsStdinTTY() bool  { return s.stdinTTY }
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY }

// ColorEnabled reports whether stdout gets ANSI colour.
func (s *IOStreams) ColorEnabled() bool { return s.stdoutTTY && !s.noColor }

// Colors returns the styles for stdout: real ones on a colour terminal, no-ops
// elsewhere.
func (s *IOStreams) Colors() Colors { return Colors{On: s.ColorEnabled()} }

// Colors applies ANSI styles when enabled.
type Colors = ansi.Styler

// Progress draws a bar on stderr while long work runs, only on a terminal and
// only once the work has taken long enough to be worth showing.
type Progress struct {
	w       io.Writer
	label   string
	start   time.Time
	last    time.Time
	shown   bool
	enabled bool
	delay   time.Duration
	now     func() time.Time
}

// progressDelay: work that ends sooner than this never shows a bar.
const progressDelay = 300 * time.Millisecond

// NewProgress returns a progress bar for label ("indexing").
func (s *IOStreams) NewProgress(label string) *Progress {
	return &Progress{w: s.ErrOut, label: label, enabled: s.stderrTTY && !s.NoProgress, delay: s.progressDelay, now: time.Now, start: time.Now()}
}

// Update reports done of total.
func (p *Progress) Update(done, total int) {
	if !p.enabled || total == 0 {
		return
	}
	now := p.now()
	if now.Sub(p.start) < p.delay || (now.Sub(p.last) < 50*time.Millisecond && done < total) {
		return
	}
	p.last, p.shown = now, true
	const width = 30
	fill := width * done / total
	fmt.Fprintf(p.w, "\r%s %s%s %d/%d", p.label, strings.Repeat("█", fill), strings.Repeat("░", width-fill), done, total)
}

// Done clears the bar.
func (p *Progress) Done() {
	if p.shown {
		fmt.Fprint(p.w, "\r"+ansi.ClearLine)
		p.shown = false
	}
}
