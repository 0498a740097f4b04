package cli

import (
	"bufio"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"unicode/utf8"

	"golang.org/x/term"
)

// keyReader reads the quiz's keys: "" for Enter, io.EOF at the end.
type keyReader interface {
	Key() (string, error)
	// Echo reports whether the user's key needs printing: a terminal in
	// line mode echoes it; raw mode and scripts do not.
	Echo() bool
	Close()
}

// lineKeys reads one key a line: scripts, pipes, and terminals that cannot
// be put in raw mode.
type lineKeys struct {
	r    *bufio.Reader
	echo bool
}

func (k *lineKeys) Key() (string, error) {
	line, err := k.r.ReadString('\n')
	if err != nil && line == "" {
		return "", io.EOF
	}
	return strings.ToLower(strings.TrimSpace(line)), nil
}

func (k *lineKeys) Echo() bool { return k.echo }
func (k *lineKeys) Close()     {}

// rawKeys reads single keypresses from a terminal. The terminal is in raw
// mode only while a key is awaited, so all output is written in the normal
// mode; a deferred Close, the signal handler and Ctrl-C (read as a key in
// raw mode) all leave the terminal as it was found.
type rawKeys struct {
	f       *os.File
	fd      int
	saved   *term.State // the terminal's own mode
	pending []byte
	sigs    chan os.Signal
}

func newRawKeys(f *os.File) (*rawKeys, bool) {
	fd := int(f.Fd())
	if !term.IsTerminal(fd) {
		return nil, false
	}
	saved, err := term.GetState(fd)
	if err != nil {
		return nil, false
	}
	sigs := make(chan os.Signal, 1)
	k := &rawKeys{f: f, fd: fd, saved: saved, sigs: sigs}
	// A kill while a key is awaited must not leave the terminal raw.
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		if _, ok := <-sigs; ok {
			_ = term.Restore(fd, saved)
			os.Exit(exitFailed)
		}
	}()
	return k, true
}

func (k *rawKeys) Key() (string, error) {
	if len(k.pending) == 0 {
		old, err := term.MakeRaw(k.fd)
		if err != nil {
			return "", err
		}
		buf := make([]byte, 64)
		n, err := k.f.Read(buf)
		_ = term.Restore(k.fd, old)
		if n == 0 {
			if err == nil {
				err = io.EOF
			}
			return "", err
		}
		k.pending = buf[:n]
	}
	b := k.pending
	switch {
	case b[0] == '\r' || b[0] == '\n':
		k.pending = b[1:]
		return "", nil
	case b[0] == 3 || b[0] == 4: // Ctrl-C, Ctrl-D: quit; ratings are saved
		k.pending = nil
		return "", io.EOF
	case b[0] == 0x1b: // an escape sequence (arrow keys...): not a key of ours
		k.pending = nil
		return "esc", nil
	}
	r, size := utf8.DecodeRune(b)
	k.pending = b[size:]
	return strings.ToLower(string(r)), nil
}

func (k *rawKeys) Echo() bool { return true }

func (k *rawKeys) Close() {
	if k.sigs == nil {
		return
	}
	signal.Stop(k.sigs)
	close(k.sigs)
	k.sigs = nil
	_ = term.Restore(k.fd, k.saved)
}
