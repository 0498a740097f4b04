package fsrsfit

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/fsrs"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.7f, want %.7f (±%g)", what, got, want, tol)
	}
}

func nearAll(t *testing.T, what string, got []float64, want []float64, tol float64) {
	t.Helper()
	for i := range want {
		near(t, fmt.Sprintf("%s[%d]", what, i), got[i], want[i], tol)
	}
}

// fsrsRSBatch is the batch of fsrs-rs's training.rs test_loss_and_grad:
// four items, each a history (gap, rating) and a label.
func fsrsRSBatch() *Dataset {
	hist := [4][6][2]int{
		{{0, 1}, {0, 3}, {0, 1}, {0, 4}, {1, 3}, {3, 2}},
		{{0, 2}, {0, 4}, {0, 4}, {1, 3}, {3, 1}, {6, 3}},
		{{0, 3}, {0, 2}, {0, 4}, {1, 3}, {3, 3}, {6, 3}},
		{{0, 4}, {0, 4}, {1, 3}, {3, 3}, {5, 3}, {12, 4}},
	}
	label := [4][2]int{{4, 3}, {11, 3}, {12, 3}, {23, 1}}
	d := &Dataset{}
	for c, h := range hist {
		var steps []Step
		for _, s := range h {
			steps = append(steps, Step{Gap: int32(s[0]), Rating: int8(s[1])})
		}
		steps = append(steps, Step{Gap: int32(label[c][0]), Rating: int8(label[c][1])})
		d.Cards = append(d.Cards, steps)
		d.Items = append(d.Items, Item{Card: int32(c), Len: int32(len(steps))})
	}
	return d
}

// The loss and gradient of fsrs-rs's own test batch, and one Adam step.
func TestGradientMatchesFsrsRS(t *testing.T) {
	d := fsrsRSBatch()
	ones := []float64{1, 1, 1, 1}
	b := makeBatches(d, ones, 512)[0]
	w := fsrs.DefaultWeights
	loss, g := b.run(d, newModel(w), true)
	near(t, "loss", loss, 4.0466027, 1e-5)
	nearAll(t, "grad", g[:], []float64{-0.095688485, -0.0051607806, -0.0012249565, 0.007462064, 0.03650761,
		-0.082112335, 0.0593964, -2.1474836, 0.57626534, -2.8751316, 0.7154875, -0.028993709, 0.0099172965,
		-0.2189217, -0.0017800558, -0.089381434, 0.299141, 0.068104014, -0.011605468, -0.25398168, 0.27700496}, 1e-4)

	var a adam
	a.step(&w, &g, 0.04)
	clip(&w, 1, true)
	nearAll(t, "w after one step", w[:], []float64{0.252, 1.3331, 2.3464994, 8.2556, 6.3733, 0.87340003, 2.9794,
		0.040999997, 1.8322, 0.20660001, 0.756, 1.5235, 0.021400042, 0.3029, 1.6882998, 0.64140004, 1.8329,
		0.5025, 0.13119997, 0.1058, 0.1142}, 1e-5)
	def := fsrs.DefaultWeights
	near(t, "L2 penalty", l2(&w, &def, 512, 1000, 2, nil), 0.67711145, 1e-5)
	near(t, "loss after the step", lossOf(b, d, w), 3.767796, 1e-5)
}

// Forward-mode tangents agree with central differences, on every branch:
// same-day, lapse (with and without its floor), hard, easy.
func TestGradientFiniteDifferences(t *testing.T) {
	d := fsrsRSBatch()
	ws := []float64{1, 0.7, 0.4, 1}
	b := makeBatches(d, ws, 512)[0]
	for _, w := range []Weights{fsrs.DefaultWeights, {0.3, 1.1, 2.5, 7, 5.5, 1.2, 2.1, 0.1, 1.5, 0.3, 1.2, 2.2, 0.1, 0.4, 2.1, 0.4, 2.5, 1.5, 0.9, 0.3, 0.4}} {
		_, g := b.run(d, newModel(w), true)
		for i := range w {
			h := 1e-6
			wp, wm := w, w
			wp[i] += h
			wm[i] -= h
			num := (lossOf(b, d, wp) - lossOf(b, d, wm)) / (2 * h)
			if math.Abs(num-g[i]) > 1e-5*max(1, math.Abs(num)) {
				t.Errorf("w%d: tangent %.8f, finite difference %.8f", i, g[i], num)
			}
		}
	}
}

