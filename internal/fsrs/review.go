package fsrs

import (
	"math"
	"time"
)

// Review applies rating r to card c at now and returns the card's new state.
// seed makes the fuzz of the interval deterministic; callers derive it from
// the card's identity and review count, so every machine replaying the same
// log computes the same due dates.
func (s *Scheduler) Review(c Card, r Rating, now time.Time, seed uint64) Card {
	sameDay := !c.LastReview.IsZero() && s.DaysBetween(c.LastReview, now) < 1

	// Stability and difficulty, from the old state.
	switch {
	case c.State == New:
		c.Stability, c.Difficulty = s.initialStability(r), clampD(s.initialDifficultyRaw(r))
		c.State, c.Step = Learning, 0
	case sameDay:
		c.Stability = s.shortTermStability(c.Stability, r)
		c.Difficulty = s.nextDifficulty(c.Difficulty, r)
	default:
		c.Stability = s.nextStability(c.Difficulty, c.Stability, s.Retrievability(c, now), r)
		c.Difficulty = s.nextDifficulty(c.Difficulty, r)
	}

	// The next interval, and the state it puts the card in.
	var next time.Duration
	switch c.State {
	case Learning, Relearning:
		steps := s.p.LearningSteps
		if c.State == Relearning {
			steps = s.p.RelearningSteps
		}
		next = s.stepInterval(&c, steps, r)
	case Review:
		if r == Again {
			c.Lapses++
			if len(s.p.RelearningSteps) == 0 {
				next = days(s.nextInterval(c.Stability))
			} else {
				c.State, c.Step = Relearning, 0
				next = s.p.RelearningSteps[0]
			}
		} else {
			next = days(s.nextInterval(c.Stability))
		}
	}
	if s.p.Fuzz && c.State == Review {
		next = s.fuzz(next, seed)
	}
	c.Due = now.Add(next)
	c.LastReview = now
	c.Reps++
	return c
}

// stepInterval moves a (re)learning card along its steps.
func (s *Scheduler) stepInterval(c *Card, steps []time.Duration, r Rating) time.Duration {
	graduate := func() time.Duration {
		c.State, c.Step = Review, 0
		return days(s.nextInterval(c.Stability))
	}
	if len(steps) == 0 || (c.Step >= len(steps) && r != Again) {
		return graduate()
	}
	switch r {
	case Again:
		c.Step = 0
		return steps[0]
	case Hard:
		switch {
		case c.Step == 0 && len(steps) == 1:
			return steps[0] * 3 / 2
		case c.Step == 0:
			return (steps[0] + steps[1]) / 2
		}
		return steps[c.Step]
	case Good:
		if c.Step+1 == len(steps) {
			return graduate()
		}
		c.Step++
		return steps[c.Step]
	}
	return graduate() // Easy
}

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// fuzz spreads review intervals of 2.5 days or more over a small range, so
// cards learned together do not stay due together.
func (s *Scheduler) fuzz(interval time.Duration, seed uint64) time.Duration {
	d := float64(wholeDays(interval))
	if d < 2.5 {
		return interval
	}
	delta := 1.0
	for _, r := range []struct{ start, end, factor float64 }{
		{2.5, 7, 0.15}, {7, 20, 0.1}, {20, math.Inf(1), 0.05},
	} {
		delta += r.factor * math.Max(math.Min(d, r.end)-r.start, 0)
	}
	lo := max(2, int(math.RoundToEven(d-delta)))
	hi := min(int(math.RoundToEven(d+delta)), s.p.MaximumInterval)
	lo = min(lo, hi)
	n := lo + int(uniform(seed)*float64(hi-lo+1))
	return days(min(n, hi))
}

// uniform maps a seed to [0, 1) with splitmix64: tiny, and fixed forever, so
// replays agree across machines and Go versions.
func uniform(seed uint64) float64 {
	z := seed + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return float64(z>>11) / (1 << 53)
}

// Preview is what each rating would do to the card now (for the buttons).
func (s *Scheduler) Preview(c Card, now time.Time, seed uint64) map[Rating]Card {
	out := map[Rating]Card{}
	for _, r := range []Rating{Again, Hard, Good, Easy} {
		out[r] = s.Review(c, r, now, seed)
	}
	return out
}
