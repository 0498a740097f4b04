package fsrsfit

import (
	"fmt"
	"math"
	"sort"
	"sync"

	"github.com/kb-cli/kb/internal/fsrs"
)

// Options set how parameters are fitted; the zero value is not useful,
// start from DefaultOptions.
type Options struct {
	Epochs       int
	BatchSize    int
	LearningRate float64
	// Shuffle visits the batches in a new order each epoch (fixed by Seed,
	// so a fit is the same on every run).
	Shuffle bool
	Seed    uint64
	// ShortTerm fits same-day reviews (w17-w19); off, they are 0 and the
	// initial stabilities stay as pretrained.
	ShortTerm bool
	// RelearningSteps bounds w17·w18 so that relearning cannot raise
	// stability (fsrs-rs parameter_clipper.rs).
	RelearningSteps int
	// Gamma scales the pull toward the pretrained parameters.
	Gamma     float64
	MaxSeqLen int
	// Progress, if set, is told after each batch how many of the total
	// batches are done.
	Progress func(done, total int)
}

// DefaultOptions are fsrs-rs's defaults: 5 epochs of batches of 512, Adam
// at learning rate 0.04 with cosine annealing.
func DefaultOptions() Options {
	return Options{Epochs: 5, BatchSize: 512, LearningRate: 0.04, Shuffle: true, Seed: 2023,
		ShortTerm: true, RelearningSteps: 1, Gamma: 1, MaxSeqLen: 256}
}

// Minimum amounts of data: below MinItems the defaults are returned, below
// MinTrainItems only the initial stabilities are fitted.
const (
	MinItems      = 8
	MinTrainItems = 64
)

// Stage says how far a fit could go with the data it had.
type Stage int

const (
	StageDefaults   Stage = iota // too little data: the default parameters
	StagePretrained              // initial stabilities fitted, the rest default
	StageTrained                 // every parameter fitted
)

// Result is a fit.
type Result struct {
	Weights Weights
	Stage   Stage
	Items   int // training items after the outlier filter
	Cards   int // cards those items come from
}

// paramsStddev scales the pull toward the pretrained value of each parameter
// (fsrs-rs training.rs).
var paramsStddev = Weights{6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6, 0.12, 0.39, 0.18, 0.33, 0.3, 0.09, 0.16, 0.57, 0.25,
	1.03, 0.31, 0.32, 0.14, 0.27}

// Fit fits the parameters to the dataset's items, as fsrs-rs's
// compute_parameters does: outlier filter, pretrain of the initial
// stabilities, then training with recency weights. Too little data is not
// an error: the result's Stage says what was fitted.
func Fit(d *Dataset, o Options) (Result, error) {
	train, init := FilterOutliers(d)
	res := Result{Weights: fsrs.DefaultWeights, Items: len(train.Items), Cards: countCards(train)}
	if len(train.Items) < MinItems {
		return res, nil
	}
	s0, counts, ok := pretrain(init, averageRecall(train))
	if !ok {
		return res, nil // no first interval to learn from: keep the defaults
	}
	initial := fsrs.DefaultWeights
	copy(initial[:4], s0[:])
	res.Weights, res.Stage = initial, StagePretrained
	if len(train.Items) == len(init.Items) || len(train.Items) < MinTrainItems {
		return res, nil
	}
	if !o.ShortTerm {
		initial[17], initial[18], initial[19] = 0, 0, 0
	}
	w, err := trainWeights(train, initial, o)
	if err != nil {
		return res, err
	}
	// The initial stabilities of ratings never given first were not
	// trained: fill them from the others again, and keep their order.
	found := map[int]float64{}
	for r := 1; r <= 4; r++ {
		found[r] = w[r-1]
	}
	s0, _ = smoothAndFill(found, counts)
	copy(w[:4], s0[:])
	res.Weights, res.Stage = w, StageTrained
	return res, nil
}

func countCards(d *Dataset) int {
	seen := map[int32]bool{}
	for _, it := range d.Items {
		seen[it.Card] = true
	}
	return len(seen)
}

func averageRecall(d *Dataset) float64 {
	if len(d.Items) == 0 {
		return 0
	}
	n := 0
	for _, it := range d.Items {
		if d.Steps(it)[it.Len-1].Rating > 1 {
			n++
		}
	}
	return float64(n) / float64(len(d.Items))
}

