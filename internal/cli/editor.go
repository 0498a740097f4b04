package cli

import (
	"github.com/kb-cli/kb/internal/editor"
)

// openEditor opens path at line (0: the top) in the user's editor. With no
// editor set it opens vi, as git does, and says so the first time in this run
// (a quiz session may open many cards).
func openEditor(f deps, path string, line int) error {
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	cmd, fallback := editor.Command(cfg.Editor)
	if fallback && !*f.editorNoted {
		*f.editorNoted = true
		f.Note(editor.FallbackNote)
	}
	return editor.RunAt(cmd, path, line, f.IO.In, f.IO.Out, f.IO.ErrOut)
}
