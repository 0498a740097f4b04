package fsrsfit

import (
	"math"
	"sort"

	"github.com/kb-cli/kb/internal/fsrs"
)

const (
	sMin     = 0.001
	sMax     = 36500
	initSMax = 100 // upper bound of the initial stabilities
	dMin     = 1
	dMax     = 10
)

// recallPoint is, for one first rating and one first interval, the share
// of cards recalled and how many cards that is.
type recallPoint struct{ gap, recall, count float64 }

// pretrain fits the initial stability of each first rating to the recall of
// the cards' first review after a gap (fsrs-rs parameter_initialization.rs):
// a ternary search per rating on the count-weighted log loss of the default
// forgetting curve, with recall pulled toward avgRecall and stability toward
// the default. Ratings never seen first are filled from the others. It also
// returns how many cards each first rating had; ok is false when no card
// was reviewed after a gap, so there is nothing to fit.
func pretrain(init *Dataset, avgRecall float64) (s0 [4]float64, counts map[int]int, ok bool) {
	type acc struct{ n, recalled int }
	groups := map[int]map[int32]*acc{}
	for _, it := range init.Items {
		if init.longTerm(it) != 1 {
			continue
		}
		r := int(init.first(it).Rating)
		lt := init.firstLongTerm(it)
		if groups[r] == nil {
			groups[r] = map[int32]*acc{}
		}
		a := groups[r][lt.Gap]
		if a == nil {
			a = &acc{}
			groups[r][lt.Gap] = a
		}
		a.n++
		if lt.Rating > 1 {
			a.recalled++
		}
	}
	counts = map[int]int{}
	found := map[int]float64{}
	for r, byGap := range groups {
		var pts []recallPoint
		for g, a := range byGap {
			pts = append(pts, recallPoint{float64(g), float64(a.recalled) / float64(a.n), float64(a.n)})
			counts[r] += a.n
		}
		sort.Slice(pts, func(i, j int) bool { return pts[i].gap < pts[j].gap })
		found[r] = searchS0(pts, avgRecall, fsrs.DefaultWeights[r-1])
	}
	s0, ok = smoothAndFill(found, counts)
	return s0, counts, ok
}

// searchS0 is the ternary search for one rating's initial stability.
func searchS0(pts []recallPoint, avgRecall, defaultS0 float64) float64 {
	decay := -fsrs.DefaultWeights[20]
	factor := math.Pow(0.9, 1/decay) - 1
	loss := func(s float64) float64 {
		sum := 0.0
		for _, p := range pts {
			y := math.Pow(p.gap/s*factor+1, decay)
			recall := (p.recall*p.count + avgRecall) / (p.count + 1)
			sum += -(recall*math.Log(y) + (1-recall)*math.Log(1-y)) * p.count
		}
		return sum + math.Abs(s-defaultS0)/16
	}
	low, high, best := sMin, float64(initSMax), defaultS0
	for iter := 0; high-low > 2.220446049250313e-16 && iter < 1000; iter++ {
		m1 := low + (high-low)/3
		m2 := high - (high-low)/3
		if loss(m1) < loss(m2) {
			high = m2
		} else {
			low = m1
		}
		best = (high + low) / 2
	}
	return best
}

// smoothAndFill keeps the initial stabilities in the order of their ratings
// (a rarer rating gives way to a more common one) and fills the ratings
// never seen first from those that were, with fsrs-rs's interpolation
// weights. Only ratings that occurred keep their value.
func smoothAndFill(found map[int]float64, counts map[int]int) ([4]float64, bool) {
	s := map[int]float64{}
	for r, v := range found {
		if counts[r] > 0 {
			s[r] = v
		}
	}
	for _, p := range [][2]int{{1, 2}, {2, 3}, {3, 4}, {1, 3}, {2, 4}, {1, 4}} {
		small, okS := s[p[0]]
		big, okB := s[p[1]]
		if okS && okB && small > big {
			if counts[p[0]] > counts[p[1]] {
				s[p[1]] = small
			} else {
				s[p[0]] = big
			}
		}
	}
	const w1, w2 = 0.41, 0.54
	var out [4]float64
	has := func(r int) bool { _, ok := s[r]; return ok }
	pow := math.Pow
	switch len(s) {
	case 0:
		return out, false
	case 1:
		for r, v := range s {
			f := v / fsrs.DefaultWeights[r-1]
			for i := range out {
				out[i] = fsrs.DefaultWeights[i] * f
			}
		}
		sort.Float64s(out[:])
	case 2:
		switch {
		case has(3) && has(4):
			r3, r4 := s[3], s[4]
			r2 := pow(r3, 1/(1-w2)) * pow(r4, 1-1/(1-w2))
			s[2], s[1] = r2, pow(r2, 1/w1)*pow(r3, 1-1/w1)
		case has(2) && has(4):
			r2, r4 := s[2], s[4]
			r3 := pow(r2, 1-w2) * pow(r4, w2)
			s[3], s[1] = r3, pow(r2, 1/w1)*pow(r3, 1-1/w1)
		case has(2) && has(3):
			r2, r3 := s[2], s[3]
			s[4], s[1] = pow(r2, 1-1/w2)*pow(r3, 1/w2), pow(r2, 1/w1)*pow(r3, 1-1/w1)
		case has(1) && has(4):
			r1, r4 := s[1], s[4]
			k := w1 + w2 - w1*w2
			s[2] = pow(r1, w1/k) * pow(r4, 1-w1/k)
			s[3] = pow(r1, 1-w2/k) * pow(r4, w2/k)
		case has(1) && has(3):
			r1, r3 := s[1], s[3]
			r2 := pow(r1, w1) * pow(r3, 1-w1)
			s[2], s[4] = r2, pow(r2, 1-1/w2)*pow(r3, 1/w2)
		case has(1) && has(2):
			r1, r2 := s[1], s[2]
			r3 := pow(r1, 1-1/(1-w1)) * pow(r2, 1/(1-w1))
			s[3], s[4] = r3, pow(r2, 1-1/w2)*pow(r3, 1/w2)
		}
		for i := range out {
			out[i] = s[i+1]
		}
	case 3:
		switch {
		case !has(1):
			s[1] = pow(s[2], 1/w1) * pow(s[3], 1-1/w1)
		case !has(2):
			s[2] = pow(s[1], w1) * pow(s[3], 1-w1)
		case !has(3):
			s[3] = pow(s[2], 1-w2) * pow(s[4], w2)
		case !has(4):
			s[4] = pow(s[2], 1-1/w2) * pow(s[3], 1/w2)
		}
		for i := range out {
			out[i] = s[i+1]
		}
	default:
		for i := range out {
			out[i] = s[i+1]
		}
	}
	for i := range out {
		out[i] = min(max(out[i], sMin), initSMax)
	}
	return out, true
}
