package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/kb-cli/kb/internal/config"
	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/gitsync"
	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/kb"
	"github.com/kb-cli/kb/internal/quiz"
	"github.com/kb-cli/kb/internal/reviews"
)

// loadCollection joins the cards in the notes with the review logs. also,
// if not nil, runs while the index is open, so a command that needs more from
// it does not walk the notes a second time. The index is closed on return: a
// quiz session must not hold its lock.
func loadCollection(f deps, also func(*index.Index) error) (*quiz.Collection, *fsrs.Scheduler, error) {
	return loadCollectionOf(f, "", also)
}

// loadCollectionOf is loadCollection with another user's review logs (user
// not ""), read only.
func loadCollectionOf(f deps, user string, also func(*index.Index) error) (*quiz.Collection, *fsrs.Scheduler, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, nil, err
	}
	sched, err := fsrs.NewScheduler(cfg.Review.Params)
	if err != nil {
		return nil, nil, err
	}
	store := reviewStore(cfg, user)
	limits := quiz.Limits{NewPerDay: cfg.Review.NewPerDay, ReviewsPerDay: cfg.Review.ReviewsPerDay, LeechLapses: cfg.Review.LeechLapses}
	// The review history does not depend on the notes: read it while they
	// are checked (at 100k notes both take tens of milliseconds).
	quiz.ReadAhead(store, sched, limits)
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
	if !store.Visitor() {
		// Before the first log in a user's folder: git must merge it by union.
		if err := kb.UpgradeGitattributes(cfg.Root); err != nil {
			f.Warn("cannot update .kb/.gitattributes: " + err.Error())
		}
	}
	c, problems, err := quiz.Load(store, cs, sched, limits, f.Now)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range problems {
		f.Warn(p.String())
	}
	return c, sched, nil
}

// reviewScope is whose review logs a command reads and writes: the current
// user's (review.user, else git's user.email, else the login name), or
// another's, read only.
func reviewScope(cfg *config.Config, other string) reviews.Scope {
	me := currentUser(cfg)
	if u := reviews.UserName(other); u != "" && u != me {
		return reviews.Scope{Root: cfg.Root, User: u, Visitor: true}
	}
	return reviews.Scope{Root: cfg.Root, User: me}
}

// reviewStore is the review history a command reads and writes (see
// reviewScope), appended to as this device.
func reviewStore(cfg *config.Config, other string) *reviews.Store {
	return reviews.NewStore(reviewScope(cfg, other), reviews.DeviceName(cfg.Review.Device), cfg.Index.LockTimeout)
}

func currentUser(cfg *config.Config) string {
	if u := reviews.UserName(cfg.Review.User); u != "" {
		return u
	}
	if u := reviews.UserName(gitsync.UserEmail(cfg.Root)); u != "" {
		return u
	}
	if u := reviews.UserName(gitsync.LoginName()); u != "" {
		return u
	}
	return "me"
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
