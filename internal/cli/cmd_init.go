package cli

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/config"
	"github.com/kb-cli/kb/internal/kb"
)

type initOptions struct {
	deps
	Dir string
}

func newInitCmd(f *Factory, runF func(*initOptions) error) *cobra.Command {
	opts := &initOptions{deps: f.deps()}
	return &cobra.Command{
		Use:   "init [DIR]",
		Short: "Make a folder a knowledge base",
		Long: `Create DIR/.kb/ (DIR defaults to the current folder) with a commented
config.yaml and a .gitignore that keeps the search index out of git.
Running it again changes nothing.`,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = "."
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return initRun(opts)
		},
	}
}

func initRun(opts *initOptions) error {
	dir := opts.Dir
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(opts.Cwd, dir)
	}
	created, err := kb.Init(dir, config.Template())
	if err != nil {
		return fmt.Errorf("cannot initialise %s: %w", dir, err)
	}
	if created {
		fmt.Fprintf(opts.IO.Out, "Initialised a knowledge base in %s\n", dir)
	} else {
		fmt.Fprintf(opts.IO.Out, "%s is already a knowledge base; nothing changed\n", dir)
	}
	return nil
}
