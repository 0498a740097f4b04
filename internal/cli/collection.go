package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/quiz"
	"github.com/kb-cli/kb/internal/reviews"
)

// loadCollection joins the cards in the notes with the review logs. also,
// if not nil, runs while the index is open, so a command that needs more from
// it does not walk the notes a second time. The index is closed on return: a
// quiz session must not hold its lock.
func loadCollection(f *Factory, also func(*index.Index) error) (*quiz.Collection, *fsrs.Scheduler, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, nil, err
	}
	sched, err := fsrs.NewScheduler(cfg.Review.Params)
	if err != nil {
		return nil, nil, err
	}
	ix, err := f.OpenIndex(false)
	if err != nil {
		return nil, nil, err
	}
	cs, err := ix.Cards()
	if err == nil && also != nil {
		err = also(ix)
	}
	ix.Close()
	if err != nil {
		return nil, nil, err
	}
	log := reviews.Open(cfg.Root, reviews.DeviceName(cfg.Review.Device), cfg.Index.LockTimeout)
	limits := quiz.Limits{NewPerDay: cfg.Review.NewPerDay, ReviewsPerDay: cfg.Review.ReviewsPerDay, LeechLapses: cfg.Review.LeechLapses}
	snapshot := filepath.Join(index.Dir(cfg.Root), "review-snapshot")
	c, problems, err := quiz.Load(cfg.Root, snapshot, cs, sched, log, limits, f.Now)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range problems {
		f.Warn(p.String())
	}
	return c, sched, nil
}

// parseRating reads again|hard|good|easy, 1-4 or a|h|g|e.
func parseRating(s string) (fsrs.Rating, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "a", "again":
		return fsrs.Again, true
	case "2", "h", "hard":
		return fsrs.Hard, true
	case "3", "g", "good":
		return fsrs.Good, true
	case "4", "e", "easy":
		return fsrs.Easy, true
	}
	return 0, false
}

// ago formats an interval as Anki's buttons do: 10m, 3h, 4d, 2.5mo, 1.2y.
func interval(d time.Duration) string {
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%dm", max(1, int(d.Round(time.Minute).Minutes())))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh", int(d.Round(time.Hour).Hours()))
	case d < 30*24*time.Hour:
		return fmt.Sprintf("%dd", int(d.Round(24*time.Hour).Hours()/24))
	case d < 365*24*time.Hour:
		return fmt.Sprintf("%.1fmo", d.Hours()/24/30)
	}
	return fmt.Sprintf("%.1fy", d.Hours()/24/365)
}