// recencyWeights weigh later items more: 0.25 for the first to 1 for the last.
func recencyWeights(n int) []float64 {
	den := max(float64(n-1), 1)
	ws := make([]float64, n)
	for i := range ws {
		x := float64(i) / den
		ws[i] = 0.25 + 0.75*x*x*x
	}
	return ws
}

// cardLabels are one card's predictions in a batch.
type cardLabels struct {
	card   int32
	labels []label
}

// batch is a set of items, grouped by card.
type batch struct {
	cards []cardLabels
	size  int // predictions
}

// run is the batch's loss and, with grad, its gradient. The cards are split
// in two fixed halves run side by side and summed in order, so the result
// is the same on any number of cores.
func (b *batch) run(d *Dataset, m *model, grad bool) (float64, tangent) {
	half := len(b.cards) / 2
	var g1, g2 tangent
	var l1, l2 float64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, c := range b.cards[half:] {
			l2 += m.cardLoss(d.Cards[c.card], c.labels, &g2, grad)
		}
	}()
	for _, c := range b.cards[:half] {
		l1 += m.cardLoss(d.Cards[c.card], c.labels, &g1, grad)
	}
	wg.Wait()
	for i := range g1 {
		g1[i] += g2[i]
	}
	return l1 + l2, g1
}

// l2 is the pull toward the initial parameters, for a batch of n of total
// items; with g, its gradient is added there.
func l2(w, init *Weights, n, total int, gamma float64, g *tangent) float64 {
	scale := gamma * float64(n) / float64(total)
	sum := 0.0
	for i := range w {
		delta := w[i] - init[i]
		v := paramsStddev[i] * paramsStddev[i]
		sum += delta * delta / v
		if g != nil {
			g[i] += 2 * delta / v * scale
		}
	}
	return sum * scale
}

// trainWeights is fsrs-rs's training loop: Adam with cosine annealing over
// the batches, parameters clipped after every step, and the parameters of
// the epoch with the lowest training loss kept.
func trainWeights(d *Dataset, initial Weights, o Options) (Weights, error) {
	var items []Item
	var ws []float64
	rw := recencyWeights(len(d.Items))
	for i, it := range d.Items {
		if o.MaxSeqLen <= 0 || int(it.Len) <= o.MaxSeqLen {
			items = append(items, it)
			ws = append(ws, rw[i])
		}
	}
	total := len(items)
	if total == 0 || o.BatchSize <= 0 || o.Epochs <= 0 {
		return initial, fmt.Errorf("nothing to train on")
	}
	batches := makeBatches(d.subset(items), ws, o.BatchSize)
	iterations := (total/o.BatchSize + 1) * o.Epochs
	lr := newCosine(float64(iterations), o.LearningRate)
	w := initial
	var adam adam
	best, bestLoss := w, math.Inf(1)
	rng := o.Seed
	order := make([]int, len(batches))
	done := 0
	for epoch := 0; epoch < o.Epochs; epoch++ {
		for i := range order {
			order[i] = i
		}
		if o.Shuffle {
			for i := len(order) - 1; i > 0; i-- {
				j := int(splitmix(&rng) % uint64(i+1))
				order[i], order[j] = order[j], order[i]
			}
		}
		for _, bi := range order {
			b := &batches[bi]
			rate := lr.step()
			_, g := b.run(d, newModel(w), true)
			l2(&w, &initial, b.size, total, o.Gamma, &g)
			if !o.ShortTerm {
				g[0], g[1], g[2], g[3] = 0, 0, 0, 0
				g[17], g[18], g[19] = 0, 0, 0
			}
			adam.step(&w, &g, rate)
			clip(&w, o.RelearningSteps, o.ShortTerm)
			done++
			if o.Progress != nil {
				o.Progress(done, len(batches)*o.Epochs)
			}
		}
		m := newModel(w)
		epochLoss := 0.0
		for i := range batches {
			loss, _ := batches[i].run(d, m, false)
			epochLoss += loss + l2(&w, &initial, batches[i].size, total, o.Gamma, nil)
		}
		epochLoss /= float64(total)
		if epochLoss < bestLoss {
			best, bestLoss = w, epochLoss
		}
	}
	for _, v := range best {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return initial, fmt.Errorf("training diverged")
		}
	}
	return best, nil
}

