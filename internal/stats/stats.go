// Package stats computes the figures of kb stats from cards, their states
// and the per-day review history: counts, a year's heatmap with streaks, a
// 30-day forecast, true retention, the hardest cards, and breakdowns.
package stats

import (
	"sort"
	"strings"
	"time"

	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/quiz"
	"github.com/kb-cli/kb/internal/reviews"
)

// Input is what the figures are computed from.
type Input struct {
	Items   []*quiz.Item
	Types   map[string]int // notes per type ("" counts as note)
	Days    map[int]int
	Recall  map[int]reviews.Recall
	Sched   *fsrs.Scheduler
	Now     time.Time
	Desired float64
	By      string // "deck", "tag" or ""
	Params  Parameters
}

// Parameters are the scheduler's parameters in use and how well they
// predict the user's reviews (kb optimize fits them).
type Parameters struct {
	Source        string   `json:"source"` // "defaults", "fitted" or "config"
	FittedOn      string   `json:"fitted_on,omitempty"`
	FittedReviews int      `json:"fitted_reviews,omitempty"`
	Measured      int      `json:"measured_on"` // reviews on a later day than the card's previous one
	LogLoss       *float64 `json:"log_loss"`
	RMSEBins      *float64 `json:"rmse_bins"`
}

// Report holds every figure; its JSON is kb stats --json.
type Report struct {
	Date             string         `json:"date"`
	Notes            int            `json:"notes"`
	NotesByType      map[string]int `json:"notes_by_type"`
	Cards            Counts         `json:"cards"`
	Due              DueCounts      `json:"due"`
	ReviewsToday     int            `json:"reviews_today"`
	Heatmap          []DayCount     `json:"heatmap"`
	Streak           Streak         `json:"streak"`
	Forecast         []DayCount     `json:"forecast"`
	Retention        []Window       `json:"retention"`
	DesiredRetention float64        `json:"desired_retention"`
	AverageStability float64        `json:"average_stability"`
	Hardest          []Hard         `json:"hardest"`
	By               []Group        `json:"by,omitempty"`
	Parameters       Parameters     `json:"parameters"`
}

// Counts are cards by state.
type Counts struct {
	Total      int `json:"total"`
	New        int `json:"new"`
	Learning   int `json:"learning"`
	Review     int `json:"review"`
	Relearning int `json:"relearning"`
	Suspended  int `json:"suspended"`
}

// DueCounts: due today (overdue included), tomorrow, and in the next 7 days.
type DueCounts struct {
	Today    int `json:"today"`
	Tomorrow int `json:"tomorrow"`
	Week     int `json:"week"`
}

// DayCount is a number for one day.
type DayCount struct {
	Date  string `json:"date"`
	Count int    `json:"count"`
}

// Streak counts days in a row with reviews: the one running up to today (or
// yesterday, if today has none yet) and the longest.
type Streak struct {
	Current int `json:"current"`
	Longest int `json:"longest"`
}

// Window is true retention over the last Days days: the share of reviews of
// cards in review state not rated again. Rate is nil without such reviews.
type Window struct {
	Days    int      `json:"days"`
	Reviews int      `json:"reviews"`
	Again   int      `json:"again"`
	Rate    *float64 `json:"rate"`
}

// Hard is one of the hardest cards.
type Hard struct {
	ID         string  `json:"id"`
	Question   string  `json:"question"`
	Path       string  `json:"path"`
	Line       int     `json:"line"`
	Difficulty float64 `json:"difficulty"`
	Lapses     int     `json:"lapses"`
}

// Group is the breakdown for one deck or tag.
type Group struct {
	Name     string `json:"name"`
	Counts   Counts `json:"cards"`
	DueToday int    `json:"due_today"`
	Reviews  int    `json:"reviews"`
	Lapses   int    `json:"lapses"`
}

// HeatmapDays is how far back the heatmap goes: 52 whole weeks.
const HeatmapDays = 52 * 7

