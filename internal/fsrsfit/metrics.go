package fsrsfit

import "math"

// Metrics are how well parameters predict a dataset's reviews, measured as
// fsrs-rs's evaluate does (what Anki shows when it evaluates parameters).
type Metrics struct {
	LogLoss  float64 // weighted mean binary cross-entropy of the predicted recall
	RMSEBins float64 // RMSE between predicted and actual recall, over bins
	Items    int
}

// Evaluate predicts every item of d with weights w and measures the
// predictions as fsrs-rs's evaluate does. Each item weighs as in training,
// by its place in d: 0.25 for the first to 1 for the last (recencyWeights),
// so that the latest reviews count most. Log loss is the weighted mean
// cross-entropy (predictions clamped to [1e-7, 1-1e-7], where fsrs-rs would
// fail instead); RMSE(bins) groups the items by gap, review count and
// lapses and weighs each bin's squared error (of its plain means) by the
// sum of its items' weights. With equal weights both would be the
// benchmark's (srs-benchmark) unweighted figures.
func Evaluate(w Weights, d *Dataset) Metrics {
	p := Predict(w, d)
	weights := recencyWeights(len(d.Items))
	type bin struct{ pred, actual, n, weight float64 }
	bins := map[[3]int]*bin{}
	loss, total := 0.0, 0.0
	for i, it := range d.Items {
		recalled := d.Steps(it)[it.Len-1].Rating > 1
		l, _ := bce(p[i], recalled)
		loss += l * weights[i]
		total += weights[i]
		k := binKey(d.Steps(it))
		b := bins[k]
		if b == nil {
			b = &bin{}
			bins[k] = b
		}
		b.pred += p[i]
		if recalled {
			b.actual++
		}
		b.n++
		b.weight += weights[i]
	}
	m := Metrics{Items: len(d.Items)}
	if len(d.Items) == 0 {
		return m
	}
	m.LogLoss = loss / total
	sum := 0.0
	for _, b := range bins {
		e := b.pred/b.n - b.actual/b.n
		sum += e * e * b.weight
	}
	m.RMSEBins = math.Sqrt(sum / total)
	return m
}

// binKey is the bin of an item: its gap, its count of reviews after a gap
// and its lapses after a gap, each on a logarithmic scale (fsrs-rs
// dataset.rs r_matrix_index).
func binKey(steps []Step) [3]int {
	gap := float64(steps[len(steps)-1].Gap)
	gapBin := int(math.Round(2.48 * math.Pow(3.62, math.Floor(math.Log(gap)/math.Log(3.62))) * 100))
	long, lapses := 0, 0
	for i, s := range steps {
		if s.Gap > 0 {
			long++
			if s.Rating == 1 && i < len(steps)-1 {
				lapses++
			}
		}
	}
	length := float64(long + 1)
	lenBin := int(math.Round(1.99 * math.Pow(1.89, math.Floor(math.Log(length)/math.Log(1.89)))))
	lapseBin := 0
	if lapses > 0 {
		lapseBin = int(math.Round(1.65 * math.Pow(1.73, math.Floor(math.Log(float64(lapses))/math.Log(1.73)))))
	}
	return [3]int{gapBin, lenBin, lapseBin}
}

// Predict is the recall w predicts for each item of d, in order. Each card's
// history is run once for all its items.
func Predict(w Weights, d *Dataset) []float64 {
	m := newModel(w)
	out := make([]float64, len(d.Items))
	type at struct {
		pos  int32
		item int
	}
	// The items of each card, in time order, so by position.
	byCard := make([][]at, len(d.Cards))
	var cards []int32
	for i, it := range d.Items {
		if byCard[it.Card] == nil {
			cards = append(cards, it.Card)
		}
		byCard[it.Card] = append(byCard[it.Card], at{it.Len - 1, i})
	}
	var mem memory
	for _, c := range cards {
		steps := d.Cards[c]
		want := byCard[c]
		m.start(steps[0].Rating, &mem, false)
		wi := 0
		for k := 1; k < len(steps) && wi < len(want); k++ {
			r := m.recall(float64(steps[k].Gap), &mem, nil, false)
			for wi < len(want) && want[wi].pos == int32(k) {
				out[want[wi].item] = r
				wi++
			}
			m.step(steps[k].Rating, steps[k].Gap, r, nil, &mem, false)
		}
	}
	return out
}
