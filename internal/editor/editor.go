// Package editor opens the user's editor on a file, at a line when the editor
// can be told one, and waits for it.
package editor

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
)

// Fallback is the editor used when none is set anywhere, as git does.
const Fallback = "vi"

// Command picks the editor: configured (KB_EDITOR or the user config's editor
// key, which the config package has already layered; a knowledge base's own
// config may not set it), else $VISUAL, else $EDITOR, else vi. fallback is true for vi, so the caller can say why vi opened.
func Command(configured string) (cmd string, fallback bool) {
	for _, c := range []string{configured, os.Getenv("VISUAL"), os.Getenv("EDITOR")} {
		if strings.TrimSpace(c) != "" {
			return c, false
		}
	}
	return Fallback, true
}

// FallbackNote is what kb says, once, when it opens vi for want of a setting.
const FallbackNote = "no editor is set; opening vi (set $EDITOR, KB_EDITOR or editor in ~/.config/kb/config.yaml)"

// LineArgs are the arguments that open path at line in the editor cmd names:
// +N before the file for the terminal editors that take it, -g file:N for VS
// Code and its forks, and the file alone for the rest (and for line < 1).
func LineArgs(cmd, path string, line int) []string {
	if line < 1 {
		return []string{path}
	}
	switch program(cmd) {
	case "vi", "vim", "nvim", "gvim", "mvim", "view", "nano", "emacs", "emacsclient", "micro", "hx", "helix", "kak", "joe", "ne":
		return []string{"+" + strconv.Itoa(line), path}
	case "code", "code-insiders", "codium", "vscodium", "cursor", "windsurf":
		return []string{"-g", path + ":" + strconv.Itoa(line)}
	}
	return []string{path}
}

// program is the editor's name without folder, extension or arguments:
// "/usr/bin/nvim -u NONE" is nvim, "code --wait" is code.
func program(cmd string) string {
	f := strings.Fields(cmd)
	if len(f) == 0 {
		return ""
	}
	name := strings.ToLower(f[0])
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:] // either separator: a config may come from Windows
	}
	return strings.TrimSuffix(name, ".exe")
}

// Run opens cmd on path and waits. cmd is run by the shell, so editors
// with arguments ("code --wait") work as they do for git.
func Run(cmd, path string, in io.Reader, out, errOut io.Writer) error {
	return RunAt(cmd, path, 0, in, out, errOut)
}

// RunAt opens cmd on path at line (0: no line) and waits.
func RunAt(cmd, path string, line int, in io.Reader, out, errOut io.Writer) error {
	args := LineArgs(cmd, path, line)
	var c *exec.Cmd
	if runtime.GOOS == "windows" {
		quoted := make([]string, len(args))
		for i, a := range args {
			quoted[i] = `"` + a + `"`
		}
		c = exec.Command("cmd", "/c", cmd+" "+strings.Join(quoted, " "))
	} else {
		// The file and line go in as "$@": never parsed by the shell.
		c = exec.Command("sh", append([]string{"-c", cmd + ` "$@"`, "kb-editor"}, args...)...)
	}
	c.Stdin, c.Stdout, c.Stderr = in, out, errOut
	if err := c.Run(); err != nil {
		return fmt.Errorf("editor %q failed: %w", cmd, err)
	}
	return nil
}
