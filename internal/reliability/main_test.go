package reliability

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/kb-cli/kb/internal/pty"
)

var kbBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kb-reliability-")
	if err != nil {
		panic(err)
	}
	kbBin = filepath.Join(dir, "kb")
	if out, err := exec.Command("go", "build", "-o", kbBin, "../../cmd/kb").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// env is a clean environment for kb: no user config, a fixed user and device name.
func env(root string, extra ...string) []string {
	home := filepath.Join(root, "..", "home")
	os.MkdirAll(home, 0o755)
	return append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"NO_COLOR=1", "KB_DIR=" + root, "KB_REVIEW_USER=test", "KB_REVIEW_DEVICE=test", "KB_REVIEW_FUZZ=false", "TZ=UTC"}, extra...)
}

type result struct {
	code           int
	stdout, stderr string
}

func run(t testing.TB, root string, extra []string, args ...string) result {
	cmd := exec.Command(kbBin, args...)
	cmd.Env = env(root, extra...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, out.String(), errb.String()}
}

// runOnPty is run with kb's streams on terminals (package pty), as from a
// shell in a terminal window: kb opens the editor, asks, colours. It skips
// where pseudo-terminals are not supported.
func runOnPty(t testing.TB, root string, extra []string, args ...string) result {
	if term, err := pty.Open(pty.Size{}); err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	} else {
		term.Close()
	}
	cmd := exec.Command(kbBin, args...)
	cmd.Env = env(root, extra...)
	res, err := pty.Run{Cmd: cmd}.Start()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, res.Stdout, res.Stderr}
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

func envString(name, def string) string {
	if s := os.Getenv(name); s != "" {
		return s
	}
	return def
}
