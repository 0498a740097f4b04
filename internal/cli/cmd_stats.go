package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/catalog"
	"github.com/kb-cli/kb/internal/config"
	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/fsrsfit"
	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/kb"
	"github.com/kb-cli/kb/internal/quiz"
	"github.com/kb-cli/kb/internal/reviews"
	"github.com/kb-cli/kb/internal/stats"
)

type statsOptions struct {
	deps
	By   string
	Tags []string
	Deck string
	JSON bool
	HTML string
	User string
}

func newStatsCmd(f *Factory, runF func(*statsOptions) error) *cobra.Command {
	opts := &statsOptions{deps: f.deps()}
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Review statistics: counts, a year's heatmap, forecast, retention",
		Long: `Show the notes and cards by state, what is due, a heatmap of the last 52
weeks of reviews with streaks, a 30-day forecast, true retention over 7, 30 and
365 days against the desired retention, and the hardest cards. --html FILE
writes the same as one page that opens from disk in any browser.`,
		Args: maxArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.By != "" && opts.By != "deck" && opts.By != "tag" {
				return usageErrorf("--by must be deck or tag")
			}
			if runF != nil {
				return runF(opts)
			}
			return statsRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.By, "by", "", "break the cards down by `deck` or tag")
	cmd.Flags().StringArrayVar(&opts.Tags, "tag", nil, "only cards of notes with this `tag` (repeat: all)")
	cmd.Flags().StringVar(&opts.Deck, "deck", "", "only cards in this `deck`")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print every figure as one JSON object")
	cmd.Flags().StringVar(&opts.User, "user", "", "show another `user`'s progress in a shared knowledge base (their review logs, read only)")
	cmd.Flags().StringVar(&opts.HTML, "html", "", "write the report as a self-contained HTML `FILE`")
	return cmd
}

func statsRun(opts *statsOptions) error {
	f := opts.deps
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	if opts.User != "" {
		if err := knownUser(cfg, opts.User); err != nil {
			return err
		}
	}
	var types map[string]int
	c, sched, err := loadCollectionOf(f, opts.User, func(ix *index.Index) (err error) {
		types, err = catalog.TypeCounts(ix, opts.Tags)
		return err
	})
	if err != nil {
		return err
	}
	items := quiz.Filter(c.Items, opts.Tags, opts.Deck)
	var keep func(string) bool
	filter := "" // names the cards keep accepts, for the parameters' cache
	if len(opts.Tags) > 0 || opts.Deck != "" {
		ids := map[string]bool{}
		h := fnv.New64a()
		for _, it := range items {
			ids[it.ID] = true
			h.Write([]byte(it.ID))
		}
		keep = func(id string) bool { return ids[id] }
		filter = fmt.Sprintf("%x", h.Sum64())
	}
	days, recall, err := c.History(keep)
	if err != nil {
		return err
	}
	params, err := parametersInUse(cfg, reviewStore(cfg, opts.User), sched, keep, filter)
	if err != nil {
		return err
	}
	r := stats.Compute(stats.Input{Items: items, Types: types, Days: days, Recall: recall, Sched: sched,
		Now: f.Now(), Desired: cfg.Review.Params.DesiredRetention, By: opts.By, Params: params})
	if opts.HTML != "" {
		var buf bytes.Buffer
		if err := stats.WriteHTML(&buf, r); err != nil {
			return err
		}
		if err := fsutil.WriteFileAtomic(opts.HTML, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("cannot write %s: %w", opts.HTML, err)
		}
		fmt.Fprintf(f.IO.ErrOut, "kb: report written to %s\n", opts.HTML)
		if !opts.JSON {
			return nil
		}
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, r)
	}
	return paged(f, func() error {
		stats.WriteText(f.IO.Out, r, f.IO.ColorEnabled())
		return nil
	})
}

// parametersInUse describes the scheduler's parameters and measures them on
// the reviews of the cards keep accepts (nil: all); filter names keep.
func parametersInUse(cfg *config.Config, store *reviews.Store, sched *fsrs.Scheduler, keep func(string) bool, filter string) (stats.Parameters, error) {
	p := stats.Parameters{Source: "defaults"}
	if rc := cfg.Review; rc.Custom {
		p.Source = "config"
		if rc.Fitted.On != "" {
			p.Source, p.FittedOn, p.FittedReviews = "fitted", rc.Fitted.On, rc.Fitted.Reviews
		}
	}
	// Measuring reads the whole log: remember the figures until it grows.
	version, err := store.Fingerprint()
	if err != nil {
		return p, err
	}
	// The leading tag names how the figures are measured: figures cached
	// before the evaluation became recency-weighted are not reused.
	key := fmt.Sprintf("weighted|%s|%v|%d|%s|%s", version, cfg.Review.Params.Weights, cfg.Review.Params.DayStartHour,
		dayLocation(cfg.Review.Params), filter)
	cachePath := kb.At(cfg.Root).ParameterMetrics()
	var cached struct {
		Key string
		stats.Parameters
	}
	if data, err := os.ReadFile(cachePath); err == nil && json.Unmarshal(data, &cached) == nil && cached.Key == key {
		p.Measured, p.LogLoss, p.RMSEBins = cached.Measured, cached.LogLoss, cached.RMSEBins
		return p, nil
	}
	events, _, err := store.ReadAll(time.Time{}) // problems were reported with the collection
	if err != nil {
		return p, err
	}
	d := fsrsfit.NewDataset(fitReviews(events, sched, keep))
	if len(d.Items) > 0 {
		m := fsrsfit.Evaluate(fsrsfit.Weights(cfg.Review.Params.Weights), d)
		ll, rmse := round4(m.LogLoss), round4(m.RMSEBins)
		p.LogLoss, p.RMSEBins, p.Measured = &ll, &rmse, m.Items
	}
	cached.Key, cached.Parameters = key, p
	if data, err := json.Marshal(cached); err == nil && os.MkdirAll(filepath.Dir(cachePath), 0o755) == nil {
		_ = fsutil.WriteFileAtomic(cachePath, data, 0o644) // only a cache
	}
	return p, nil
}

func dayLocation(p fsrs.Parameters) string {
	if p.Location == nil {
		return "UTC"
	}
	return p.Location.String()
}

// knownUser checks that a user has review logs here, naming those who do.
func knownUser(cfg *config.Config, user string) error {
	dir := kb.At(cfg.Root).Reviews()
	if fi, err := os.Stat(filepath.Join(dir, reviews.UserName(user))); err == nil && fi.IsDir() {
		return nil
	}
	var users []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() {
			users = append(users, e.Name())
		}
	}
	hint := "nobody has review logs in this knowledge base yet"
	if len(users) > 0 {
		hint = "users with review logs here: " + strings.Join(users, ", ")
	}
	return withHint(fmt.Errorf("no review logs for user %q", user), hint)
}
