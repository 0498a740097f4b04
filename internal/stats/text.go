package stats

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/kb-cli/kb/internal/ansi"
	"github.com/kb-cli/kb/internal/cellwidth"
)

// levels are the heatmap's cells by review count, distinct without colour.
var levels = []string{"·", "░", "▒", "▓", "█"}

// greens colour the levels on a terminal (256-colour palette).
var greens = []int{240, 22, 28, 34, 46}

// Level maps a day's reviews to 0-4 against the busiest day.
func Level(n, busiest int) int {
	switch {
	case n <= 0 || busiest <= 0:
		return 0
	case n*4 <= busiest:
		return 1
	case n*2 <= busiest:
		return 2
	case n*4 <= busiest*3:
		return 3
	}
	return 4
}

// WriteText writes the report for a terminal; color adds ANSI colour.
func WriteText(w io.Writer, r Report, color bool) {
	p := ansi.Styler{On: color}
	b := func(s string) string { return p.Bold(s) }
	fmt.Fprintf(w, "%s · %s\n\n", b("kb stats"), r.Date)
	var types []string
	for t := range r.NotesByType {
		types = append(types, t)
	}
	sort.Slice(types, func(i, j int) bool {
		if r.NotesByType[types[i]] != r.NotesByType[types[j]] {
			return r.NotesByType[types[i]] > r.NotesByType[types[j]]
		}
		return types[i] < types[j]
	})
	var parts []string
	for _, t := range types {
		parts = append(parts, fmt.Sprintf("%s %d", t, r.NotesByType[t]))
	}
	fmt.Fprintf(w, "%-10s %5d  %s\n", "Notes", r.Notes, strings.Join(parts, " · "))
	c := r.Cards
	fmt.Fprintf(w, "%-10s %5d  new %d · learning %d · review %d · relearning %d · suspended %d\n", "Cards", c.Total,
		c.New, c.Learning, c.Review, c.Relearning, c.Suspended)
	fmt.Fprintf(w, "%-10s %5s  today %d · tomorrow %d · next 7 days %d\n", "Due", "", r.Due.Today, r.Due.Tomorrow, r.Due.Week)
	fmt.Fprintf(w, "%-10s %5s  today %d · streak %d day(s), longest %d\n", "Reviews", "", r.ReviewsToday, r.Streak.Current, r.Streak.Longest)
	var ret []string
	for _, win := range r.Retention {
		rate := "–"
		if win.Rate != nil {
			rate = fmt.Sprintf("%.1f%%", *win.Rate*100)
		}
		ret = append(ret, fmt.Sprintf("%dd %s (%d)", win.Days, rate, win.Reviews))
	}
	fmt.Fprintf(w, "%-10s %5s  %s · desired %.1f%%\n", "Retention", "", strings.Join(ret, " · "), r.DesiredRetention*100)
	fmt.Fprintf(w, "%-10s %5s  average %.1f days\n", "Stability", "", r.AverageStability)
	fmt.Fprintf(w, "%-10s %5s  %s\n\n", "Parameters", "", parametersText(r.Parameters))

	fmt.Fprintln(w, b("Reviews in the last 52 weeks"))
	writeHeatmap(w, r.Heatmap, p)
	fmt.Fprintln(w)

	fmt.Fprintln(w, b("Due in the next 30 days"))
	busiest, total := 0, 0
	for _, d := range r.Forecast {
		busiest = max(busiest, d.Count)
		total += d.Count
	}
	// Only the days with cards due: thirty lines of zeros hide the few that
	// matter.
	for i, d := range r.Forecast {
		if d.Count == 0 {
			continue
		}
		t, _ := time.Parse("2006-01-02", d.Date)
		label := t.Format("01-02 Mon")
		if i == 0 {
			label += "*"
		}
		bar := ""
		if busiest > 0 {
			bar = strings.Repeat("█", (d.Count*40+busiest-1)/busiest)
		}
		fmt.Fprintf(w, "%-10s %s %d\n", label, p.Style(ansi.Cyan, bar), d.Count)
	}
	fmt.Fprintf(w, "%-10s %d card(s)\n", "total", total)
	fmt.Fprintln(w, p.Style(ansi.Dim, "* today, with overdue cards"))

	if len(r.Hardest) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, b("Hardest cards"))
		for _, h := range r.Hardest {
			fmt.Fprintf(w, "D %4.1f  lapses %d  %s  %s\n", h.Difficulty, h.Lapses, h.Question, p.Style(ansi.Cyan, fmt.Sprintf("%s:%d", h.Path, h.Line)))
		}
	}
	if len(r.By) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, b("By group"))
		for _, g := range r.By {
			name := g.Name
			if name == "" {
				name = "(none)"
			}
			fmt.Fprintf(w, "%s cards %d · new %d · learning %d · review %d · relearning %d · suspended %d · due %d · reviews %d · lapses %d\n",
				cellwidth.Pad(name, 20), g.Counts.Total, g.Counts.New, g.Counts.Learning, g.Counts.Review, g.Counts.Relearning,
				g.Counts.Suspended, g.DueToday, g.Reviews, g.Lapses)
		}
	}
}

