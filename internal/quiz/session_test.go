package quiz

import (
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/fsrs"
)

func lines(q []*Item) []int {
	var out []int
	for _, it := range q {
		out = append(out, it.Line)
	}
	return out
}

func TestSessionOrderAndCounts(t *testing.T) {
	c, _ := collection(t, 3, Limits{NewPerDay: 20, ReviewsPerDay: 200, LeechLapses: 8})
	s := c.Start(t0, QueueOptions{New: -1})
	if it := s.Next(t0); it == nil || it.Line != 1 || s.Left() != 3 {
		t.Fatalf("first card %v, left %d", it, s.Left())
	}
	if p := s.Reveal(t0); p == nil || p[fsrs.Good].Due.Sub(t0) != 10*time.Minute {
		t.Errorf("preview %v", p)
	}
	// Shown at t0, rated 7 s later: the review lasts 7 s.
	if _, err := s.Rate(fsrs.Easy, t0.Add(7*time.Second)); err != nil {
		t.Fatal(err)
	}
	if s.Done() != 1 || s.Again() != 0 || s.Left() != 2 || s.Next(t0).Line != 2 {
		t.Errorf("after one: done %d again %d left %d", s.Done(), s.Again(), s.Left())
	}
	if d := c.Items[0].State.Card.Reps; d != 1 {
		t.Errorf("reps %d", d)
	}
}

// Again puts a learning card due in 1 minute back at the end of the session;
// good (10 minutes) too; a card due later than LearnAhead leaves it.
func TestSessionLearnAhead(t *testing.T) {
	c, _ := collection(t, 2, Limits{NewPerDay: 20, ReviewsPerDay: 200, LeechLapses: 8})
	s := c.Start(t0, QueueOptions{New: -1})
	s.Next(t0)
	if r, _ := s.Rate(fsrs.Again, t0); !r.Requeued {
		t.Error("again: not requeued")
	}
	if got := lines(s.queue); len(got) != 2 || got[0] != 2 || got[1] != 1 {
		t.Fatalf("queue %v", got)
	}
	s.Next(t0)
	if r, _ := s.Rate(fsrs.Easy, t0); r.Requeued {
		t.Error("easy (days away) requeued")
	}
	now := t0.Add(time.Minute)
	s.Next(now)
	if r, _ := s.Rate(fsrs.Good, now); !r.Requeued { // next step in 10m: within LearnAhead
		t.Error("good at a 10m step: not requeued")
	}
	now = now.Add(10 * time.Minute)
	s.Next(now)
	if r, _ := s.Rate(fsrs.Good, now); r.Requeued || s.Left() != 0 {
		t.Errorf("graduated card requeued: left %d", s.Left())
	}
	if s.Done() != 4 || s.Again() != 1 {
		t.Errorf("done %d again %d", s.Done(), s.Again())
	}
}

// Undo of a rating that requeued the card takes it off the end of the queue
// and puts it first, as it was; the card on screen comes next.
func TestSessionUndoAfterRequeue(t *testing.T) {
	c, _ := collection(t, 3, Limits{NewPerDay: 20, ReviewsPerDay: 200, LeechLapses: 8})
	s := c.Start(t0, QueueOptions{New: -1})
	s.Next(t0)
	s.Rate(fsrs.Again, t0) // card 1 requeued at the end
	if got := lines(s.queue); len(got) != 3 || got[2] != 1 {
		t.Fatalf("queue %v", got)
	}
	s.Next(t0) // card 2 on screen
	back, err := s.Undo(t0.Add(time.Second))
	if err != nil || back.Line != 1 || back.State != nil {
		t.Fatalf("undo: %v %+v", err, back)
	}
	if got := lines(s.queue); len(got) != 3 || got[0] != 1 || got[1] != 2 || got[2] != 3 {
		t.Errorf("queue after undo %v", got)
	}
	if s.Done() != 0 || s.Again() != 0 {
		t.Errorf("counts after undo: done %d again %d", s.Done(), s.Again())
	}
	if _, err := s.Undo(t0); err != ErrNothingToUndo {
		t.Errorf("second undo: %v", err)
	}
}

func TestSessionSuspendAndBury(t *testing.T) {
	c, _ := collection(t, 3, Limits{NewPerDay: 20, ReviewsPerDay: 200, LeechLapses: 8})
	s := c.Start(t0, QueueOptions{New: -1})
	s.Next(t0)
	if it, err := s.Suspend(t0); err != nil || it.Line != 1 || !it.Suspended() {
		t.Fatalf("suspend %v %+v", err, it)
	}
	s.Next(t0)
	if it, err := s.Bury(t0); err != nil || it.Line != 2 {
		t.Fatalf("bury %v", err)
	}
	if got := lines(s.queue); len(got) != 1 || got[0] != 3 || s.Done() != 0 {
		t.Errorf("queue %v done %d", got, s.Done())
	}
	// A new session: the suspended card stays out; the buried one too, until
	// tomorrow.
	if got := lines(c.Start(t0.Add(time.Hour), QueueOptions{Cram: true}).queue); len(got) != 2 {
		t.Errorf("cram after suspend: %v", got)
	}
	c.Rate(c.Items[1], fsrs.Again, t0, 0)
	if got := lines(c.Start(t0.Add(time.Hour), QueueOptions{New: 0}).queue); len(got) != 0 {
		t.Errorf("buried learning card queued today: %v", got)
	}
}

func TestSessionCramRecordsNothing(t *testing.T) {
	c, _ := collection(t, 1, Limits{NewPerDay: 20, ReviewsPerDay: 200, LeechLapses: 8})
	s := c.Start(t0, QueueOptions{Cram: true})
	s.Next(t0)
	if s.Reveal(t0) != nil {
		t.Error("cram previews a schedule")
	}
	if r, err := s.Rate(fsrs.Again, t0); err != nil || r.Requeued || c.Items[0].State != nil {
		t.Errorf("cram rating: %v %+v", err, r)
	}
	if _, err := s.Undo(t0); err != ErrNothingToUndo {
		t.Errorf("cram undo: %v", err)
	}
	if _, err := s.Rate(fsrs.Good, t0); err != ErrNoCard {
		t.Errorf("rate with no card: %v", err)
	}
}
