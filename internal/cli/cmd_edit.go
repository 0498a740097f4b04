package cli

import (
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/notes"
)

type editOptions struct {
	deps
	Ref string
}

func newEditCmd(f *Factory, runF func(*editOptions) error) *cobra.Command {
	opts := &editOptions{deps: f.deps()}
	return &cobra.Command{
		Use:   "edit NOTE[:LINE]",
		Short: "Open a note in the editor; the index follows the changes",
		Long: `Open a note in the editor. NOTE is a path, a file name or a title, as for kb
show; PATH:LINE as kb search prints it opens at that line in editors that take
one (vi, vim, nvim, nano, emacs, micro, helix, VS Code). With no editor set,
kb opens vi.`,
		Example: `  kb edit questions/도커-네트워크-모드.md:17
  kb edit 쿠버네티스 면접`,
		Args:              minArgs(1),
		ValidArgsFunction: completeNotes(f.deps()),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = strings.Join(args, " ")
			if runF != nil {
				return runF(opts)
			}
			return editRun(opts)
		},
	}
}

func editRun(opts *editOptions) error {
	f := opts.deps
	n, abs, line, err := resolveNoteLine(f, opts.Ref)
	if err != nil {
		return err
	}
	before, err := os.ReadFile(abs)
	if err != nil {
		return err
	}
	if err := openEditor(f, abs, line); err != nil {
		return err
	}
	if after, err := os.ReadFile(abs); err == nil {
		if kept, changed := notes.KeepCreated(before, after); changed {
			if err := fsutil.WriteFileAtomic(abs, kept, 0o644); err != nil {
				return err
			}
			f.Note(n.Path + ": the edit removed created; kept it, so the note keeps its date on every clone")
		}
	}
	refreshAfterWrite(f)
	return nil
}
