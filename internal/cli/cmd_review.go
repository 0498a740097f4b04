package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/quiz"
)

type reviewOptions struct {
	deps
	Card   string
	Rating fsrs.Rating
}

func newReviewCmd(f *Factory, runF func(*reviewOptions) error) *cobra.Command {
	opts := &reviewOptions{deps: f.deps()}
	return &cobra.Command{
		Use:   "review CARD RATING",
		Short: "Record one rating (again, hard, good, easy or 1-4) for a card, now",
		Long: `Record a rating for CARD (its id from kb cards, or the start of it) at the
current time (KB_NOW for scripts), and print when the card is due next.`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, ok := parseRating(args[1])
			if !ok {
				return usageErrorf("rating %q: use again, hard, good, easy or 1-4", args[1])
			}
			opts.Card, opts.Rating = args[0], r
			if runF != nil {
				return runF(opts)
			}
			return reviewRun(opts)
		},
	}
}

func reviewRun(opts *reviewOptions) error {
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
	leech, err := c.Rate(it, opts.Rating, now, 0)
	if err != nil {
		return err
	}
	st := it.State
	fmt.Fprintf(f.IO.Out, "%s: %s · %s · due %s (in %s)\n", it.ID, opts.Rating, it.Status(),
		st.Due.In(now.Location()).Format(time.RFC3339), interval(st.Due.Sub(now)))
	if leech {
		f.Warn(leechMessage(it))
	}
	return nil
}

func leechMessage(it *quiz.Item) string {
	return fmt.Sprintf("%s is a leech (%d lapses) and is now suspended: rewrite or split %q, then kb unsuspend %s",
		it.ID, it.State.Lapses, it.Question, it.ID)
}
