package fsrs

import (
	"math"
	"testing"
	"time"
)

func noFuzz(t *testing.T) *Scheduler {
	p := DefaultParameters()
	p.Fuzz = false
	s, err := NewScheduler(p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// intervals reviews a new card each time exactly when due and returns the
// whole days between due and each review (learning steps count as 0).
func intervals(s *Scheduler, ratings []Rating) ([]int, Card) {
	now := time.Date(2022, 11, 29, 12, 30, 0, 0, time.UTC)
	var c Card
	var out []int
	for i, r := range ratings {
		c = s.Review(c, r, now, uint64(i))
		out = append(out, wholeDays(c.Due.Sub(now)))
		now = c.Due
	}
	return out, c
}

func TestReferenceSequence(t *testing.T) {
	G, A := Good, Again
	got, _ := intervals(noFuzz(t), []Rating{G, G, G, G, G, G, A, A, G, G, G, G, G})
	want := []int{0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("intervals %v, want %v", got, want)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-4 }

func TestFirstRatings(t *testing.T) {
	s := noFuzz(t)
	now := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	for r, want := range map[Rating]struct {
		state State
		due   time.Duration
		d     float64
	}{
		Again: {Learning, time.Minute, 6.4133},
		Hard:  {Learning, 5*time.Minute + 30*time.Second, 6.4133 - math.Exp(0.8334) + 1},
		Good:  {Learning, 10 * time.Minute, 6.4133 - math.Exp(2*0.8334) + 1},
		Easy:  {Review, 8 * 24 * time.Hour, 6.4133 - math.Exp(3*0.8334) + 1},
	} {
		c := s.Review(Card{}, r, now, 0)
		if c.State != want.state || c.Due.Sub(now) != want.due || !near(c.Difficulty, clampD(want.d)) ||
			!near(c.Stability, DefaultWeights[r-1]) || c.Reps != 1 {
			t.Errorf("%v: %+v", r, c)
		}
	}
}

func TestHardStaysOnStepAndOneStepCase(t *testing.T) {
	p := DefaultParameters()
	p.Fuzz = false
	p.LearningSteps = []time.Duration{10 * time.Minute}
	s, _ := NewScheduler(p)
	now := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	c := s.Review(Card{}, Hard, now, 0)
	if c.Due.Sub(now) != 15*time.Minute || c.Step != 0 {
		t.Errorf("1.5 x the only step: %v step %d", c.Due.Sub(now), c.Step)
	}
	c = s.Review(c, Good, c.Due, 0)
	if c.State != Review {
		t.Errorf("Good on the last step graduates: %v", c.State)
	}
}

func TestRelearningAndLapses(t *testing.T) {
	s := noFuzz(t)
	now := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	c := s.Review(Card{}, Easy, now, 0)
	now = c.Due
	before := c.Stability
	c = s.Review(c, Again, now, 0)
	if c.State != Relearning || c.Lapses != 1 || c.Due.Sub(now) != 10*time.Minute || c.Stability >= before {
		t.Fatalf("lapse: %+v", c)
	}
	c = s.Review(c, Good, c.Due, 0)
	if c.State != Review || c.Due.Sub(c.LastReview) < 24*time.Hour {
		t.Errorf("relearning graduates: %+v", c)
	}
	p := DefaultParameters()
	p.Fuzz, p.RelearningSteps = false, nil
	s2, _ := NewScheduler(p)
	c2 := s2.Review(s2.Review(Card{}, Easy, now, 0), Again, now.Add(8*24*time.Hour), 0)
	if c2.State != Review || c2.Lapses != 1 {
		t.Errorf("no relearning steps: %+v", c2)
	}
}

func TestSameDayReviewUsesShortTermStability(t *testing.T) {
	s := noFuzz(t)
	now := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	c := s.Review(Card{}, Easy, now, 0)
	again := s.Review(c, Good, now.Add(time.Hour), 0)
	want := c.Stability * math.Max(1, math.Exp(0.5425*(0+0.0912))*math.Pow(c.Stability, -0.0658))
	if !near(again.Stability, want) {
		t.Errorf("same-day S %g, want %g", again.Stability, want)
	}
}

func TestMaximumIntervalAndFuzzBounds(t *testing.T) {
	p := DefaultParameters()
	p.MaximumInterval = 30
	s, _ := NewScheduler(p)
	now := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	c := Card{}
	for i := 0; i < 12; i++ {
		c = s.Review(c, Easy, now, uint64(i))
		if d := wholeDays(c.Due.Sub(now)); d > 30 {
			t.Fatalf("interval %d over the maximum", d)
		}
		now = c.Due
	}
	// Fuzz stays within the documented range and is deterministic.
	s2 := noFuzz(t)
	s2.p.Fuzz = true
	for _, ivl := range []int{3, 10, 50, 400} {
		seen := map[int]bool{}
		for seed := uint64(0); seed < 2000; seed++ {
			got := wholeDays(s2.fuzz(days(ivl), seed))
			d := float64(ivl)
			delta := 1 + 0.15*math.Max(math.Min(d, 7)-2.5, 0) + 0.1*math.Max(math.Min(d, 20)-7, 0) + 0.05*math.Max(d-20, 0)
			if float64(got) < math.Max(2, math.RoundToEven(d-delta)) || float64(got) > math.RoundToEven(d+delta) {
				t.Fatalf("fuzz of %d gave %d", ivl, got)
			}
			seen[got] = true
		}
		if len(seen) < 2 {
			t.Errorf("fuzz of %d never varies", ivl)
		}
		if first, again := s2.fuzz(days(ivl), 42), s2.fuzz(days(ivl), 42); first != again {
			t.Error("fuzz not deterministic")
		}
	}
	if got := s2.fuzz(days(2), 7); got != days(2) {
		t.Errorf("short intervals are not fuzzed: %v", got)
	}
}

func TestValidate(t *testing.T) {
	p := DefaultParameters()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	p.Weights[4] = 11
	if err := p.Validate(); err == nil {
		t.Error("w4 = 11 accepted")
	}
	p = DefaultParameters()
	p.DesiredRetention = 1
	if _, err := NewScheduler(p); err == nil {
		t.Error("retention 1 accepted")
	}
	p = DefaultParameters()
	p.LearningSteps = []time.Duration{0}
	if err := p.Validate(); err == nil {
		t.Error("zero step accepted")
	}
}

func TestRetrievabilityAtStability(t *testing.T) {
	s := noFuzz(t)
	now := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	c := Card{State: Review, Stability: 10, LastReview: now}
	if r := s.Retrievability(c, now.Add(10*24*time.Hour)); !near(r, 0.9) {
		t.Errorf("R(S, S) = %g", r)
	}
}

// TestEasyThenHardFromFormulas checks two review-state steps against the
// formulas of the design notes written out by hand, not via the helpers.
func TestEasyThenHardFromFormulas(t *testing.T) {
	w := DefaultWeights
	s := noFuzz(t)
	now := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	c := s.Review(Card{}, Easy, now, 0) // S = w3, due in round(w3) = 8 days
	if c.Due.Sub(now) != 8*24*time.Hour {
		t.Fatalf("first Easy due %v", c.Due.Sub(now))
	}
	decay := -w[20]
	factor := math.Pow(0.9, 1/decay) - 1
	d0 := func(g float64) float64 { return w[4] - math.Exp(w[5]*(g-1)) + 1 }
	S, D := w[3], math.Max(1, d0(4))

	// Hard, 8 days later: recall stability with the hard penalty, then D.
	R := math.Pow(1+factor*8/S, decay)
	S2 := S * (1 + math.Exp(w[8])*(11-D)*math.Pow(S, -w[9])*(math.Exp(w[10]*(1-R))-1)*w[15])
	dD := -w[6] * (2 - 3)
	D2 := math.Min(10, math.Max(1, w[7]*d0(4)+(1-w[7])*(D+dD*(10-D)/9)))
	ivl := math.RoundToEven(S2 / factor * (math.Pow(0.9, 1/decay) - 1))

	c = s.Review(c, Hard, c.Due, 0)
	if !near(c.Stability, S2) || !near(c.Difficulty, D2) || wholeDays(c.Due.Sub(c.LastReview)) != int(ivl) {
		t.Errorf("got S %g D %g ivl %d; want S %g D %g ivl %g", c.Stability, c.Difficulty,
			wholeDays(c.Due.Sub(c.LastReview)), S2, D2, ivl)
	}
}

func TestDayBoundary(t *testing.T) {
	p := DefaultParameters()
	p.Fuzz = false
	p.Location = time.FixedZone("KST", 9*3600)
	s, _ := NewScheduler(p)
	kst := func(d, h int) time.Time { return time.Date(2024, 1, d, h, 0, 0, 0, p.Location) }
	if s.DaysBetween(kst(1, 23), kst(2, 3)) != 0 {
		t.Error("03:00 counts for the day before when days start at 04:00")
	}
	if s.DaysBetween(kst(2, 3), kst(2, 5)) != 1 {
		t.Error("04:00 starts a new day")
	}
	// A review-state card rated 2 hours after its last review, across the
	// day start, is not a same-day review.
	c := Card{State: Review, Stability: 5, Difficulty: 5, LastReview: kst(2, 3), Due: kst(2, 3)}
	next := s.Review(c, Good, kst(2, 5), 0)
	same := s.shortTermStability(5, Good)
	if near(next.Stability, same) {
		t.Error("used the same-day formula across the day start")
	}
	p.DayStartHour = 24
	if err := p.Validate(); err == nil {
		t.Error("hour 24 accepted")
	}
}

// A card brought from SM-2 keeps its interval as stability, and a good
// answer when it comes due grows the interval by its ease, as SM-2 would.
func TestFromSM2(t *testing.T) {
	p := DefaultParameters()
	p.Fuzz = false
	s, err := NewScheduler(p)
	if err != nil {
		t.Fatal(err)
	}
	last := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		ease     float64
		interval int
	}{{2.5, 10}, {2.3, 30}, {2.7, 5}} {
		due := last.AddDate(0, 0, tc.interval)
		c := s.FromSM2(tc.ease, tc.interval, last, due)
		if c.State != Review || c.Stability != float64(tc.interval) || c.Difficulty < 1 || c.Difficulty > 10 || !c.Due.Equal(due) {
			t.Fatalf("FromSM2(%v, %d) = %+v", tc.ease, tc.interval, c)
		}
		next := s.Review(c, Good, due, 1)
		got := next.Due.Sub(due).Hours() / 24
		want := tc.ease * float64(tc.interval)
		if got < want-1.5 || got > want+1.5 {
			t.Errorf("ease %v interval %d: next interval %.1f days, want about %.1f", tc.ease, tc.interval, got, want)
		}
	}
	// A lower ease is a harder card.
	hard, easy := s.FromSM2(1.3, 100, last, last), s.FromSM2(2.5, 100, last, last)
	if hard.Difficulty <= easy.Difficulty || hard.Difficulty > 10 {
		t.Errorf("difficulty %v at ease 1.3, %v at 2.5", hard.Difficulty, easy.Difficulty)
	}
}

// In UTC, Day is computed by arithmetic; it must count days as the calendar
// does, before 1970 and around the day's start hour too.
func TestDayInUTCMatchesTheCalendar(t *testing.T) {
	for _, hour := range []int{0, 4, 23} {
		p := DefaultParameters()
		p.DayStartHour = hour
		s, err := NewScheduler(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, at := range []time.Time{
			time.Date(2026, 1, 15, hour, 0, 0, 0, time.UTC),
			time.Date(2026, 1, 15, hour, 0, 0, 0, time.UTC).Add(-time.Nanosecond),
			time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC),
			time.Date(1960, 3, 1, 2, 0, 0, 0, time.UTC),
			time.Date(2026, 6, 1, 12, 0, 0, 0, time.FixedZone("", 9*3600)),
			{},
		} {
			local := at.UTC().Add(-time.Duration(hour) * time.Hour)
			y, m, d := local.Date()
			want := int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
			if got := s.Day(at); got != want {
				t.Errorf("start hour %d, %v: day %d, want %d", hour, at, got, want)
			}
		}
	}
}
