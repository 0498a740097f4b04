package cli

import (
	"fmt"
	"io"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/kb-cli/kb/internal/pty"
)

// openPty returns the two ends of a new pseudo-terminal.
func openPty(t *testing.T) (ctrl, tty *os.File) {
	term, err := pty.Open(pty.Size{})
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	t.Cleanup(func() { term.Close() })
	return term.Ctrl, term.TTY
}

func lflag(t *testing.T, f *os.File) uint32 {
	tio, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	return tio.Lflag
}

// Single keys are read in raw mode, and the terminal is back in its own
// mode between keys, after Ctrl-C and after Close.
func TestRawKeysRestoreTheTerminal(t *testing.T) {
	ctrl, tty := openPty(t)
	before := lflag(t, tty)
	if before&unix.ICANON == 0 {
		t.Fatal("a new pty should be in canonical mode")
	}
	k, ok := newRawKeys(tty)
	if !ok {
		t.Fatal("not a terminal")
	}
	defer k.Close()
	// typeKey starts a Key, types b once the terminal is raw (canonical mode
	// would hold it until Enter) and returns what Key read.
	typeKey := func(b []byte) (string, error) {
		type res struct {
			k   string
			err error
		}
		ch := make(chan res, 1)
		go func() { key, err := k.Key(); ch <- res{key, err} }()
		for i := 0; lflag(t, tty)&unix.ICANON != 0; i++ {
			if i > 5000 {
				return "", fmt.Errorf("the terminal never went raw")
			}
			time.Sleep(time.Millisecond)
		}
		ctrl.Write(b)
		r := <-ch
		return r.k, r.err
	}
	if key, err := typeKey([]byte("3")); err != nil || key != "3" {
		t.Fatalf("key %q %v", key, err)
	}
	if lflag(t, tty) != before {
		t.Error("terminal left raw between keys")
	}
	if key, err := typeKey([]byte("\r")); err != nil || key != "" {
		t.Errorf("Enter: %q %v", key, err)
	}
	if _, err := typeKey([]byte{3}); err != io.EOF { // Ctrl-C
		t.Errorf("Ctrl-C: %v", err)
	}
	if lflag(t, tty) != before {
		t.Error("terminal left raw after Ctrl-C")
	}
	k.Close()
	if lflag(t, tty) != before {
		t.Error("terminal left raw after Close")
	}
}