// writeHeatmap draws weeks as columns, weekdays as rows (Monday first), with
// month names above the weeks where each month starts.
func writeHeatmap(w io.Writer, days []DayCount, p ansi.Styler) {
	if len(days) == 0 {
		return
	}
	busiest := 0
	for _, d := range days {
		busiest = max(busiest, d.Count)
	}
	first, _ := time.Parse("2006-01-02", days[0].Date)
	lead := (int(first.Weekday()) + 6) % 7 // days before the first, in its week
	cols := (lead + len(days) + 6) / 7
	grid := make([][]string, 7)
	for row := range grid {
		grid[row] = make([]string, cols)
		for col := range grid[row] {
			grid[row][col] = " "
		}
	}
	months := make([]byte, cols+3)
	for i := range months {
		months[i] = ' '
	}
	free, firstPartial := 0, false
	for i, d := range days {
		pos := lead + i
		col, row := pos/7, pos%7
		lv := Level(d.Count, busiest)
		cell := levels[lv]
		if p.On {
			cell = p.Style(ansi.Color256(greens[lv]), "■")
		}
		grid[row][col] = cell
		t, _ := time.Parse("2006-01-02", d.Date)
		switch {
		case t.Day() == 1 && col >= free:
			copy(months[col:], t.Format("Jan"))
			free = col + 4
		case t.Day() == 1 && firstPartial:
			// The first month's label (a few days of it) would push this one
			// out: this one wins, so no month is ever missing.
			copy(months[free-4:free], "    ")
			copy(months[col:], t.Format("Jan"))
			free = col + 4
		case i == 0:
			copy(months[col:], t.Format("Jan"))
			free, firstPartial = col+4, true
		}
		if t.Day() == 1 {
			firstPartial = false
		}
	}
	fmt.Fprintf(w, "    %s\n", strings.TrimRight(string(months), " "))
	names := []string{"Mon", "", "Wed", "", "Fri", "", "Sun"}
	for row := range grid {
		fmt.Fprintf(w, "%-4s%s\n", names[row], strings.Join(grid[row], ""))
	}
	fmt.Fprintf(w, "    less %s more\n", strings.Join(levels, " "))
}

// parametersText says which parameters schedule the cards and how well
// they predict the user's reviews.
func parametersText(p Parameters) string {
	var which string
	switch p.Source {
	case "fitted":
		which = fmt.Sprintf("fitted on %s from %d reviews", p.FittedOn, p.FittedReviews)
	case "config":
		which = "set in the config (review.weights)"
	default:
		which = "FSRS-6 defaults"
	}
	if p.LogLoss == nil || p.RMSEBins == nil {
		return which + " · no reviews on a later day to measure them on yet"
	}
	return fmt.Sprintf("%s · log loss %.4f · RMSE(bins) %.4f on %d reviews", which, *p.LogLoss, *p.RMSEBins, p.Measured)
}
