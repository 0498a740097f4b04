package fsrsfit

import "math"

// N is the number of FSRS-6 parameters.
const N = 21

// Weights are FSRS-6 parameters, w[0]..w[20].
type Weights = [N]float64

// tangent is the derivative of a value with respect to every parameter:
// the model is differentiated in forward mode, carrying these along each
// card's history, so one pass over a card gives the loss of all its
// predictions and their gradient.
type tangent [N]float64

// model holds the parameters and the quantities derived from them once.
type model struct {
	w        Weights
	decay    float64 // -w20
	factor   float64 // 0.9^(1/decay) - 1, so that R(S, S) = 0.9
	dFactor  float64 // d factor / d decay
	expW8    float64
	easyD    float64 // initial difficulty of easy, unclamped
	exp3W5   float64
	floorDiv float64 // e^(w17·w18): a lapse keeps at least S / floorDiv
}

func newModel(w Weights) *model {
	m := &model{w: w, decay: -w[20]}
	e := math.Pow(0.9, 1/m.decay)
	m.factor = e - 1
	m.dFactor = e * math.Log(0.9) * (-1 / (m.decay * m.decay))
	m.expW8 = math.Exp(w[8])
	m.exp3W5 = math.Exp(3 * w[5])
	m.easyD = w[4] - m.exp3W5 + 1
	m.floorDiv = math.Exp(w[17] * w[18])
	return m
}

// memory is a card's stability and difficulty, with their tangents when
// gradients are wanted.
type memory struct {
	s, d   float64
	ds, dd tangent
}

// clampT clamps x to [lo, hi]; outside the range the value no longer depends
// on the parameters, so its tangent is cleared (inside, and on the bounds,
// it passes, as fsrs-rs's gradients do).
func clampT(x float64, dx *tangent, lo, hi float64, grad bool) float64 {
	if x < lo || x > hi {
		if grad {
			*dx = tangent{}
		}
		return min(max(x, lo), hi)
	}
	return x
}

// start is the memory after a card's first rating.
func (m *model) start(rating int8, mem *memory, grad bool) {
	g := int(rating)
	mem.s = m.w[g-1]
	mem.d = m.w[4] - math.Exp(m.w[5]*float64(g-1)) + 1
	if grad {
		mem.ds, mem.dd = tangent{}, tangent{}
		mem.ds[g-1] = 1
		mem.dd[4] = 1
		mem.dd[5] = -float64(g-1) * math.Exp(m.w[5]*float64(g-1))
	}
	mem.s = clampT(mem.s, &mem.ds, sMin, sMax, grad)
	mem.d = clampT(mem.d, &mem.dd, dMin, dMax, grad)
}

// recall is the retrievability after gap days at stability mem.s; with
// grad, dr receives its tangent.
func (m *model) recall(gap float64, mem *memory, dr *tangent, grad bool) float64 {
	s := mem.s
	if gap == 0 {
		if grad {
			*dr = tangent{}
		}
		return 1
	}
	base := gap/s*m.factor + 1
	lb := math.Log(base)
	r := math.Exp(m.decay * lb) // base^decay, reusing the log
	if grad {
		rS := r * m.decay / base * (-gap * m.factor / (s * s))
		rDecay := r * (lb + m.decay/base*gap/s*m.dFactor)
		for i := range dr {
			dr[i] = rS * mem.ds[i]
		}
		dr[20] -= rDecay
	}
	return r
}

