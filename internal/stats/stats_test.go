package stats

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/ansi"
	"github.com/kb-cli/kb/internal/cards"
	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/quiz"
	"github.com/kb-cli/kb/internal/reviews"
)

var now = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)

func sched(t testing.TB) *fsrs.Scheduler {
	p := fsrs.DefaultParameters()
	p.Fuzz = false
	s, err := fsrs.NewScheduler(p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func input(t testing.TB, days map[int]int) Input {
	return Input{Items: []*quiz.Item{{Card: &cards.Card{ID: "a", Question: "q?"}}}, Types: map[string]int{"question": 1, "": 1},
		Days: days, Recall: map[int]reviews.Recall{}, Sched: sched(t), Now: now, Desired: 0.9}
}

func TestNoReviewsOneReviewManyReviews(t *testing.T) {
	s := sched(t)
	today := s.Day(now)
	for _, tc := range []struct {
		name string
		days map[int]int
		sum  int
	}{
		{"none", map[int]int{}, 0},
		{"one", map[int]int{today: 1}, 1},
		{"100k", func() map[int]int {
			m := map[int]int{}
			for i := 0; i < 100000; i++ {
				m[today-i%500]++
			}
			return m
		}(), 0},
	} {
		r := Compute(input(t, tc.days))
		if len(r.Heatmap) != HeatmapDays || len(r.Forecast) != 30 || len(r.Retention) != 3 {
			t.Fatalf("%s: shapes %d %d %d", tc.name, len(r.Heatmap), len(r.Forecast), len(r.Retention))
		}
		sum := 0
		for _, d := range r.Heatmap {
			sum += d.Count
		}
		want := 0
		for d, n := range tc.days {
			if d > today-HeatmapDays && d <= today {
				want += n
			}
		}
		if sum != want || r.Heatmap[len(r.Heatmap)-1].Date != "2026-01-15" {
			t.Errorf("%s: heatmap sum %d want %d, last %s", tc.name, sum, want, r.Heatmap[len(r.Heatmap)-1].Date)
		}
		var text, page bytes.Buffer
		WriteText(&text, r, false)
		if err := WriteHTML(&page, r); err != nil {
			t.Fatal(err)
		}
		due := 0
		for _, d := range r.Forecast {
			due += d.Count
		}
		for _, want := range []string{"Reviews in the last 52 weeks\n", "\nMon ", "\nSun ", "Due in the next 30 days\n",
			fmt.Sprintf("\ntotal      %d card(s)\n", due)} {
			if !strings.Contains(text.String(), want) {
				t.Errorf("%s: text lacks %q:\n%s", tc.name, want, text.String())
			}
		}
		if got := strings.Count(page.String(), "<rect"); got < HeatmapDays {
			t.Errorf("%s: %d rects in the page", tc.name, got)
		}
	}
}

func TestLevelAndStreak(t *testing.T) {
	for _, tc := range []struct{ n, busiest, want int }{{0, 10, 0}, {1, 10, 1}, {3, 10, 2}, {7, 10, 3}, {10, 10, 4}, {5, 0, 0}} {
		if got := Level(tc.n, tc.busiest); got != tc.want {
			t.Errorf("Level(%d, %d) = %d", tc.n, tc.busiest, got)
		}
	}
	st := streak(map[int]int{10: 1, 11: 2, 12: 1, 20: 1, 21: 1}, 22)
	if st.Current != 2 || st.Longest != 3 {
		t.Errorf("no review today yet: %+v", st)
	}
	if st := streak(map[int]int{10: 1, 11: 2, 12: 1, 20: 1, 21: 1}, 23); st.Current != 0 {
		t.Errorf("a day missed: %+v", st)
	}
}

// TestHTMLInBrowser loads the page in headless Chromium and takes a
// screenshot; console errors fail the test. Skips without a browser.
func TestHTMLInBrowser(t *testing.T) {
	var browser string
	for _, b := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(b); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("no Chromium installed (apt-get install chromium)")
	}
	days := map[int]int{}
	today := sched(t).Day(now)
	for i := 0; i < 300; i++ {
		days[today-i] = i % 9
	}
	r := Compute(input(t, days))
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	WriteHTML(&buf, r)
	os.WriteFile(page, buf.Bytes(), 0o644)
	shot := filepath.Join(dir, "shot.png")
	cmd := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--enable-logging=stderr", "--v=0",
		"--window-size=1100,1400", "--screenshot="+shot, "file://"+page)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	fi, err := os.Stat(shot)
	if err != nil || fi.Size() < 10_000 {
		t.Fatalf("no screenshot (%v)\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "CONSOLE") && (strings.Contains(line, "Error") || strings.Contains(line, "Uncaught")) {
			t.Errorf("console error: %s", line)
		}
	}
	if dest := os.Getenv("KB_SCREENSHOT"); dest != "" {
		data, _ := os.ReadFile(shot)
		os.WriteFile(dest, data, 0o644)
	}
	t.Logf("screenshot %d bytes", fi.Size())
}

// The month row names every month the heatmap covers, even when the first,
// partial month starts a column or two before the next one.
func TestHeatmapMonthsNeverDropped(t *testing.T) {
	for _, last := range []string{"2026-01-15", "2026-12-03", "2026-11-29", "2027-03-02"} {
		end, _ := time.Parse("2006-01-02", last)
		var days []DayCount
		for i := HeatmapDays - 1; i >= 0; i-- {
			days = append(days, DayCount{Date: end.AddDate(0, 0, -i).Format("2006-01-02")})
		}
		var b bytes.Buffer
		writeHeatmap(&b, days, ansi.Styler{})
		row := strings.SplitN(b.String(), "\n", 2)[0]
		first, _ := time.Parse("2006-01-02", days[0].Date)
		for m := first.AddDate(0, 1, 1-first.Day()); !m.After(end); m = m.AddDate(0, 1, 0) {
			if !strings.Contains(row, m.Format("Jan")) {
				t.Errorf("ending %s: month row %q lacks %s", last, row, m.Format("Jan"))
			}
		}
	}
}

// keepHardest must list what a stable sort of every card, cut to its head,
// lists: ties in difficulty and lapses keep the cards' order.
func TestKeepHardestIsStableSortHead(t *testing.T) {
	rnd := rand.New(rand.NewSource(7))
	for round := 0; round < 200; round++ {
		var all, top []Hard
		for i := 0; i < rnd.Intn(40); i++ {
			h := Hard{ID: fmt.Sprint(i), Difficulty: float64(rnd.Intn(4)), Lapses: rnd.Intn(3)}
			all = append(all, h)
			top = keepHardest(top, h)
		}
		sort.SliceStable(all, func(i, j int) bool { return harder(all[i], all[j]) })
		want := all[:min(hardestShown, len(all))]
		if len(want) == 0 {
			want = nil
		}
		if !reflect.DeepEqual(top, want) {
			t.Fatalf("round %d: got %v, want %v", round, top, want)
		}
	}
}
