package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/trash"
)

type restoreOptions struct {
	deps
	Ref  string
	JSON bool
}

func newRestoreCmd(f *Factory, runF func(*restoreOptions) error) *cobra.Command {
	opts := &restoreOptions{deps: f.deps()}
	cmd := &cobra.Command{
		Use:   "restore [NOTE]",
		Short: "Put a note kb rm removed back; without NOTE, list the trash",
		Long: `Put a note from .kb/trash/ back where it was. NOTE is its path or file name;
when the same path was removed more than once, the latest comes back. A file
already at that path is never overwritten.`,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Ref = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return restoreRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "list the trash as a JSON array")
	return cmd
}

func restoreRun(opts *restoreOptions) error {
	f := opts.deps
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	entries, err := trash.List(cfg.Root)
	if err != nil {
		return err
	}
	if opts.Ref == "" {
		if opts.JSON {
			if entries == nil {
				entries = []trash.Entry{}
			}
			return writeJSON(f.IO.Out, entries)
		}
		for _, e := range entries {
			fmt.Fprintf(f.IO.Out, "%s  %s\n", e.Removed.In(f.Now().Location()).Format("2006-01-02 15:04"), e.Path)
		}
		if len(entries) == 0 {
			return &exitError{code: exitFailed, bare: true, err: errors.New("the trash is empty")}
		}
		return nil
	}
	e, err := trash.Find(entries, opts.Ref)
	if err != nil {
		return withHint(err, "kb restore without a note lists the trash")
	}
	if err := trash.Restore(cfg.Root, e); err != nil {
		return err
	}
	fmt.Fprintf(f.IO.Out, "%s: restored\n", e.Path)
	refreshAfterWrite(f)
	return nil
}
