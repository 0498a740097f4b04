package stats

import (
	"fmt"
	"html"
	"io"
	"sort"
	"strings"
	"time"
)

// WriteHTML writes the report as one self-contained page: inline CSS and
// SVG charts, no scripts, no external assets, so it opens from disk anywhere.
func WriteHTML(w io.Writer, r Report) error {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kb stats ` + r.Date + `</title>
<style>
body{font-family:system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR",sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse}td,th{padding:.2rem .8rem;text-align:left;border-bottom:1px solid #eee}
.num{text-align:right;font-variant-numeric:tabular-nums}
svg text{font-size:10px;fill:#555}
</style></head><body>
`)
	fmt.Fprintf(&b, "<h1>kb stats · %s</h1>\n", r.Date)
	c := r.Cards
	fmt.Fprintf(&b, `<table>
<tr><th>Notes</th><td class="num">%d</td><td>%s</td></tr>
<tr><th>Cards</th><td class="num">%d</td><td>new %d · learning %d · review %d · relearning %d · suspended %d</td></tr>
<tr><th>Due</th><td></td><td>today %d · tomorrow %d · next 7 days %d</td></tr>
<tr><th>Reviews</th><td></td><td>today %d · streak %d day(s), longest %d</td></tr>
<tr><th>Stability</th><td></td><td>average %.1f days</td></tr>
</table>
`, r.Notes, html.EscapeString(typesLine(r)), c.Total, c.New, c.Learning, c.Review, c.Relearning, c.Suspended,
		r.Due.Today, r.Due.Tomorrow, r.Due.Week, r.ReviewsToday, r.Streak.Current, r.Streak.Longest, r.AverageStability)

	b.WriteString("<h2>Reviews in the last 52 weeks</h2>\n")
	b.WriteString(heatmapSVG(r.Heatmap))
	b.WriteString("<h2>Due in the next 30 days</h2>\n")
	b.WriteString(forecastSVG(r.Forecast))
	b.WriteString("<h2>True retention</h2>\n")
	b.WriteString(retentionSVG(r.Retention, r.DesiredRetention))
	if len(r.Hardest) > 0 {
		b.WriteString("<h2>Hardest cards</h2>\n<table><tr><th>Difficulty</th><th>Lapses</th><th>Question</th><th>Note</th></tr>\n")
		for _, h := range r.Hardest {
			fmt.Fprintf(&b, "<tr><td class=\"num\">%.1f</td><td class=\"num\">%d</td><td>%s</td><td>%s:%d</td></tr>\n",
				h.Difficulty, h.Lapses, html.EscapeString(h.Question), html.EscapeString(h.Path), h.Line)
		}
		b.WriteString("</table>\n")
	}
	b.WriteString("</body></html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func typesLine(r Report) string {
	var parts []string
	for t, n := range r.NotesByType {
		parts = append(parts, fmt.Sprintf("%s %d", t, n))
	}
	sort.Strings(parts)
	return strings.Join(parts, " · ")
}

var fills = []string{"#ebedf0", "#9be9a8", "#40c463", "#30a14e", "#216e39"}

func heatmapSVG(days []DayCount) string {
	if len(days) == 0 {
		return ""
	}
	const cell, gap, left, top = 11, 2, 28, 16
	busiest := 0
	for _, d := range days {
		busiest = max(busiest, d.Count)
	}
	first, _ := time.Parse("2006-01-02", days[0].Date)
	lead := (int(first.Weekday()) + 6) % 7
	cols := (lead + len(days) + 6) / 7
	width, height := left+cols*(cell+gap), top+7*(cell+gap)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" role="img" aria-label="reviews per day">`+"\n", width, height)
	for row, name := range []string{"Mon", "", "Wed", "", "Fri", "", "Sun"} {
		if name != "" {
			fmt.Fprintf(&b, `<text x="0" y="%d">%s</text>`+"\n", top+row*(cell+gap)+9, name)
		}
	}
	for i, d := range days {
		pos := lead + i
		col, row := pos/7, pos%7
		x, y := left+col*(cell+gap), top+row*(cell+gap)
		t, _ := time.Parse("2006-01-02", d.Date)
		if t.Day() == 1 {
			fmt.Fprintf(&b, `<text x="%d" y="10">%s</text>`+"\n", x, t.Format("Jan"))
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" rx="2" fill="%s"><title>%s: %d</title></rect>`+"\n",
			x, y, cell, cell, fills[Level(d.Count, busiest)], d.Date, d.Count)
	}
	b.WriteString("</svg>\n")
	return b.String()
}

func forecastSVG(days []DayCount) string {
	const barW, gap, h, bottom = 18, 4, 120, 30
	busiest := 1
	for _, d := range days {
		busiest = max(busiest, d.Count)
	}
	width := len(days) * (barW + gap)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" role="img" aria-label="cards due per day">`+"\n", width, h+bottom)
	fmt.Fprintf(&b, `<line x1="0" y1="%d" x2="%d" y2="%d" stroke="#bbb"/>`+"\n", h, width, h)
	for i, d := range days {
		bh := d.Count * h / busiest
		x := i * (barW + gap)
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#4a90d9"><title>%s: %d</title></rect>`+"\n", x, h-bh, barW, bh, d.Date, d.Count)
		if i%5 == 0 {
			fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`+"\n", x, h+14, d.Date[5:])
		}
	}
	b.WriteString("</svg>\n")
	return b.String()
}

func retentionSVG(ws []Window, desired float64) string {
	const barH, gap, w, left = 20, 8, 400, 50
	height := len(ws)*(barH+gap) + 20
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" role="img" aria-label="true retention">`+"\n", left+w+80, height)
	for i, win := range ws {
		y := i * (barH + gap)
		fmt.Fprintf(&b, `<text x="0" y="%d">%d days</text>`+"\n", y+14, win.Days)
		label := "no reviews"
		if win.Rate != nil {
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#30a14e"/>`+"\n", left, y, int(*win.Rate*w), barH)
			label = fmt.Sprintf("%.1f%% of %d", *win.Rate*100, win.Reviews)
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`+"\n", left+w+6, y+14, label)
	}
	x := left + int(desired*w)
	fmt.Fprintf(&b, `<line x1="%d" y1="0" x2="%d" y2="%d" stroke="#d73a49" stroke-dasharray="4"/>`+"\n", x, x, height-20)
	fmt.Fprintf(&b, `<text x="%d" y="%d">desired %.0f%%</text>`+"\n", x-30, height-6, desired*100)
	b.WriteString("</svg>\n")
	return b.String()
}
