package pty

import (
	"os/exec"
	"strings"
	"testing"
	"time"
)

// A program on Run's terminals sees terminals of the given size on all three
// streams, reads what is typed, and its two output streams stay apart.
func TestRunOnTerminals(t *testing.T) {
	if !Supported {
		t.Skip(ErrUnsupported)
	}
	if _, err := exec.LookPath("stty"); err != nil {
		t.Skip("no stty")
	}
	script := `test -t 0 && test -t 1 && test -t 2 && echo terminals; stty size; read line; echo "got $line"; echo oops >&2; exit 3`
	res, err := Run{Cmd: exec.Command("sh", "-c", script), Size: Size{Rows: 10, Cols: 40}, Input: []byte("hello\n")}.Start()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Fatalf("exit: %v", err)
	}
	for _, want := range []string{"terminals\n", "10 40\n", "got hello\n"} {
		if !strings.Contains(res.Stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, res.Stdout)
		}
	}
	if strings.Contains(res.Stdout, "\r") || strings.Contains("\n"+res.Stdout, "\nhello\n") || res.Stderr != "oops\n" {
		t.Errorf("stdout %q, stderr %q", res.Stdout, res.Stderr)
	}
}

// A program that waits for ever is killed after the timeout.
func TestRunTimeout(t *testing.T) {
	if !Supported {
		t.Skip(ErrUnsupported)
	}
	_, err := Run{Cmd: exec.Command("sleep", "10"), Timeout: 100 * time.Millisecond}.Start()
	if err == nil || !strings.Contains(err.Error(), "killed") {
		t.Errorf("err %v", err)
	}
}