func TestCosineAnnealing(t *testing.T) {
	// PyTorch's CosineAnnealingLR(T_max=5) from 0.04, as fsrs-rs tests it.
	c := newCosine(5, 0.04)
	want := []float64{0.04, 0.03618033988749895, 0.026180339887498946, 0.013819660112501051,
		0.0038196601125010526, 0, 0.0038196601125010526, 0.013819660112501048}
	for i, w := range want {
		near(t, fmt.Sprint("lr ", i), c.step(), w, 1e-12)
	}
}

func TestNewDatasetDays(t *testing.T) {
	day := func(s string) (time.Time, int) {
		at, _ := time.Parse(time.RFC3339, s)
		return at, int(at.Add(-4*time.Hour).Unix() / 86400)
	}
	var rs []Review
	for _, x := range []struct {
		card, at string
		rating   int
	}{
		{"a", "2024-01-01T10:00:00Z", 1},
		{"a", "2024-01-01T10:10:00Z", 3}, // same day: history only
		{"b", "2024-01-01T11:00:00Z", 3},
		{"a", "2024-01-02T03:00:00Z", 3}, // before 04:00: still day 1
		{"a", "2024-01-02T05:00:00Z", 1}, // day 2: an item
		{"b", "2024-01-05T12:00:00Z", 9}, // bad rating: skipped
		{"b", "2024-01-04T12:00:00Z", 4}, // out of order in the input
	} {
		at, d := day(x.at)
		rs = append(rs, Review{Card: x.card, At: at, Day: d, Rating: x.rating})
	}
	d := NewDataset(rs)
	if len(d.Items) != 2 {
		t.Fatalf("items = %d, want 2", len(d.Items))
	}
	got := d.Steps(d.Items[0])
	want := []Step{{1, 0, 0}, {3, 0, 0}, {3, 0, 0}, {1, 1, 0}}
	if len(got) != len(want) {
		t.Fatalf("item 0 = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("item 0 = %v, want %v", got, want)
		}
	}
	if g := d.Steps(d.Items[1]); len(g) != 2 || g[1] != (Step{4, 3, 0}) {
		t.Errorf("item 1 = %v, want [{3 0} {4 3}]", g)
	}
}

// Metrics on a hand-computed case.
func TestEvaluateByHand(t *testing.T) {
	w := fsrs.DefaultWeights
	// Two cards rated good, reviewed 2 days later: one recalled, one not.
	d := &Dataset{Cards: [][]Step{{{3, 0, 0}, {3, 2, 0}}, {{3, 0, 0}, {1, 2, 0}}},
		Items: []Item{{Card: 0, Len: 2}, {Card: 1, Len: 2}}}
	decay := -w[20]
	r := math.Pow(1+(math.Pow(0.9, 1/decay)-1)*2/w[2], decay)
	m := Evaluate(w, d)
	// The first item weighs 0.25, the last 1.
	near(t, "log loss", m.LogLoss, (-0.25*math.Log(r)-math.Log(1-r))/1.25, 1e-12)
	// One bin: predicted r twice, actual 1/2.
	near(t, "RMSE(bins)", m.RMSEBins, math.Abs(r-0.5), 1e-12)
	// Two bins (gaps 2 and 5), each with its own error, weighted 0.25 : 1.
	d.Cards[1][1].Gap = 5
	r5 := math.Pow(1+(math.Pow(0.9, 1/decay)-1)*5/w[2], decay)
	m = Evaluate(w, d)
	near(t, "log loss, two bins", m.LogLoss, (-0.25*math.Log(r)-math.Log(1-r5))/1.25, 1e-12)
	near(t, "RMSE(bins), two bins", m.RMSEBins, math.Sqrt((0.25*(r-1)*(r-1)+r5*r5)/1.25), 1e-12)
}

func TestBinKey(t *testing.T) {
	// gap 5 -> 2.48·3.62^1 = 8.98; 2 reviews after a gap -> i = 3 -> 1.99·1.89 = 3.76 -> 4;
	// one lapse -> 1.65.
	k := binKey([]Step{{3, 0, 0}, {1, 2, 0}, {3, 0, 0}, {3, 5, 0}})
	if k != [3]int{898, 4, 2} {
		t.Errorf("bin = %v, want [898 4 2]", k)
	}
}

