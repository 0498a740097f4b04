package cli

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/config"
	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/fsrsfit"
	"github.com/kb-cli/kb/internal/reviews"
)

type optimizeOptions struct {
	deps
	JSON  bool
	Write bool
	Deck  string
}

// holdoutShare: parameters are fitted to this share of the reviews (the
// earliest) and compared on the rest.
const holdoutShare = 0.8

func newOptimizeCmd(f *Factory, runF func(*optimizeOptions) error) *cobra.Command {
	opts := &optimizeOptions{deps: f.deps()}
	cmd := &cobra.Command{
		Use:   "optimize",
		Short: "Fit the scheduler's parameters to your own reviews",
		Long: `Fit FSRS-6's 21 parameters to your review history, as Anki does, and show how
well the current and the fitted parameters predict your reviews: log loss and
RMSE(bins), lower is better, weighted as fsrs-rs (Anki's engine) weighs them:
later reviews count more. For an honest comparison both are measured on the latest
20% of your reviews, with parameters fitted to the reviews before them.
It also suggests the desired retention that would cost the least study time
per card remembered, simulating a year of study with your parameters and
review times.
--write stores the parameters fitted to all your reviews as review.weights in
.kb/config.yaml, keeping the rest of the file as it is, but only when they
predicted better; the scheduler uses them from then on.`,
		Args: maxArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return optimizeRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the figures and parameters as JSON")
	cmd.Flags().BoolVar(&opts.Write, "write", false, "store the parameters in .kb/config.yaml if they predict better")
	cmd.Flags().StringVar(&opts.Deck, "deck", "", "fit to the reviews of this `deck` only")
	return cmd
}

type metricsJSON struct {
	LogLoss  float64 `json:"log_loss"`
	RMSEBins float64 `json:"rmse_bins"`
}

type optimizeJSON struct {
	Reviews       int         `json:"reviews"`
	Cards         int         `json:"cards"`
	Items         int         `json:"items"` // reviews after a gap, outliers removed
	CurrentSource string      `json:"current_source"`
	Current       metricsJSON `json:"current"`
	Fitted        metricsJSON `json:"fitted"`
	MeasuredOn    int         `json:"measured_on"`
	MeasuredSince string      `json:"measured_since"`
	Retention     float64     `json:"suggested_retention"`
	Desired       float64     `json:"desired_retention"`
	Better        bool        `json:"better"`
	Written       bool        `json:"written"`
	Weights       []float64   `json:"weights"`
}

func optimizeRun(opts *optimizeOptions) error {
	f := opts.deps
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	sched, err := fsrs.NewScheduler(cfg.Review.Params)
	if err != nil {
		return err
	}
	var keep func(string) bool
	if opts.Deck != "" {
		if keep, err = deckFilter(f, opts.Deck); err != nil {
			return err
		}
	}
	rs, err := loggedReviews(f, reviewStore(cfg, ""), sched, keep)
	if err != nil {
		return err
	}
	d := fsrsfit.NewDataset(rs)

	o := fsrsfit.DefaultOptions()
	o.RelearningSteps = len(cfg.Review.Params.RelearningSteps)
	bar := f.IO.NewProgress("fitting")
	defer bar.Done()
	// Two fits: to all the reviews, then to the earlier ones for the
	// comparison; the bar covers both.
	first := true
	o.Progress = func(done, total int) {
		part := float64(done) / float64(total)
		if first {
			part /= 1 + holdoutShare
		} else {
			part = (1 + part*holdoutShare) / (1 + holdoutShare)
		}
		bar.Update(int(part*1000), 1000)
	}
	full, err := fsrsfit.Fit(d, o)
	if err != nil {
		return err
	}
	if full.Stage != fsrsfit.StageTrained {
		bar.Done()
		return withHint(fmt.Errorf("too little review history to fit parameters: %d reviews on a later day than the card's previous review, %d needed",
			full.Items, fsrsfit.MinTrainItems), "keep reviewing with kb quiz; the current parameters stay in use until then")
	}
	first = false
	current := fsrsfit.Weights(cfg.Review.Params.Weights)
	h, err := fsrsfit.CompareLater(d, current, holdoutShare, o)
	bar.Done()
	if err != nil {
		return err
	}

	source := "defaults"
	if cfg.Review.Custom {
		source = "config"
	}
	out := optimizeJSON{Reviews: len(rs), Cards: len(d.Cards), Items: full.Items, CurrentSource: source,
		Current:    metricsJSON{round6(h.Current.LogLoss), round6(h.Current.RMSEBins)},
		Fitted:     metricsJSON{round6(h.Fitted.LogLoss), round6(h.Fitted.RMSEBins)},
		MeasuredOn: len(h.Test.Items), MeasuredSince: dayDate(sched.Day(h.Test.Items[0].At)),
		Better: h.Better(), Desired: cfg.Review.Params.DesiredRetention,
		Retention: fsrsfit.OptimalRetention(full.Weights, fsrsfit.CostsFrom(d))}
	for _, w := range full.Weights {
		out.Weights = append(out.Weights, round4(w))
	}
	if opts.Write && out.Better {
		fitted := config.Fitted{Weights: full.Weights, On: f.Now().Local().Format("2006-01-02"), Reviews: len(rs)}
		if err := config.SaveFitted(cfg.Root, fitted); err != nil {
			var fe *config.FileError
			if errors.As(err, &fe) {
				return withHint(err, "the parameters are: "+config.WeightsText(full.Weights))
			}
			return err
		}
		out.Written = true
	}
	if opts.JSON {
		if err := writeJSON(f.IO.Out, out); err != nil {
			return err
		}
	} else {
		writeOptimizeText(f.IO.Out, out)
	}
	switch {
	case out.Written:
		fmt.Fprintf(f.IO.ErrOut, "kb: parameters written to .kb/config.yaml (review.weights)\n")
	case opts.Write:
		fmt.Fprintf(f.IO.ErrOut, "kb: not written: the fitted parameters did not predict your later reviews better than the current ones\n")
	case out.Better && !opts.JSON:
		fmt.Fprintf(f.IO.ErrOut, "kb: hint: kb optimize --write stores them in .kb/config.yaml\n")
	}
	return nil
}

func writeOptimizeText(w io.Writer, o optimizeJSON) {
	fmt.Fprintf(w, "%-14s %d of %d cards; %d on a later day than the card's previous review\n", "Reviews", o.Reviews, o.Cards, o.Items)
	fmt.Fprintf(w, "%-14s the latest %d (since %s), with parameters fitted to the reviews before\n", "Measured on", o.MeasuredOn, o.MeasuredSince)
	fmt.Fprintf(w, "%-14s %-9s %s\n", "", "log loss", "RMSE(bins)")
	name := "current"
	if o.CurrentSource == "defaults" {
		name = "defaults"
	}
	fmt.Fprintf(w, "%-14s %-9.4f %.4f\n", name, o.Current.LogLoss, o.Current.RMSEBins)
	fmt.Fprintf(w, "%-14s %-9.4f %.4f\n", "fitted", o.Fitted.LogLoss, o.Fitted.RMSEBins)
	var parts []string
	for _, v := range o.Weights {
		parts = append(parts, fmt.Sprint(v))
	}
	fmt.Fprintf(w, "%-14s %s,\n", "Parameters", strings.Join(parts[:11], ", "))
	fmt.Fprintf(w, "%-14s %s\n", "", strings.Join(parts[11:], ", "))
	fmt.Fprintf(w, "%-14s %.2f would cost the least study time per card remembered (simulated; yours is %.2f)\n",
		"Retention", o.Retention, o.Desired)
}

// loggedReviews reads the review logs (reporting unreadable lines) and
// returns the reviews that count, of the cards keep accepts (nil: all).
func loggedReviews(f deps, store *reviews.Store, sched *fsrs.Scheduler, keep func(string) bool) ([]fsrsfit.Review, error) {
	events, problems, err := store.ReadAll(f.Now()) // events dated past tomorrow are left out, as in scheduling
	if err != nil {
		return nil, err
	}
	for _, p := range problems {
		f.Warn(p.String())
	}
	return fitReviews(events, sched, keep), nil
}

// fitReviews are the reviews that count in events, of the cards keep
// accepts (nil: all), with their days on the configured day start.
func fitReviews(events []reviews.Event, sched *fsrs.Scheduler, keep func(string) bool) []fsrsfit.Review {
	ratings := reviews.Ratings(events)
	rs := make([]fsrsfit.Review, 0, len(ratings))
	for _, e := range ratings {
		if keep == nil || keep(e.Card) {
			rs = append(rs, fsrsfit.Review{Card: e.Card, At: e.At, Day: sched.Day(e.At), Rating: e.Rating,
				Seconds: float64(e.Duration) / 1000})
		}
	}
	return rs
}

// deckFilter accepts the cards in deck, as the notes have them now.
func deckFilter(f deps, deck string) (func(string) bool, error) {
	ix, err := f.OpenIndex(false)
	if err != nil {
		return nil, err
	}
	cs, err := ix.Cards()
	ix.Close()
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for _, c := range cs {
		if strings.EqualFold(c.Deck, deck) {
			ids[c.ID] = true
		}
	}
	if len(ids) == 0 {
		return nil, withHint(fmt.Errorf("no cards in deck %q", deck), "kb cards shows each card's deck")
	}
	return func(id string) bool { return ids[id] }, nil
}

// dayDate is the date of a day number (fsrs.Scheduler.Day).
func dayDate(day int) string { return time.Unix(int64(day)*86400, 0).UTC().Format("2006-01-02") }

func round4(v float64) float64 { return math.Round(v*10000) / 10000 }
func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
