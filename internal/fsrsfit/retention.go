package fsrsfit

import "math"

// StudyCosts are what a learner's reviews cost, for the retention search:
// seconds per rating (Again..Easy) in each state, and how ratings fall.
type StudyCosts struct {
	Learn, Review, Relearn [4]float64 // seconds by rating
	FirstRating            [4]float64 // chance of each first rating
	RecallRating           [3]float64 // hard, good, easy when recalled
}

// DefaultStudyCosts are fsrs-rs's simulator defaults (from Anki users).
func DefaultStudyCosts() StudyCosts {
	return StudyCosts{
		Learn:        [4]float64{19.58, 18.79, 13.78, 10.71},
		Review:       [4]float64{19.38, 17.59, 12.38, 8.94},
		Relearn:      [4]float64{16.44, 15.25, 12.32, 8.03},
		FirstRating:  [4]float64{0.24, 0.094, 0.495, 0.171},
		RecallRating: [3]float64{0.224, 0.631, 0.145},
	}
}

// minSamples: a cost or share measured on fewer reviews keeps the default.
const minSamples = 20

// CostsFrom measures the costs in d's review times (Step.Secs; 0 is
// unknown), falling back to the defaults where there are too few: a card's
// first day is learning, a review after a gap is a review, and later reviews
// that day after an again are relearning.
func CostsFrom(d *Dataset) StudyCosts {
	c := DefaultStudyCosts()
	var sum, n [3][4]float64
	var first [4]float64
	var recall [3]float64
	const learn, review, relearn = 0, 1, 2
	for _, steps := range d.Cards {
		state := learn
		first[steps[0].Rating-1]++
		for i, s := range steps {
			switch {
			case i > 0 && s.Gap > 0:
				state = review
				if s.Rating > 1 {
					recall[s.Rating-2]++
				}
			case state == review && steps[i-1].Rating == 1:
				state = relearn
			}
			// Longer than 10 minutes: the learner was away, not thinking.
			if s.Secs > 0 && s.Secs < 600 {
				sum[state][s.Rating-1] += float64(s.Secs)
				n[state][s.Rating-1]++
			}
		}
	}
	for r := 0; r < 4; r++ {
		for st, dst := range []*[4]float64{&c.Learn, &c.Review, &c.Relearn} {
			if n[st][r] >= minSamples {
				dst[r] = sum[st][r] / n[st][r]
			}
		}
	}
	if total := first[0] + first[1] + first[2] + first[3]; total >= minSamples {
		for r := range first {
			c.FirstRating[r] = first[r] / total
		}
	}
	if total := recall[0] + recall[1] + recall[2]; total >= minSamples {
		for r := range recall {
			c.RecallRating[r] = recall[r] / total
		}
	}
	return c
}

// Simulated study for the retention search, after fsrs-rs's simulator:
// a deck of 10,000 cards learned over a year, 30 minutes a day.
const (
	simDeck       = 10000
	simDays       = 365
	simDailyLimit = 1800.0 // seconds
)

// Workload simulates a year of study at desired retention r and returns
// the seconds spent per card remembered at the end (lower is better).
func Workload(w Weights, c StudyCosts, r float64, seed uint64) float64 {
	m := newModel(w)
	rng := seed
	uniform := func() float64 { return float64(splitmix(&rng)>>11) / (1 << 53) }
	pick := func(p []float64) int {
		u, acc := uniform(), 0.0
		for i, x := range p {
			acc += x
			if u < acc {
				return i
			}
		}
		return len(p) - 1
	}
	type card struct {
		s, d float64
		last int
	}
	cards := make([]card, 0, simDeck)
	due := make([][]int32, simDays+1) // card indices by due day
	schedule := func(i int32, day int) {
		ivl := m.interval(cards[i].s, r)
		next := min(day+ivl, simDays)
		due[next] = append(due[next], i)
	}
	total := 0.0
	var mem memory
	for day := 0; day < simDays; day++ {
		spent := 0.0
		for k, i := range due[day] {
			if spent >= simDailyLimit { // no time left: tomorrow
				due[day+1] = append(due[day+1], due[day][k:]...)
				break
			}
			cd := &cards[i]
			mem.s, mem.d = cd.s, cd.d
			rec := m.recall(float64(day-cd.last), &mem, nil, false)
			rating := int8(1)
			if uniform() < rec {
				rating = int8(2 + pick(c.RecallRating[:]))
				spent += c.Review[rating-1]
			} else {
				spent += c.Review[0] + c.Relearn[2] // again, then one relearning step
			}
			m.step(rating, int32(day-cd.last), rec, nil, &mem, false)
			if rating == 1 {
				m.step(3, 0, 1, nil, &mem, false)
			}
			cd.s, cd.d, cd.last = mem.s, mem.d, day
			schedule(i, day)
		}
		due[day] = nil
		for len(cards) < simDeck && spent < simDailyLimit {
			g := int8(1 + pick(c.FirstRating[:]))
			m.start(g, &mem, false)
			spent += c.Learn[g-1]
			if g < 3 { // learning steps until good
				m.step(3, 0, 1, nil, &mem, false)
				spent += c.Learn[2]
			}
			cards = append(cards, card{mem.s, mem.d, day})
			schedule(int32(len(cards)-1), day)
		}
		total += spent
	}
	remembered := 0.0
	for _, cd := range cards {
		mem.s = cd.s
		remembered += m.recall(float64(simDays-cd.last), &mem, nil, false)
	}
	return total / remembered
}

// interval is the whole days until recall falls to r (at least 1).
func (m *model) interval(s, r float64) int {
	i := s / m.factor * (math.Pow(r, 1/m.decay) - 1)
	return max(1, int(math.Round(i)))
}

// OptimalRetention is the desired retention between 0.70 and 0.95 (in
// steps of 0.01) that costs the least study time per card remembered. Every
// candidate is simulated with the same random draws, so the comparison is
// fair and the answer the same on every run.
func OptimalRetention(w Weights, c StudyCosts) float64 {
	best, bestCost := 0.9, math.Inf(1)
	for k := 70; k <= 95; k++ {
		r := float64(k) / 100
		if cost := Workload(w, c, r, 2023); cost < bestCost {
			best, bestCost = r, cost
		}
	}
	return best
}