// Compute derives the report.
func Compute(in Input) Report {
	s := in.Sched
	today := s.Day(in.Now)
	r := Report{Date: date(today), NotesByType: map[string]int{}, DesiredRetention: in.Desired,
		Heatmap: []DayCount{}, Forecast: []DayCount{}, Hardest: []Hard{}, Parameters: in.Params}
	for t, n := range in.Types {
		if t == "" {
			t = "note"
		}
		r.NotesByType[t] += n
		r.Notes += n
	}
	forecast := make([]int, 30)
	var stabSum float64
	var stabN int
	var hard []Hard
	for _, it := range in.Items {
		count(&r.Cards, it)
		st := it.State
		if st == nil || st.Reps == 0 || st.Suspended {
			continue
		}
		d := s.Day(st.Due) - today
		switch {
		case d <= 0:
			r.Due.Today++
		case d == 1:
			r.Due.Tomorrow++
		}
		if d < 7 {
			r.Due.Week++
		}
		if d < 30 {
			forecast[max(d, 0)]++
		}
		if st.Card.State == fsrs.Review {
			stabSum += st.Stability
			stabN++
		}
		hard = keepHardest(hard, Hard{ID: it.ID, Question: it.Question, Path: it.Path, Line: it.Line,
			Difficulty: round2(st.Difficulty), Lapses: st.Lapses})
	}
	for i, n := range forecast {
		r.Forecast = append(r.Forecast, DayCount{date(today + i), n})
	}
	if stabN > 0 {
		r.AverageStability = round2(stabSum / float64(stabN))
	}
	r.Hardest = append(r.Hardest, hard...)

	r.ReviewsToday = in.Days[today]
	for d := today - HeatmapDays + 1; d <= today; d++ {
		r.Heatmap = append(r.Heatmap, DayCount{date(d), in.Days[d]})
	}
	r.Streak = streak(in.Days, today)
	for _, w := range []int{7, 30, 365} {
		win := Window{Days: w}
		for d := today - w + 1; d <= today; d++ {
			win.Reviews += in.Recall[d].Reviews
			win.Again += in.Recall[d].Again
		}
		if win.Reviews > 0 {
			rate := round4(1 - float64(win.Again)/float64(win.Reviews))
			win.Rate = &rate
		}
		r.Retention = append(r.Retention, win)
	}
	if in.By != "" {
		r.By = groups(in.Items, in.By, s, today)
	}
	return r
}

// hardestShown is how many of the hardest cards the report lists.
const hardestShown = 10

// keepHardest adds h to top, the hardest cards so far in order (highest
// difficulty, then most lapses, then first seen), keeping hardestShown of
// them: the same as a stable sort of all the cards cut to its head, without
// sorting thousands of cards to show ten.
func keepHardest(top []Hard, h Hard) []Hard {
	i := len(top)
	for i > 0 && harder(h, top[i-1]) {
		i--
	}
	if i >= hardestShown {
		return top
	}
	if len(top) < hardestShown {
		top = append(top, Hard{})
	}
	copy(top[i+1:], top[i:])
	top[i] = h
	return top
}

func harder(a, b Hard) bool {
	if a.Difficulty != b.Difficulty {
		return a.Difficulty > b.Difficulty
	}
	return a.Lapses > b.Lapses
}

func count(c *Counts, it *quiz.Item) {
	c.Total++
	if it.Suspended() {
		c.Suspended++
		return
	}
	switch it.Status() {
	case "new":
		c.New++
	case "learning":
		c.Learning++
	case "review":
		c.Review++
	case "relearning":
		c.Relearning++
	}
}

func groups(items []*quiz.Item, by string, s *fsrs.Scheduler, today int) []Group {
	byName := map[string]*Group{}
	add := func(name string, it *quiz.Item) {
		g := byName[name]
		if g == nil {
			g = &Group{Name: name}
			byName[name] = g
		}
		count(&g.Counts, it)
		if st := it.State; st != nil {
			g.Reviews += st.Reps
			g.Lapses += st.Lapses
			if st.Reps > 0 && !st.Suspended && s.Day(st.Due) <= today {
				g.DueToday++
			}
		}
	}
	for _, it := range items {
		if by == "deck" {
			add(it.Deck, it)
			continue
		}
		seen := map[string]bool{}
		for _, t := range it.Tags {
			if t = strings.ToLower(t); !seen[t] {
				seen[t] = true
				add(t, it)
			}
		}
		if len(it.Tags) == 0 {
			add("", it)
		}
	}
	out := make([]Group, 0, len(byName))
	for _, g := range byName {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Counts.Total != out[j].Counts.Total {
			return out[i].Counts.Total > out[j].Counts.Total
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// streak finds the run of days with reviews ending today (or yesterday) and
// the longest run in the history.
func streak(days map[int]int, today int) Streak {
	var st Streak
	var all []int
	for d, n := range days {
		if n > 0 {
			all = append(all, d)
		}
	}
	sort.Ints(all)
	run := 0
	for i, d := range all {
		if i > 0 && d == all[i-1]+1 {
			run++
		} else {
			run = 1
		}
		st.Longest = max(st.Longest, run)
	}
	end := today
	if days[today] == 0 {
		end = today - 1
	}
	for d := end; days[d] > 0; d-- {
		st.Current++
	}
	return st
}

// date turns a day number (Scheduler.Day) into YYYY-MM-DD.
func date(day int) string {
	return time.Unix(int64(day)*86400, 0).UTC().Format("2006-01-02")
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }
func round4(f float64) float64 { return float64(int64(f*10000+0.5)) / 10000 }
