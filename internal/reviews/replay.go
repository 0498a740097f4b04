package reviews

import (
	"hash/fnv"
	"time"

	"github.com/kb-cli/kb/internal/fsrs"
)

// State is a card's state after replaying its history.
type State struct {
	fsrs.Card
	Suspended   bool
	Leech       bool      // suspended for lapsing LeechLapses times
	BuriedUntil time.Time // hidden from quizzes until then
	Question    string    // the question when last reviewed
	Path        string    // the note it was in then
	Context     string    // and the headings above it
	FirstReview time.Time
	LastEvent   string // id of the last review event, for undo
}

// Apply updates the state of card id with one event, as Build does; the
// quiz uses it to follow each rating without replaying the whole log.
func (st *State) Apply(id string, e Event, s *fsrs.Scheduler, leechLapses int) {
	switch e.Kind {
	case KindReview:
		lapses := st.Lapses
		st.Card = s.Review(st.Card, fsrs.Rating(e.Rating), e.At, Seed(id, st.Reps))
		if st.FirstReview.IsZero() {
			st.FirstReview = e.At
		}
		if e.Question != "" {
			st.Question = e.Question
		}
		if e.Path != "" {
			st.Path, st.Context = e.Path, e.Context
		}
		st.LastEvent = e.ID
		if leechLapses > 0 && st.Lapses > lapses && st.Lapses >= leechLapses && !st.Leech {
			st.Leech, st.Suspended = true, true
		}
	case KindSeed:
		// A schedule brought from elsewhere starts a card; it never
		// overrides reviews made in kb.
		if st.Reps == 0 {
			st.Card = s.FromSM2(float64(e.Ease)/100, e.Interval, e.At, e.Due)
			if e.Question != "" {
				st.Question = e.Question
			}
		}
	case KindSuspend:
		st.Suspended = true
	case KindUnsuspend:
		st.Suspended, st.Leech = false, false
	case KindBury:
		st.BuriedUntil = s.NextDayStart(e.At)
	}
}

// Seed makes a card's interval fuzz depend only on the card and its review
// count, never on the machine.
func Seed(id string, reps int) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64() ^ (uint64(reps) * 0x9e3779b97f4a7c15)
}