// splitmix is a small fixed PRNG: the batch order never changes between
// machines or Go versions.
func splitmix(state *uint64) uint64 {
	*state += 0x9e3779b97f4a7c15
	z := *state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// adam is the Adam optimizer (β1 0.9, β2 0.999, ε 1e-8).
type adam struct {
	m, v tangent
	t    int
}

func (a *adam) step(w *Weights, g *tangent, lr float64) {
	const b1, b2, eps = 0.9, 0.999, 1e-8
	a.t++
	c1 := 1 - math.Pow(b1, float64(a.t))
	c2 := 1 - math.Pow(b2, float64(a.t))
	for i := range w {
		a.m[i] = b1*a.m[i] + (1-b1)*g[i]
		a.v[i] = b2*a.v[i] + (1-b2)*g[i]*g[i]
		w[i] -= lr * (a.m[i] / c1) / (math.Sqrt(a.v[i]/c2) + eps)
	}
}

// cosine is cosine annealing of the learning rate to 0 over tMax steps, in
// the recursive form PyTorch and fsrs-rs use.
type cosine struct {
	tMax, init, lr, n float64
}

func newCosine(tMax, init float64) *cosine { return &cosine{tMax: tMax, init: init, lr: init, n: -1} }

func (c *cosine) step() float64 {
	c.n++
	switch {
	case c.n == 0:
		c.lr = c.init
	case math.Mod(c.n-1-c.tMax, 2*c.tMax) == 0:
		c.lr = c.init * (1 - math.Cos(math.Pi/c.tMax)) / 2
	default:
		c.lr = (1 + math.Cos(math.Pi*c.n/c.tMax)) / (1 + math.Cos(math.Pi*(c.n-1)/c.tMax)) * c.lr
	}
	return c.lr
}

// clip keeps the parameters within FSRS-6's bounds (fsrs-rs
// parameter_clipper.rs).
func clip(w *Weights, relearningSteps int, shortTerm bool) {
	ceil := 2.0
	if relearningSteps > 1 {
		v := -(math.Log(w[11]) + math.Log(math.Pow(2, w[13])-1) + w[14]*0.3) / float64(relearningSteps)
		ceil = min(math.Sqrt(max(v, 0.01)), 2)
	}
	floor19 := 0.0
	if shortTerm {
		floor19 = 0.01
	}
	lo := Weights{sMin, sMin, sMin, sMin, dMin, 0.001, 0.001, 0.001, 0, 0, 0.001, 0.001, 0.001, 0.001, 0, 0, 1, 0, 0, floor19, 0.1}
	hi := Weights{initSMax, initSMax, initSMax, initSMax, dMax, 4, 4, 0.75, 4.5, 0.8, 3.5, 5, 0.25, 0.9, 4, 1, 6, ceil, ceil, 0.8, 0.8}
	for i := range w {
		w[i] = min(max(w[i], lo[i]), hi[i])
	}
}

// makeBatches sorts the items by the length of their history and cuts them
// into batches of size, as fsrs-rs does; within a batch, each card's history
// is run once for all its items there.
func makeBatches(d *Dataset, weights []float64, size int) []batch {
	idx := make([]int, len(d.Items))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return d.Items[idx[a]].Len < d.Items[idx[b]].Len })
	var out []batch
	for start := 0; start < len(idx); start += size {
		chunk := idx[start:min(start+size, len(idx))]
		byCard := map[int32]*cardLabels{}
		var order []*cardLabels
		for _, i := range chunk {
			it := d.Items[i]
			c := byCard[it.Card]
			if c == nil {
				c = &cardLabels{card: it.Card}
				byCard[it.Card] = c
				order = append(order, c)
			}
			c.labels = append(c.labels, label{pos: it.Len - 1, weight: weights[i]})
		}
		b := batch{size: len(chunk)}
		for _, c := range order {
			sort.Slice(c.labels, func(i, j int) bool { return c.labels[i].pos < c.labels[j].pos })
			b.cards = append(b.cards, *c)
		}
		out = append(out, b)
	}
	return out
}
