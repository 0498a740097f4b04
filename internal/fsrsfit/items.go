// Package fsrsfit fits FSRS-6 parameters to a user's own reviews, the way
// fsrs-rs (Anki's engine) does, and measures how well parameters predict
// them (log loss and RMSE(bins), recency-weighted as fsrs-rs's evaluate
// measures them). It is pure: no I/O and no clock; callers pass reviews with their day numbers.
package fsrsfit

import (
	"slices"
	"sort"
	"time"
)

// Review is one rating of one card. Day is the number of the day it counts
// for on the configured day start (fsrs.Scheduler.Day); At orders reviews.
type Review struct {
	Card    string
	At      time.Time
	Day     int
	Rating  int     // 1 again .. 4 easy
	Seconds float64 // time spent on the review, if known (else 0)
}

// Step is one review as the model sees it: the rating and the whole days
// since the card's previous review (0 for its first, and on the same day);
// Secs is the time it took, for study costs (0: unknown).
type Step struct {
	Rating int8
	Gap    int32
	Secs   float32
}

// Item is one prediction to learn from: a review after a gap of at least a
// day, with the card's history up to it. Its steps are
// Dataset.Cards[Card][:Len]; the last is the label (recalled = rating > 1).
type Item struct {
	Card int32
	Len  int32
	At   time.Time // of the labelled review
}

// Dataset is a review log turned into items, sorted by the time of their
// labelled review.
type Dataset struct {
	Cards [][]Step
	Items []Item
}

// Steps are the reviews of an item; the last one is its label.
func (d *Dataset) Steps(it Item) []Step { return d.Cards[it.Card][:it.Len] }

func (d *Dataset) first(it Item) Step { return d.Cards[it.Card][0] }

// longTerm counts an item's reviews after a gap (the label among them).
func (d *Dataset) longTerm(it Item) int {
	n := 0
	for _, s := range d.Steps(it) {
		if s.Gap > 0 {
			n++
		}
	}
	return n
}

// firstLongTerm is the first review of the item's card after a gap.
func (d *Dataset) firstLongTerm(it Item) Step {
	for _, s := range d.Steps(it) {
		if s.Gap > 0 {
			return s
		}
	}
	return Step{}
}

// NewDataset turns reviews into items, as fsrs-rs's converter does: per card
// in time order, one item for every review after the first whose gap is a
// day or more; same-day reviews stay in the history but are never labels.
// Ratings outside 1-4 are skipped.
func NewDataset(reviews []Review) *Dataset {
	rs := reviews
	before := func(a, b Review) int { return a.At.Compare(b.At) }
	if !slices.IsSortedFunc(rs, before) { // logs are nearly always in order already
		rs = slices.Clone(reviews)
		slices.SortStableFunc(rs, before)
	}
	index := map[string]int32{}
	var lastDay []int
	d := &Dataset{}
	for _, r := range rs {
		if r.Rating < 1 || r.Rating > 4 {
			continue
		}
		c, ok := index[r.Card]
		if !ok {
			c = int32(len(d.Cards))
			index[r.Card] = c
			d.Cards = append(d.Cards, nil)
			lastDay = append(lastDay, r.Day)
		}
		gap := max(0, r.Day-lastDay[c])
		lastDay[c] = r.Day
		d.Cards[c] = append(d.Cards[c], Step{Rating: int8(r.Rating), Gap: int32(gap), Secs: float32(r.Seconds)})
		if n := len(d.Cards[c]); n > 1 && gap > 0 {
			d.Items = append(d.Items, Item{Card: c, Len: int32(n), At: r.At})
		}
	}
	// Reviews came in time order, so items did too.
	return d
}

// subset is the dataset with only some items (sharing the cards).
func (d *Dataset) subset(items []Item) *Dataset {
	return &Dataset{Cards: d.Cards, Items: items}
}

// Head is the dataset's first n items.
func (d *Dataset) Head(n int) *Dataset { return d.subset(d.Items[:min(n, len(d.Items))]) }

// Tail is the dataset from item n on.
func (d *Dataset) Tail(n int) *Dataset { return d.subset(d.Items[min(n, len(d.Items)):]) }

// outlierKey is a card's first rating and the gap before its first review
// after a gap.
type outlierKey struct {
	rating int8
	gap    int32
}

// FilterOutliers drops the items of cards whose first interval was rare for
// their first rating (fsrs-rs dataset.rs): per first rating, the smallest
// groups of first intervals, up to 5% of the cards (at least 20), and
// groups of fewer than 6 or beyond 100 days (365 after easy). It returns the
// items kept for training, in time order, and, among them, the ones that
// were the first review after a gap, which the initial stabilities are
// fitted to; those come in fsrs-rs's order: by first rating, then group by
// group from the smallest (the shorter gap first among equals), each group
// in time order.
func FilterOutliers(d *Dataset) (train, init *Dataset) {
	groups := map[int8]map[int32][]int{}
	for i, it := range d.Items {
		if d.longTerm(it) != 1 {
			continue
		}
		r := d.first(it).Rating
		if groups[r] == nil {
			groups[r] = map[int32][]int{}
		}
		g := d.Steps(it)[it.Len-1].Gap
		groups[r][g] = append(groups[r][g], i)
	}
	removed := map[outlierKey]bool{}
	var kept []int
	for rating := int8(1); rating <= 4; rating++ {
		type sub struct {
			gap  int32
			idxs []int
		}
		var subs []sub
		total := 0
		for g, idxs := range groups[rating] {
			subs = append(subs, sub{g, idxs})
			total += len(idxs)
		}
		// Largest first, then the longer gap; walked from the end.
		sort.Slice(subs, func(i, j int) bool {
			if len(subs[i].idxs) != len(subs[j].idxs) {
				return len(subs[i].idxs) > len(subs[j].idxs)
			}
			return subs[i].gap > subs[j].gap
		})
		maxGap := int32(100)
		if rating == 4 {
			maxGap = 365
		}
		removedCount := 0
		for i := len(subs) - 1; i >= 0; i-- {
			s := subs[i]
			if removedCount+len(s.idxs) >= max(20, total/20) {
				if len(s.idxs) >= 6 && s.gap <= maxGap {
					kept = append(kept, s.idxs...)
				} else {
					removed[outlierKey{rating, s.gap}] = true
				}
			} else {
				removedCount += len(s.idxs)
				removed[outlierKey{rating, s.gap}] = true
			}
		}
	}
	initItems := make([]Item, len(kept))
	for i, k := range kept {
		initItems[i] = d.Items[k]
	}
	var trainItems []Item
	for _, it := range d.Items {
		if !removed[outlierKey{d.first(it).Rating, d.firstLongTerm(it).Gap}] {
			trainItems = append(trainItems, it)
		}
	}
	return d.subset(trainItems), d.subset(initItems)
}
