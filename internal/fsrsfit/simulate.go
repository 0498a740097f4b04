package fsrsfit

import (
	"fmt"
	"sort"
	"time"

	"github.com/kb-cli/kb/internal/fsrs"
)

// Simulation describes a learner for Simulate.
type Simulation struct {
	Truth     Weights // the learner's real memory
	Reviews   int     // stop after this many reviews
	NewPerDay int
	Start     time.Time // first day, at the time of the day reviews begin
	Seed      uint64
}

// Simulate is a deterministic review log of a learner whose memory follows
// Truth, scheduled by kb's scheduler with the default settings: new cards
// each day, learning steps the same day, each review recalled with the
// probability the truth predicts. Benchmarks and tests fit to it.
func Simulate(sim Simulation) []Review {
	p := fsrs.DefaultParameters()
	p.Weights = sim.Truth
	s, err := fsrs.NewScheduler(p)
	if err != nil {
		panic(err) // Truth out of bounds is a bug in the caller
	}
	rng := sim.Seed
	uniform := func() float64 { return float64(splitmix(&rng)>>11) / (1 << 53) }
	type card struct {
		id string
		c  fsrs.Card
	}
	var cards []*card
	var out []Review
	for day := 0; len(out) < sim.Reviews; day++ {
		dayStart := sim.Start.AddDate(0, 0, day)
		for i := 0; i < sim.NewPerDay; i++ {
			cards = append(cards, &card{id: fmt.Sprintf("card-%d", len(cards)), c: fsrs.Card{Due: dayStart}})
		}
		clock := dayStart
		end := s.NextDayStart(dayStart)
		today := s.Day(dayStart)
		for len(out) < sim.Reviews {
			var due []*card
			for _, c := range cards {
				switch {
				case c.c.State == fsrs.New,
					c.c.State == fsrs.Review && s.Day(c.c.Due) <= today,
					c.c.State != fsrs.Review && c.c.Due.Before(end):
					due = append(due, c)
				}
			}
			if len(due) == 0 {
				break
			}
			sort.SliceStable(due, func(i, j int) bool { return due[i].c.Due.Before(due[j].c.Due) })
			progressed := false
			for _, c := range due {
				at := clock.Add(20 * time.Second)
				if c.c.State == fsrs.Learning || c.c.State == fsrs.Relearning {
					if c.c.Due.After(at) {
						at = c.c.Due
					}
				}
				if !at.Before(end) {
					continue
				}
				clock = at
				rating := firstRating(uniform())
				if c.c.State != fsrs.New {
					rating = fsrs.Again
					if uniform() < s.Retrievability(c.c, at) {
						rating = successRating(uniform())
					}
				}
				c.c = s.Review(c.c, rating, at, uint64(len(out)))
				out = append(out, Review{Card: c.id, At: at, Day: s.Day(at), Rating: int(rating)})
				progressed = true
				if len(out) == sim.Reviews {
					break
				}
			}
			if !progressed {
				break
			}
		}
	}
	return out
}

func firstRating(u float64) fsrs.Rating {
	switch {
	case u < 0.55:
		return fsrs.Again
	case u < 0.60:
		return fsrs.Hard
	case u < 0.95:
		return fsrs.Good
	}
	return fsrs.Easy
}

func successRating(u float64) fsrs.Rating {
	switch {
	case u < 0.08:
		return fsrs.Hard
	case u < 0.95:
		return fsrs.Good
	}
	return fsrs.Easy
}
