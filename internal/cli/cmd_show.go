package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/notes"
	"github.com/kb-cli/kb/internal/render"
	"github.com/kb-cli/kb/internal/search"
)

type showOptions struct {
	f   *Factory
	Ref string
}

func newShowCmd(f *Factory, runF func(*showOptions) error) *cobra.Command {
	opts := &showOptions{f: f}
	return &cobra.Command{
		Use:   "show NOTE",
		Short: "Show a note: rendered on a terminal, the raw file when piped",
		Long: `Show a note. NOTE is a path, a file name, or a title (any case; the start of
a title is enough when only one note has it).`,
		Args:              exactArgs(1),
		ValidArgsFunction: completeNotes(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if runF != nil {
				return runF(opts)
			}
			return showRun(opts)
		},
	}
}

func showRun(opts *showOptions) error {
	_, abs, err := resolveNote(opts.f, opts.Ref)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return err
	}
	io := opts.f.IO
	if !io.IsStdoutTTY() {
		_, err = io.Out.Write(data)
		return err
	}
	_, err = fmt.Fprint(io.Out, render.Note(data, render.Style{Color: io.ColorEnabled()}))
	return err
}

// resolveNote finds the note a user means and its absolute path.
func resolveNote(f *Factory, ref string) (search.NoteInfo, string, error) {
	cfg, err := f.Config()
	if err != nil {
		return search.NoteInfo{}, "", err
	}
	ix, err := f.OpenIndex(false)
	if err != nil {
		return search.NoteInfo{}, "", err
	}
	defer ix.Close()
	n, err := search.Resolve(ix, cfg.Root, f.Cwd, ref)
	if err != nil {
		return n, "", err
	}
	return n, notes.OnDisk(cfg.Root, n.Path), nil
}

// exactArgs is cobra.ExactArgs with kb's usage error (exit 2).
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageErrorf("%s takes %d argument(s), got %d", cmd.CommandPath(), n, len(args))
		}
		return nil
	}
}
