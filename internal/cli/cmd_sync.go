package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/gitsync"
	"github.com/kb-cli/kb/internal/kb"
)

type syncOptions struct {
	deps
}

func newSyncCmd(f *Factory, runF func(*syncOptions) error) *cobra.Command {
	opts := &syncOptions{deps: f.deps()}
	return &cobra.Command{
		Use:   "sync",
		Short: "Share the knowledge base through git: commit, pull with rebase, push",
		Long: `Commit the notes and your own review logs with a message saying what changed,
pull with rebase (review logs merge by union, so they never conflict) and push.
When a note was changed both here and on the remote in ways git cannot join,
kb sync stops with the rebase in progress and names the files. It runs the git
on your PATH, nothing else.`,
		Args: maxArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return syncRun(opts)
		},
	}
}

func syncRun(opts *syncOptions) error {
	f := opts.deps
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	if err := kb.UpgradeGitattributes(cfg.Root); err != nil {
		return err
	}
	store := reviewStore(cfg, "")
	var logs []string
	for _, p := range store.Paths() {
		logs = append(logs, kb.At(cfg.Root).Rel(p))
	}
	res, err := gitsync.Sync(gitsync.Options{Root: cfg.Root, User: store.Scope().User, Logs: logs})
	if res != nil && res.Message != "" {
		fmt.Fprintf(f.IO.Out, "committed: %s\n", strings.SplitN(res.Message, "\n", 2)[0])
	}
	var (
		notRepo  *gitsync.NotRepoError
		conflict *gitsync.ConflictError
		busy     *gitsync.BusyError
		noUp     *gitsync.NoUpstreamError
	)
	switch {
	case errors.As(err, &notRepo):
		return withHint(err, "kb sync shares a knowledge base through git: run 'git init' there and add a remote (git remote add origin URL), or clone a shared one")
	case errors.As(err, &conflict):
		return withHint(err,
			"edit those files to keep what both sides wrote (git marks the places with <<<<<<<), then run 'git add' on them and 'git rebase --continue', and kb sync again",
			"or run 'git rebase --abort' to go back to where you were")
	case errors.As(err, &busy):
		return withHint(err, "finish it ('git status' says how) or abort it, then run kb sync again")
	case errors.As(err, &noUp):
		return withHint(err, "push once with 'git push -u origin "+noUp.Branch+"'; kb sync does the rest from then on")
	case err != nil && res != nil:
		return withHint(err, "your changes are committed here; run kb sync again once git can reach the remote")
	case err != nil:
		return err
	}
	if res.Message == "" {
		fmt.Fprintln(f.IO.Out, "nothing to commit")
	}
	if res.Pulled > 0 {
		fmt.Fprintf(f.IO.Out, "pulled %d %s\n", res.Pulled, map[bool]string{true: "commit", false: "commits"}[res.Pulled == 1])
	}
	fmt.Fprintln(f.IO.Out, "pushed; up to date")
	return nil
}
