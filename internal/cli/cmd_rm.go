package cli

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/trash"
)

type rmOptions struct {
	deps
	Ref   string
	Force bool
}

func newRmCmd(f *Factory, runF func(*rmOptions) error) *cobra.Command {
	opts := &rmOptions{deps: f.deps()}
	cmd := &cobra.Command{
		Use:   "rm NOTE",
		Short: "Move a note to the trash (.kb/trash); kb restore brings it back",
		Long: `Move a note to .kb/trash/, asking first on a terminal (-f does not ask).
The note's review history stays: kb restore puts the note back and its cards
continue where they were.`,
		Example: `  kb rm questions/도커-네트워크-모드.md
  kb rm -f 쿠버네티스 면접`,
		Args:              minArgs(1),
		ValidArgsFunction: completeNotes(f.deps()),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = strings.Join(args, " ")
			if runF != nil {
				return runF(opts)
			}
			return rmRun(opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.Force, "force", "f", false, "do not ask")
	return cmd
}

func rmRun(opts *rmOptions) error {
	f := opts.deps
	n, _, err := resolveNote(f, opts.Ref)
	if err != nil {
		return err
	}
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	io := f.IO
	if !opts.Force && io.IsStdinTTY() && io.IsStderrTTY() {
		fmt.Fprintf(io.ErrOut, "Move %s (%s) to the trash? [y/N] ", n.Path, n.Title)
		line, _ := bufio.NewReader(io.In).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
			return &exitError{code: exitFailed, bare: true, err: errors.New("nothing removed")}
		}
	}
	if _, err := trash.Move(cfg.Root, n.Path, f.Now()); err != nil {
		return fmt.Errorf("cannot move %s to the trash: %w", n.Path, err)
	}
	fmt.Fprintf(io.Out, "%s: moved to the trash (kb restore %s)\n", n.Path, n.Path)
	refreshAfterWrite(f)
	return nil
}