// step applies a review (rating, gap) to mem, given the retrievability r at
// the review and its tangent dr. The new stability uses the old difficulty.
func (m *model) step(rating int8, gap int32, r float64, dr *tangent, mem *memory, grad bool) {
	w := &m.w
	g := float64(rating)
	s, d := mem.s, mem.d
	var ns float64
	var dns tangent
	switch {
	case gap == 0: // same day
		ls := math.Log(s)
		raw := math.Exp(w[17]*(g-3+w[18]) - w[19]*ls)
		if rating >= 2 && raw < 1 {
			ns = s
			dns = mem.ds
			break
		}
		ns = s * raw
		if grad {
			a := raw * (1 - w[19])
			for i := range dns {
				dns[i] = a * mem.ds[i]
			}
			dns[17] += ns * (g - 3 + w[18])
			dns[18] += ns * w[17]
			dns[19] -= ns * ls
		}
	case rating == 1: // lapse
		floor := s / m.floorDiv
		p := math.Pow(s+1, w[13])
		dpow := math.Pow(d, -w[12])
		er := math.Exp((1 - r) * w[14])
		b := dpow * (p - 1) * er
		raw := w[11] * b
		if floor < raw {
			ns = floor
			if grad {
				for i := range dns {
					dns[i] = mem.ds[i] / m.floorDiv
				}
				dns[17] -= floor * w[18]
				dns[18] -= floor * w[17]
			}
			break
		}
		ns = raw
		if grad {
			a := w[11] * dpow * er * w[13] * p / (s + 1)
			bd := raw * (-w[12] / d)
			br := -raw * w[14]
			for i := range dns {
				dns[i] = a*mem.ds[i] + bd*mem.dd[i] + br*dr[i]
			}
			dns[11] += b
			dns[12] -= raw * math.Log(d)
			dns[13] += w[11] * dpow * er * p * math.Log(s+1)
			dns[14] += raw * (1 - r)
		}
	default: // recalled after a gap
		hard, easy := 1.0, 1.0
		if rating == 2 {
			hard = w[15]
		}
		if rating == 4 {
			easy = w[16]
		}
		ls := math.Log(s)
		spow := math.Exp(-w[9] * ls)
		core := m.expW8 * (11 - d) * spow
		ex := math.Exp((1 - r) * w[10])
		e := ex - 1
		inc := core * e * hard * easy
		ns = s * (1 + inc)
		if grad {
			aS := (1 + inc) - s*inc*w[9]/s
			aD := -s * m.expW8 * spow * e * hard * easy
			aR := -s * core * hard * easy * ex * w[10]
			for i := range dns {
				dns[i] = aS*mem.ds[i] + aD*mem.dd[i] + aR*dr[i]
			}
			dns[8] += s * inc
			dns[9] -= s * inc * ls
			dns[10] += s * core * hard * easy * ex * (1 - r)
			if rating == 2 {
				dns[15] += s * core * e * easy
			}
			if rating == 4 {
				dns[16] += s * core * e * hard
			}
		}
	}

	// Difficulty: moved by the rating, damped near 10, pulled toward easy's.
	delta := -w[6] * (g - 3)
	next := d + (10-d)*delta/9
	nd := w[7]*(m.easyD-next) + next
	if grad {
		a := (1 - w[7]) * (1 - delta/9)
		for i := range mem.dd {
			mem.dd[i] *= a
		}
		mem.dd[6] += (1 - w[7]) * (10 - d) / 9 * -(g - 3)
		mem.dd[7] += m.easyD - next
		mem.dd[4] += w[7]
		mem.dd[5] -= w[7] * 3 * m.exp3W5
		mem.ds = dns
	}
	mem.s = clampT(ns, &mem.ds, sMin, sMax, grad)
	mem.d = clampT(nd, &mem.dd, dMin, dMax, grad)
}

const (
	minProb = 1e-7
	maxProb = 1 - 1e-7
)

// bce is the binary cross-entropy of predicting r for a review, and its
// derivative in r (0 where r was clamped).
func bce(r float64, recalled bool) (loss, dr float64) {
	rc := min(max(r, minProb), maxProb)
	if recalled {
		loss, dr = -math.Log(rc), -1/rc
	} else {
		loss, dr = -math.Log(1-rc), 1/(1-rc)
	}
	if r <= minProb || r >= maxProb {
		dr = 0
	}
	return loss, dr
}

// label is a prediction to make in a card's history: at step Pos, with the
// item's weight in the loss.
type label struct {
	pos    int32
	weight float64
}

// cardLoss runs one card's history once, predicting the reviews at the
// labels (in increasing pos), and returns the weighted sum of their losses;
// with grad, it adds the gradient to g.
func (m *model) cardLoss(steps []Step, labels []label, g *tangent, grad bool) float64 {
	var mem memory
	var dr tangent
	m.start(steps[0].Rating, &mem, grad)
	loss := 0.0
	li := 0
	for k := 1; k < len(steps) && li < len(labels); k++ {
		st := steps[k]
		r := m.recall(float64(st.Gap), &mem, &dr, grad)
		if labels[li].pos == int32(k) {
			l, d := bce(r, st.Rating > 1)
			wt := labels[li].weight
			loss += l * wt
			if grad && d != 0 {
				for i := range g {
					g[i] += wt * d * dr[i]
				}
			}
			li++
			if li == len(labels) {
				break
			}
		}
		m.step(st.Rating, st.Gap, r, &dr, &mem, grad)
	}
	return loss
}
