package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

type suspendOptions struct {
	deps
	Card    string
	Suspend bool // false: unsuspend
}

// newSuspendCmd makes kb suspend, or kb unsuspend when suspend is false.
func newSuspendCmd(f *Factory, suspend bool, runF func(*suspendOptions) error) *cobra.Command {
	opts := &suspendOptions{deps: f.deps(), Suspend: suspend}
	use, short := "suspend CARD", "Take a card out of quizzes"
	if !suspend {
		use, short = "unsuspend CARD", "Put a suspended card (a leech too) back into quizzes"
	}
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Card = args[0]
			if runF != nil {
				return runF(opts)
			}
			return suspendRun(opts)
		},
	}
}

func suspendRun(opts *suspendOptions) error {
	f := opts.deps
	c, _, err := loadCollection(f, nil)
	if err != nil {
		return err
	}
	it, err := c.Find(opts.Card)
	if err != nil {
		return err
	}
	now := f.Now()
	done := "suspended"
	if opts.Suspend {
		err = c.Suspend(it, now)
	} else {
		err, done = c.Unsuspend(it, now), "unsuspended"
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(f.IO.Out, "%s: %s\n", it.ID, done)
	return nil
}
