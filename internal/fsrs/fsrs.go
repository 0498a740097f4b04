// Package fsrs is the FSRS-6 spaced repetition scheduler, as Anki and the
// reference implementations (fsrs-rs, py-fsrs 6, ts-fsrs) compute it. It is
// pure: no I/O, no clock; every function takes the time it works at.
package fsrs

import (
	"fmt"
	"math"
	"time"
)

// Rating is the answer to a review.
type Rating int

const (
	Again Rating = 1
	Hard  Rating = 2
	Good  Rating = 3
	Easy  Rating = 4
)

func (r Rating) String() string {
	switch r {
	case Again:
		return "again"
	case Hard:
		return "hard"
	case Good:
		return "good"
	case Easy:
		return "easy"
	}
	return fmt.Sprintf("rating(%d)", int(r))
}

// State is where a card is in its life.
type State int

const (
	New State = iota
	Learning
	Review
	Relearning
)

func (s State) String() string {
	return [...]string{"new", "learning", "review", "relearning"}[s]
}

// DefaultWeights are FSRS-6's 21 default parameters.
var DefaultWeights = [21]float64{
	0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
	1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
}

var (
	lowerBounds = [21]float64{0.001, 0.001, 0.001, 0.001, 1.0, 0.001, 0.001, 0.001, 0, 0, 0.001, 0.001, 0.001, 0.001, 0, 0, 1.0, 0, 0, 0, 0.1}
	upperBounds = [21]float64{100, 100, 100, 100, 10, 4, 4, 0.75, 4.5, 0.8, 3.5, 5, 0.25, 0.9, 4, 1, 6, 2, 2, 0.8, 0.8}
)

const (
	minStability  = 0.001
	maxStability  = 36500
	minDifficulty = 1
	maxDifficulty = 10
)

// Parameters configure a Scheduler.
type Parameters struct {
	Weights          [21]float64
	DesiredRetention float64
	LearningSteps    []time.Duration
	RelearningSteps  []time.Duration
	MaximumInterval  int // days
	Fuzz             bool
	// A day starts at DayStartHour in Location (nil: UTC), as in Anki: the
	// "same day" rule and elapsed days count these days, not 24-hour spans.
	DayStartHour int
	Location     *time.Location
}

// DefaultParameters are Anki's defaults for FSRS-6.
func DefaultParameters() Parameters {
	return Parameters{
		Weights:          DefaultWeights,
		DesiredRetention: 0.9,
		LearningSteps:    []time.Duration{time.Minute, 10 * time.Minute},
		RelearningSteps:  []time.Duration{10 * time.Minute},
		MaximumInterval:  36500,
		Fuzz:             true,
		DayStartHour:     4,
	}
}

// Validate checks the parameters against FSRS-6's bounds.
func (p Parameters) Validate() error {
	for i, w := range p.Weights {
		if math.IsNaN(w) || w < lowerBounds[i] || w > upperBounds[i] {
			return fmt.Errorf("weight w[%d] = %g is outside [%g, %g]", i, w, lowerBounds[i], upperBounds[i])
		}
	}
	if !(p.DesiredRetention > 0 && p.DesiredRetention < 1) {
		return fmt.Errorf("desired retention %g must be between 0 and 1", p.DesiredRetention)
	}
	if p.DayStartHour < 0 || p.DayStartHour > 23 {
		return fmt.Errorf("day start hour %d must be 0 to 23", p.DayStartHour)
	}
	if p.MaximumInterval < 1 {
		return fmt.Errorf("maximum interval %d must be at least 1 day", p.MaximumInterval)
	}
	for _, s := range append(append([]time.Duration{}, p.LearningSteps...), p.RelearningSteps...) {
		if s <= 0 {
			return fmt.Errorf("learning step %s must be positive", s)
		}
	}
	return nil
}

// Card is the scheduling state of one card.
type Card struct {
	State      State
	Step       int // index into the (re)learning steps
	Stability  float64
	Difficulty float64
	Due        time.Time
	LastReview time.Time
	Reps       int // reviews so far
	Lapses     int // times forgotten in review state
}

// Scheduler applies ratings to cards.
type Scheduler struct {
	p      Parameters
	decay  float64
	factor float64
}

// NewScheduler returns a scheduler; the parameters must be valid.
func NewScheduler(p Parameters) (*Scheduler, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	decay := -p.Weights[20]
	return &Scheduler{p: p, decay: decay, factor: math.Pow(0.9, 1/decay) - 1}, nil
}

// Retrievability is the chance of recalling the card at now.
func (s *Scheduler) Retrievability(c Card, now time.Time) float64 {
	if c.State == New || c.LastReview.IsZero() {
		return 0
	}
	t := math.Max(0, float64(s.DaysBetween(c.LastReview, now)))
	return math.Pow(1+s.factor*t/c.Stability, s.decay)
}

// wholeDays is a duration's whole days, rounded down (as Python's timedelta.days).
func wholeDays(d time.Duration) int {
	return int(math.Floor(d.Hours() / 24))
}

