// Package editor opens the user's editor on a file and waits for it.
package editor

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
)

// ErrNone means no editor is set anywhere.
var ErrNone = errors.New("no editor is set: set $EDITOR (or KB_EDITOR, or editor in ~/.config/kb/config.yaml)")

// Command picks the editor: configured (KB_EDITOR or the user config's editor
// key, which the config package has already layered; a knowledge base's own
// config may not set it), else $VISUAL, else $EDITOR.
func Command(configured string) (string, error) {
	for _, c := range []string{configured, os.Getenv("VISUAL"), os.Getenv("EDITOR")} {
		if c != "" {
			return c, nil
		}
	}
	return "", ErrNone
}

// Run opens cmd on path and waits. cmd is run by the shell, so editors
// with arguments ("code --wait") work as they do for git.
func Run(cmd, path string, in io.Reader, out, errOut io.Writer) error {
	var c *exec.Cmd
	if runtime.GOOS == "windows" {
		c = exec.Command("cmd", "/c", cmd+` "`+path+`"`)
	} else {
		c = exec.Command("sh", "-c", cmd+` "$1"`, "kb-editor", path)
	}
	c.Stdin, c.Stdout, c.Stderr = in, out, errOut
	if err := c.Run(); err != nil {
		return fmt.Errorf("editor %q failed: %w", cmd, err)
	}
	return nil
}
