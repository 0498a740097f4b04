package quiz

import (
	"errors"
	"strings"
	"time"

	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/reviews"
)

// record appends an event and applies it to the item.
func (c *Collection) record(it *Item, e reviews.Event) error {
	if err := c.store.Append(e); err != nil {
		return err
	}
	if c.events != nil {
		c.events = append(c.events, e)
	}
	if e.Kind == reviews.KindReview {
		c.days[c.sched.Day(e.At)]++
	}
	if it.State == nil {
		it.State = &reviews.State{}
	}
	it.State.Apply(it.ID, e, c.sched, c.limits.LeechLapses)
	return nil
}

// Rate records a rating given at now after spending d on the card. It is
// saved before Rate returns. leech reports whether the card just became one.
func (c *Collection) Rate(it *Item, r fsrs.Rating, now time.Time, d time.Duration) (leech bool, err error) {
	wasLeech := it.State != nil && it.State.Leech
	e := reviews.Event{ID: c.store.NewID(now), Card: it.ID, At: now, Kind: reviews.KindReview,
		Rating: int(r), Duration: d.Milliseconds(), Question: it.Question, Path: it.Path, Context: strings.Join(it.Context, " › ")}
	if err := c.record(it, e); err != nil {
		return false, err
	}
	c.undo = append(c.undo, e.ID)
	return it.State.Leech && !wasLeech, nil
}

// Preview is what each rating would do to the item at now.
func (c *Collection) Preview(it *Item, now time.Time) map[fsrs.Rating]fsrs.Card {
	var card fsrs.Card
	if it.State != nil {
		card = it.State.Card
	}
	return c.sched.Preview(card, now, reviews.Seed(it.ID, card.Reps))
}

// ErrNothingToUndo means no rating of this session is left to undo.
var ErrNothingToUndo = errors.New("nothing to undo")

// Undo takes back the last rating of this session and returns its card, whose
// state is as it was before that rating.
func (c *Collection) Undo(now time.Time) (*Item, error) {
	if len(c.undo) == 0 {
		return nil, ErrNothingToUndo
	}
	target := c.undo[len(c.undo)-1]
	if c.events == nil { // undo needs the whole history: read it now
		events, _, err := c.store.ReadAll(now)
		if err != nil {
			return nil, err
		}
		c.events = events
	}
	var cardID string
	for _, e := range c.events {
		if e.ID == target {
			cardID = e.Card
		}
	}
	e := reviews.Event{ID: c.store.NewID(now), Card: cardID, At: now, Kind: reviews.KindUndo, Target: target}
	if err := c.store.Append(e); err != nil {
		return nil, err
	}
	c.undo = c.undo[:len(c.undo)-1]
	c.events = append(c.events, e)
	snap := reviews.Build(c.events, c.sched, c.limits.LeechLapses, "")
	c.days = snap.Days
	it := c.item(cardID)
	if it != nil {
		it.State = snap.States()[cardID]
		if it.State != nil && it.State.Reps == 0 && !it.State.Suspended {
			it.State = nil // back to new
		}
	}
	return it, nil
}

// Suspend takes a card out of quizzes until Unsuspend.
func (c *Collection) Suspend(it *Item, now time.Time) error {
	return c.record(it, reviews.Event{ID: c.store.NewID(now), Card: it.ID, At: now, Kind: reviews.KindSuspend})
}

// Unsuspend puts a suspended card (a leech too) back into quizzes.
func (c *Collection) Unsuspend(it *Item, now time.Time) error {
	return c.record(it, reviews.Event{ID: c.store.NewID(now), Card: it.ID, At: now, Kind: reviews.KindUnsuspend})
}

// Bury hides a card until the next day starts.
func (c *Collection) Bury(it *Item, now time.Time) error {
	return c.record(it, reviews.Event{ID: c.store.NewID(now), Card: it.ID, At: now, Kind: reviews.KindBury})
}

// NextDue is the earliest due time among cards not suspended, and how many
// cards fall due that day.
func (c *Collection) NextDue(after time.Time) (time.Time, int) {
	var first time.Time
	for _, it := range c.Items {
		if it.State == nil || it.Suspended() || !it.State.Due.After(after) {
			continue
		}
		if first.IsZero() || it.State.Due.Before(first) {
			first = it.State.Due
		}
	}
	if first.IsZero() {
		return first, 0
	}
	n, day := 0, c.sched.Day(first)
	for _, it := range c.Items {
		if it.State != nil && !it.Suspended() && c.sched.Day(it.State.Due) == day {
			n++
		}
	}
	return first, n
}