// Day is the number of the day t counts for: days start at DayStartHour in
// Location, so a review at 02:00 with day_starts_at 4 counts for the day before.
func (s *Scheduler) Day(t time.Time) int {
	loc := s.p.Location
	if loc == nil || loc == time.UTC {
		// Days of a zone without offsets are plain arithmetic; listing 10k
		// cards asks for one per card.
		sec := t.Unix() - int64(s.p.DayStartHour)*3600
		day := sec / 86400
		if sec%86400 < 0 {
			day--
		}
		return int(day)
	}
	local := t.In(loc).Add(-time.Duration(s.p.DayStartHour) * time.Hour)
	y, m, d := local.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// NextDayStart is when the day after the one t counts for begins.
func (s *Scheduler) NextDayStart(t time.Time) time.Time {
	loc := s.p.Location
	if loc == nil {
		loc = time.UTC
	}
	local := t.In(loc).Add(-time.Duration(s.p.DayStartHour) * time.Hour)
	y, m, d := local.Date()
	return time.Date(y, m, d+1, s.p.DayStartHour, 0, 0, 0, loc)
}

// DaysBetween counts day boundaries from a to b.
func (s *Scheduler) DaysBetween(a, b time.Time) int { return s.Day(b) - s.Day(a) }

func clampS(s float64) float64 { return math.Min(math.Max(s, minStability), maxStability) }
func clampD(d float64) float64 { return math.Min(math.Max(d, minDifficulty), maxDifficulty) }

func (s *Scheduler) w(i int) float64 { return s.p.Weights[i] }

func (s *Scheduler) initialStability(r Rating) float64 { return clampS(s.w(int(r) - 1)) }

func (s *Scheduler) initialDifficultyRaw(r Rating) float64 {
	return s.w(4) - math.Exp(s.w(5)*float64(r-1)) + 1
}

func (s *Scheduler) nextDifficulty(d float64, r Rating) float64 {
	delta := -s.w(6) * float64(r-3)
	damped := d + delta*(10-d)/9
	return clampD(s.w(7)*s.initialDifficultyRaw(Easy) + (1-s.w(7))*damped)
}

func (s *Scheduler) shortTermStability(st float64, r Rating) float64 {
	inc := math.Exp(s.w(17)*(float64(r)-3+s.w(18))) * math.Pow(st, -s.w(19))
	if r == Good || r == Easy {
		inc = math.Max(inc, 1)
	}
	return clampS(st * inc)
}

func (s *Scheduler) nextStability(d, st, rr float64, r Rating) float64 {
	if r == Again {
		long := s.w(11) * math.Pow(d, -s.w(12)) * (math.Pow(st+1, s.w(13)) - 1) * math.Exp((1-rr)*s.w(14))
		short := st / math.Exp(s.w(17)*s.w(18))
		return clampS(math.Min(long, short))
	}
	hard, easy := 1.0, 1.0
	if r == Hard {
		hard = s.w(15)
	}
	if r == Easy {
		easy = s.w(16)
	}
	return clampS(st * (1 + math.Exp(s.w(8))*(11-d)*math.Pow(st, -s.w(9))*(math.Exp((1-rr)*s.w(10))-1)*hard*easy))
}

// nextInterval is the whole number of days until retrievability falls to the
// desired retention. Halves round to even, as Python's round does.
func (s *Scheduler) nextInterval(st float64) int {
	i := st / s.factor * (math.Pow(s.p.DesiredRetention, 1/s.decay) - 1)
	days := int(math.RoundToEven(i))
	return min(max(days, 1), s.p.MaximumInterval)
}

// Fingerprint names the settings that decide every computed state, so caches
// of replayed states can tell when they no longer apply.
func (s *Scheduler) Fingerprint() string {
	loc := s.p.Location
	if loc == nil {
		loc = time.UTC
	}
	return fmt.Sprintf("fsrs6|%v|%v|%v|%v|%d|%v|%d|%s", s.p.Weights, s.p.DesiredRetention, s.p.LearningSteps,
		s.p.RelearningSteps, s.p.MaximumInterval, s.p.Fuzz, s.p.DayStartHour, loc)
}

// FromSM2 is the memory state of a card another program scheduled with SM-2
// (Anki's old scheduler, Obsidian's spaced repetition plugin), reviewed last
// at last with interval days to due and ease (2.5 for 250%). SM-2 aims at
// about 90% recall when a card comes due, and FSRS's stability is the time
// recall takes to fall to 90%, so the interval is the stability. The ease is
// SM-2's factor of growth for the next interval after a good answer; FSRS
// grows stability after a good answer at 90% recall by
// 1 + e^w8·(11−D)·S^−w9·(e^(0.1·w10)−1), and the difficulty D that makes the
// two equal is the card's.
func (s *Scheduler) FromSM2(ease float64, interval int, last, due time.Time) Card {
	st := clampS(float64(max(interval, 1)))
	growth := math.Exp(s.w(8)) * math.Pow(st, -s.w(9)) * (math.Exp(0.1*s.w(10)) - 1)
	d := 11 - (ease-1)/growth
	if math.IsNaN(d) {
		d = 5
	}
	return Card{State: Review, Stability: st, Difficulty: clampD(d), Due: due, LastReview: last, Reps: 1}
}
