// Package pty runs programs on pseudo-terminals, for tests of what kb does on
// a real terminal (colour, the pager, prompts, the editor). kb itself never
// imports it: it asks the streams it was given whether they are terminals.
package pty

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ErrUnsupported: this system has no pseudo-terminals kb's tests can open.
var ErrUnsupported = errors.New("pseudo-terminals are not supported here")

// Size is a terminal's size in character cells; zero means the terminal does
// not say (programs then fall back to LINES and COLUMNS).
type Size struct{ Rows, Cols int }

// Terminal is one pseudo-terminal: Ctrl is the keyboard and screen end, TTY
// the end a program's streams are attached to.
type Terminal struct {
	Ctrl, TTY *os.File
}

// Close closes both ends.
func (t *Terminal) Close() error {
	return errors.Join(t.Ctrl.Close(), t.TTY.Close())
}

// Run describes a program run on terminals.
type Run struct {
	Cmd  *exec.Cmd
	Size Size
	// Input is typed on the terminal once the program has started, followed
	// by Ctrl-D (end of input), as testscript's ttyin does.
	Input []byte
	// Timeout kills a program that still runs after it (default 60 s), so a
	// program waiting for input fails the test rather than hanging it.
	Timeout time.Duration
}

// Result is what the terminals showed. Stdout is the terminal of stdin and
// stdout, Stderr a second terminal, so the two streams can be told apart.
// The terminal does not echo typed input: input is typed as soon as the
// program starts, so its echo would land anywhere in the output (a program
// that echoes keys itself, in raw mode, still shows them). Line ends are "\n" (the
// terminal's "\r\n" translated back).
type Result struct {
	Stdout, Stderr string
}

// Start runs r.Cmd with stdin, stdout and stderr on terminals, the first
// being its controlling terminal (so /dev/tty works), and waits for it.
func (r Run) Start() (Result, error) {
	out, err := Open(r.Size)
	if err != nil {
		return Result{}, err
	}
	errT, err := Open(r.Size)
	if err != nil {
		out.Close()
		return Result{}, err
	}
	if err := noEcho(out.TTY); err != nil {
		out.Close()
		errT.Close()
		return Result{}, err
	}
	cmd := r.Cmd
	cmd.Stdin, cmd.Stdout, cmd.Stderr = out.TTY, out.TTY, errT.TTY
	setCtty(cmd)
	if err := cmd.Start(); err != nil {
		out.Close()
		errT.Close()
		return Result{}, err
	}
	// Only the program holds the terminals now: reading their screens ends
	// (EIO) once it and its children have exited.
	out.TTY.Close()
	errT.TTY.Close()
	var wg sync.WaitGroup
	var stdout, stderr bytes.Buffer
	for _, s := range []struct {
		f *os.File
		b *bytes.Buffer
	}{{out.Ctrl, &stdout}, {errT.Ctrl, &stderr}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			io.Copy(s.b, s.f)
		}()
	}
	if len(r.Input) > 0 {
		go func() {
			out.Ctrl.Write(r.Input)
			out.Ctrl.Write([]byte{4})
		}()
	}
	timeout := r.Timeout
	if timeout == 0 {
		timeout = 60 * time.Second
	}
	var killed atomic.Bool
	timer := time.AfterFunc(timeout, func() { killed.Store(true); cmd.Process.Kill() })
	werr := cmd.Wait()
	timer.Stop()
	wg.Wait()
	out.Ctrl.Close()
	errT.Ctrl.Close()
	res := Result{Stdout: screen(stdout.String()), Stderr: screen(stderr.String())}
	if killed.Load() {
		return res, fmt.Errorf("still running after %v, killed: %w", timeout, werr)
	}
	return res, werr
}

// screen undoes the terminal's line-end translation.
func screen(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
