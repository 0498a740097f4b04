package quiz

import (
	"errors"
	"time"

	"github.com/kb-cli/kb/internal/fsrs"
)

// LearnAhead: a learning card due this soon comes back in the same session,
// as in Anki.
const LearnAhead = 20 * time.Minute

// Session is one sitting of kb quiz: the queue of cards, the current one
// first, and what has been done. Every action is logged by the Collection
// the moment it happens; the session only keeps the order and the counts.
type Session struct {
	c        *Collection
	queue    []*Item // queue[0] is the card on screen
	cram     bool
	done     int
	again    int
	rated    []fsrs.Rating // this session's ratings, newest last, for undo
	shown    time.Time     // when the current card was first shown
	shownFor *Item
}

// Start orders a session (see Queue). A cram session rates nothing: the
// schedule does not change.
func (c *Collection) Start(now time.Time, o QueueOptions) *Session {
	return &Session{c: c, queue: c.Queue(now, o), cram: o.Cram}
}

// Next is the card to show now, or nil when the session is over. The time a
// card is first shown starts its review's duration.
func (s *Session) Next(now time.Time) *Item {
	if len(s.queue) == 0 {
		return nil
	}
	if it := s.queue[0]; it != s.shownFor {
		s.shownFor, s.shown = it, now
	}
	return s.queue[0]
}

// Reveal is what each rating of the current card would do, shown with its
// answer (nil in a cram session, which schedules nothing).
func (s *Session) Reveal(now time.Time) map[fsrs.Rating]fsrs.Card {
	if s.cram || len(s.queue) == 0 {
		return nil
	}
	return s.c.Preview(s.queue[0], now)
}

// ErrNoCard means the session is over: there is no card to rate.
var ErrNoCard = errors.New("no card to rate")

// Rated is what a rating did.
type Rated struct {
	Item     *Item
	Leech    bool // the card just became a leech and is suspended
	Requeued bool // a learning step due within LearnAhead: back in this session
}

// Rate rates the current card. A learning card due again within LearnAhead
// goes to the end of the queue.
func (s *Session) Rate(r fsrs.Rating, now time.Time) (Rated, error) {
	if len(s.queue) == 0 {
		return Rated{}, ErrNoCard
	}
	it := s.queue[0]
	res := Rated{Item: it}
	if !s.cram {
		leech, err := s.c.Rate(it, r, now, now.Sub(s.shown))
		if err != nil {
			return res, err
		}
		res.Leech = leech
	}
	s.queue = s.queue[1:]
	s.shownFor = nil
	s.done++
	if r == fsrs.Again {
		s.again++
	}
	s.rated = append(s.rated, r)
	if st := it.State; !s.cram && !res.Leech && st != nil &&
		(st.Card.State == fsrs.Learning || st.Card.State == fsrs.Relearning) && !st.Due.After(now.Add(LearnAhead)) {
		s.queue = append(s.queue, it)
		res.Requeued = true
	}
	return res, nil
}

// Undo takes back this session's last rating: its card comes back first, as
// it was before, then the card that was on screen.
func (s *Session) Undo(now time.Time) (*Item, error) {
	if s.cram || len(s.rated) == 0 {
		return nil, ErrNothingToUndo
	}
	back, err := s.c.Undo(now)
	if err != nil {
		return nil, err
	}
	s.done--
	if s.rated[len(s.rated)-1] == fsrs.Again {
		s.again--
	}
	s.rated = s.rated[:len(s.rated)-1]
	if back != nil {
		s.queue = append([]*Item{back}, removeItem(s.queue, back)...)
	}
	return back, nil
}

// Suspend takes the current card out of quizzes until unsuspended.
func (s *Session) Suspend(now time.Time) (*Item, error) {
	return s.drop(now, s.c.Suspend)
}

// Bury hides the current card until tomorrow.
func (s *Session) Bury(now time.Time) (*Item, error) {
	return s.drop(now, s.c.Bury)
}

func (s *Session) drop(now time.Time, do func(*Item, time.Time) error) (*Item, error) {
	if len(s.queue) == 0 {
		return nil, nil
	}
	it := s.queue[0]
	if err := do(it, now); err != nil {
		return nil, err
	}
	s.queue = removeItem(s.queue, it)
	s.shownFor = nil
	return it, nil
}

// Cram reports whether this session leaves the schedule alone.
func (s *Session) Cram() bool { return s.cram }

// Done, Again and Left count the cards rated, rated again, and still queued
// (the current one included).
func (s *Session) Done() int  { return s.done }
func (s *Session) Again() int { return s.again }
func (s *Session) Left() int  { return len(s.queue) }

func removeItem(q []*Item, it *Item) []*Item {
	out := q[:0:0]
	for _, x := range q {
		if x != it {
			out = append(out, x)
		}
	}
	return out
}