// A simulated learner: the same log every time, and a fit that recovers a
// memory model as good as the truth on it.
func TestSimulateAndFit(t *testing.T) {
	sim := Simulation{Truth: Weights{0.17, 0.83, 2.49, 6.31, 6.54, 0.52, 3.18, 0.027, 1.66, 0.26, 0.62, 1.58, 0.042,
		0.38, 1.8, 0.6, 1.87, 0.83, 0.1, 0.15, 0.24}, Reviews: 5000, NewPerDay: 20,
		Start: time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC), Seed: 7}
	a, b := Simulate(sim), Simulate(sim)
	if len(a) != 5000 || len(b) != 5000 {
		t.Fatalf("simulated %d and %d reviews, want 5000", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("review %d differs: %v, %v", i, a[i], b[i])
		}
	}
	d := NewDataset(a)
	r, err := Fit(d, DefaultOptions())
	if err != nil || r.Stage != StageTrained {
		t.Fatal(r.Stage, err)
	}
	fit, truth, def := Evaluate(r.Weights, d), Evaluate(sim.Truth, d), Evaluate(fsrs.DefaultWeights, d)
	t.Logf("log loss: fit %.5f, truth %.5f, defaults %.5f", fit.LogLoss, truth.LogLoss, def.LogLoss)
	if fit.LogLoss > truth.LogLoss+0.002 || fit.LogLoss >= def.LogLoss {
		t.Errorf("fit %.5f, truth %.5f, defaults %.5f", fit.LogLoss, truth.LogLoss, def.LogLoss)
	}
}

func TestProgressReportsEveryBatch(t *testing.T) {
	d := NewDataset(Simulate(Simulation{Truth: fsrs.DefaultWeights, Reviews: 3000, NewPerDay: 20,
		Start: time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC), Seed: 3}))
	o := DefaultOptions()
	o.BatchSize = 128
	var calls [][2]int
	o.Progress = func(done, total int) { calls = append(calls, [2]int{done, total}) }
	if r, err := Fit(d, o); err != nil || r.Stage != StageTrained {
		t.Fatal(r.Stage, err)
	}
	if len(calls) < 10 {
		t.Fatalf("%d progress reports, want one per batch", len(calls))
	}
	for i, c := range calls {
		if c[0] != i+1 || c[1] != len(calls) {
			t.Fatalf("report %d = %v, want %d of %d", i, c, i+1, len(calls))
		}
	}
}

func TestOptimalRetention(t *testing.T) {
	c := DefaultStudyCosts()
	cheap := OptimalRetention(fsrs.DefaultWeights, c)
	if again := OptimalRetention(fsrs.DefaultWeights, c); again != cheap {
		t.Errorf("two searches: %v and %v", cheap, again)
	}
	// Forgetting that costs five minutes each time is worth avoiding: a
	// higher retention, inside the range searched.
	c.Review[0], c.Relearn[2] = 300, 300
	dear := OptimalRetention(fsrs.DefaultWeights, c)
	if !(dear > cheap && dear > 0.7 && dear < 0.95) {
		t.Errorf("optimal retention: %v with cheap lapses, %v with dear ones", cheap, dear)
	}
	// Study time grows with the retention asked for, here.
	if a, b := Workload(fsrs.DefaultWeights, DefaultStudyCosts(), 0.8, 1), Workload(fsrs.DefaultWeights, DefaultStudyCosts(), 0.95, 1); !(a < b) {
		t.Errorf("seconds per card remembered: %.1f at 0.80, %.1f at 0.95", a, b)
	}
}

func TestCostsFromLog(t *testing.T) {
	var rs []Review
	at := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	for c := 0; c < 30; c++ {
		id := fmt.Sprint("c", c)
		rs = append(rs,
			Review{Card: id, At: at, Day: 0, Rating: 1, Seconds: 30}, // learning again
			Review{Card: id, At: at.Add(time.Minute), Day: 0, Rating: 3, Seconds: 10},
			Review{Card: id, At: at.Add(48 * time.Hour), Day: 2, Rating: 1, Seconds: 20}, // review again
			Review{Card: id, At: at.Add(49 * time.Hour), Day: 2, Rating: 3, Seconds: 8},  // relearning good
			Review{Card: id, At: at.Add(120 * time.Hour), Day: 5, Rating: 4, Seconds: 4}, // review easy
		)
	}
	c := CostsFrom(NewDataset(rs))
	d := DefaultStudyCosts()
	want := StudyCosts{Learn: [4]float64{30, d.Learn[1], 10, d.Learn[3]}, Review: [4]float64{20, d.Review[1], d.Review[2], 4},
		Relearn: [4]float64{d.Relearn[0], d.Relearn[1], 8, d.Relearn[3]}, FirstRating: [4]float64{1, 0, 0, 0},
		RecallRating: [3]float64{0, 0, 1}}
	if c != want {
		t.Errorf("costs\n got %+v\nwant %+v", c, want)
	}
}

func lossOf(b batch, d *Dataset, w Weights) float64 {
	l, _ := b.run(d, newModel(w), false)
	return l
}
