package cli

import (
	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/editor"
)

type editOptions struct {
	f   *Factory
	Ref string
}

func newEditCmd(f *Factory, runF func(*editOptions) error) *cobra.Command {
	opts := &editOptions{f: f}
	return &cobra.Command{
		Use:               "edit NOTE",
		Short:             "Open a note in the editor; the index follows the changes",
		Args:              exactArgs(1),
		ValidArgsFunction: completeNotes(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if runF != nil {
				return runF(opts)
			}
			return editRun(opts)
		},
	}
}

func editRun(opts *editOptions) error {
	f := opts.f
	_, abs, err := resolveNote(f, opts.Ref)
	if err != nil {
		return err
	}
	cfg, _ := f.Config()
	cmd, err := editor.Command(cfg.Editor)
	if err != nil {
		return err
	}
	if err := editor.Run(cmd, abs, f.IO.In, f.IO.Out, f.IO.ErrOut); err != nil {
		return err
	}
	refreshAfterWrite(f)
	return nil
}
