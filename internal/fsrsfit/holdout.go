package fsrsfit

// Holdout is an honest comparison: parameters fitted to the earlier items
// only, and the current ones, both measured on the later items they never saw.
type Holdout struct {
	Fit     Result  // fitted to the earlier items
	Current Metrics // the current weights on the later items
	Fitted  Metrics // the fitted weights on the later items
	Test    *Dataset
}

// Better reports whether the fitted weights predicted the later reviews
// better (a lower log loss) than the current ones.
func (h Holdout) Better() bool { return h.Fitted.LogLoss < h.Current.LogLoss }

// CompareLater fits to the first share of d's items (by time) and measures
// both weights on the rest.
func CompareLater(d *Dataset, current Weights, share float64, o Options) (Holdout, error) {
	cut := int(float64(len(d.Items)) * share)
	fit, err := Fit(d.Head(cut), o)
	if err != nil {
		return Holdout{}, err
	}
	test := d.Tail(cut)
	return Holdout{Fit: fit, Current: Evaluate(current, test), Fitted: Evaluate(fit.Weights, test), Test: test}, nil
}
