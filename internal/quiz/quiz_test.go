package quiz

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/cards"
	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/reviews"
)

var t0 = time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)

func collection(t *testing.T, n int, limits Limits) (*Collection, string) {
	root := t.TempDir()
	p := fsrs.DefaultParameters()
	p.Fuzz = false
	s, _ := fsrs.NewScheduler(p)
	var cs []cards.Card
	for i := 0; i < n; i++ {
		q := fmt.Sprintf("질문 %d?", i)
		cs = append(cs, cards.Card{ID: cards.ID("a.md", nil, q, 1), Path: "a.md", Line: i + 1, Question: q, Deck: "d", Tags: []string{"t"}})
	}
	c, probs, err := Load(reviews.NewStore(reviews.Scope{Root: root}, "dev", time.Second), cs, s, limits, func() time.Time { return t0 })
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	return c, root
}

func TestQueueOrderAndLimits(t *testing.T) {
	c, _ := collection(t, 6, Limits{NewPerDay: 3, ReviewsPerDay: 10, LeechLapses: 8})
	q := c.Queue(t0, QueueOptions{New: -1})
	if len(q) != 3 || q[0].Line != 1 {
		t.Fatalf("new cards within the daily limit: %d", len(q))
	}
	c.Rate(q[0], fsrs.Again, t0, time.Second) // learning, due in 1m
	c.Rate(q[1], fsrs.Easy, t0, time.Second)  // review, due in days
	q = c.Queue(t0.Add(2*time.Minute), QueueOptions{New: -1})
	if len(q) != 2 || q[0].Status() != "learning" || q[1].State != nil {
		t.Fatalf("learning first, then the one new card left today: %v", statuses(q))
	}
	if q := c.Queue(t0.Add(2*time.Minute), QueueOptions{New: 5}); len(q) != 5 {
		t.Errorf("--new 5: %d", len(q))
	}
	if q := c.Queue(t0, QueueOptions{Cram: true}); len(q) != 6 {
		t.Errorf("cram: %d", len(q))
	}
	// Tomorrow the new-card budget is back.
	if q := c.Queue(t0.Add(24*time.Hour), QueueOptions{New: -1}); countNew(q) != 3 {
		t.Errorf("next day: %v", statuses(q))
	}
}

func statuses(q []*Item) []string {
	var s []string
	for _, it := range q {
		s = append(s, it.Status())
	}
	return s
}

func countNew(q []*Item) int {
	n := 0
	for _, it := range q {
		if it.State == nil {
			n++
		}
	}
	return n
}

func TestUndoRestoresTheCardAndTheLog(t *testing.T) {
	c, _ := collection(t, 1, Limits{NewPerDay: 20, ReviewsPerDay: 200, LeechLapses: 8})
	it := c.Items[0]
	c.Rate(it, fsrs.Good, t0, 0)
	c.Rate(it, fsrs.Again, t0.Add(10*time.Minute), 0)
	got, err := c.Undo(t0.Add(11 * time.Minute))
	if err != nil || got != it || it.State.Reps != 1 || it.State.Step != 1 {
		t.Fatalf("after undo: %+v %v", it.State, err)
	}
	c.Undo(t0.Add(12 * time.Minute))
	if it.State != nil {
		t.Errorf("undoing the first rating makes the card new again: %+v", it.State)
	}
	if _, err := c.Undo(t0); err != ErrNothingToUndo {
		t.Errorf("got %v", err)
	}
	// A fresh load of the log agrees.
	c2, _, _ := Load(c.store, []cards.Card{*it.Card}, c.sched, c.limits, c.now)
	if c2.Items[0].State != nil && c2.Items[0].State.Reps != 0 {
		t.Errorf("log replay disagrees: %+v", c2.Items[0].State)
	}
}

func TestSuspendAndBuryLeaveTheQueue(t *testing.T) {
	c, _ := collection(t, 2, Limits{NewPerDay: 20, ReviewsPerDay: 200, LeechLapses: 8})
	c.Rate(c.Items[0], fsrs.Again, t0, 0)
	c.Rate(c.Items[1], fsrs.Again, t0, 0)
	c.Suspend(c.Items[0], t0)
	c.Bury(c.Items[1], t0)
	if q := c.Queue(t0.Add(time.Hour), QueueOptions{New: -1}); len(q) != 0 {
		t.Errorf("queue %v", statuses(q))
	}
	if q := c.Queue(t0.Add(24*time.Hour), QueueOptions{New: -1}); len(q) != 1 || q[0] != c.Items[1] {
		t.Errorf("buried card back the next day: %v", statuses(q))
	}
	c.Unsuspend(c.Items[0], t0.Add(25*time.Hour))
	if q := c.Queue(t0.Add(25*time.Hour), QueueOptions{New: -1}); len(q) != 2 {
		t.Errorf("unsuspended: %v", statuses(q))
	}
}

func TestFindByIDOrLegacyID(t *testing.T) {
	c, _ := collection(t, 2, Limits{NewPerDay: 20, ReviewsPerDay: 200, LeechLapses: 8})
	if it, err := c.Find(c.Items[1].ID[:6]); err != nil || it != c.Items[1] {
		t.Errorf("by prefix: %v", err)
	}
	if it, err := c.Find(cards.LegacyID("질문 1?")); err != nil || it != c.Items[1] {
		t.Errorf("by legacy id: %v", err)
	}
	// The same question in two notes: a legacy id names neither.
	dup := cards.Card{ID: cards.ID("b.md", nil, "질문 1?", 1), Path: "b.md", Line: 1, Question: "질문 1?"}
	c2, _, _ := Load(c.store, []cards.Card{*c.Items[1].Card, dup}, c.sched, c.limits, c.now)
	if _, err := c2.Find(cards.LegacyID("질문 1?")); err == nil {
		t.Error("an ambiguous legacy id resolved")
	}
}

// reloadFixture is what loading c's cards again takes: a scheduler without
// fuzz, the review store under root, and a copy of the cards.
func reloadFixture(c *Collection, root string) (*fsrs.Scheduler, *reviews.Store, []cards.Card) {
	p := fsrs.DefaultParameters()
	p.Fuzz = false
	s, _ := fsrs.NewScheduler(p)
	store := reviews.NewStore(reviews.Scope{Root: root}, "dev", time.Second)
	cs := make([]cards.Card, len(c.Items))
	for i, it := range c.Items {
		cs[i] = *it.Card
	}
	return s, store, cs
}

// A second load with nothing changed skips the link search (every history
// has its card, every card was compared) and finds the same states; an edited
// question after that is still linked to its history.
func TestSteadyLoadThenEditedQuestionLinks(t *testing.T) {
	c, root := collection(t, 3, Limits{NewPerDay: 20, ReviewsPerDay: 200, LeechLapses: 8})
	for _, it := range c.Items {
		if _, err := c.Rate(it, fsrs.Good, t0, time.Second); err != nil {
			t.Fatal(err)
		}
	}
	s, store, cs := reloadFixture(c, root)
	later := func() time.Time { return t0.Add(time.Hour) }
	for round := 0; round < 2; round++ { // the second is the steady one
		again, _, err := Load(store, cs, s, c.limits, later)
		if err != nil {
			t.Fatal(err)
		}
		for i, it := range again.Items {
			if it.State == nil || it.State.Reps != 1 || it.State.Due != c.Items[i].State.Due {
				t.Fatalf("round %d, card %d: %+v", round, i, it.State)
			}
		}
	}
	edited := append([]cards.Card(nil), cs...)
	q := "질문 1x?" // a typo: one character
	edited[1].Question, edited[1].ID = q, cards.ID("a.md", nil, q, 1)
	again, _, err := Load(store, edited, s, c.limits, later)
	if err != nil {
		t.Fatal(err)
	}
	if st := again.Items[1].State; st == nil || st.Reps != 1 {
		t.Errorf("the edited card lost its history: %+v", st)
	}
}

// Loading the cards the last command saw (the remembered match) gives every
// card the state a load from the logs alone gives, after reviews of known
// and of new cards, and with the cards in another order.
func TestRememberedMatchAgreesWithReplay(t *testing.T) {
	c, root := collection(t, 6, Limits{NewPerDay: 20, ReviewsPerDay: 200, LeechLapses: 8})
	for _, it := range c.Items[:3] {
		if _, err := c.Rate(it, fsrs.Good, t0, time.Second); err != nil {
			t.Fatal(err)
		}
	}
	s, store, cs := reloadFixture(c, root)
	later := func() time.Time { return t0.Add(time.Hour) }
	check := func(what string, cs []cards.Card) *Collection {
		t.Helper()
		got, _, err := Load(store, cs, s, c.limits, later)
		if err != nil {
			t.Fatal(err)
		}
		// The same cards from the logs alone, in a knowledge base of their own.
		fresh := t.TempDir()
		logs := filepath.Join(fresh, ".kb", "reviews")
		if err := os.CopyFS(logs, os.DirFS(filepath.Join(root, ".kb", "reviews"))); err != nil {
			t.Fatal(err)
		}
		want, _, err := Load(reviews.NewStore(reviews.Scope{Root: fresh}, "dev", time.Second), cs, s, c.limits, later)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want.Items {
			g, w := got.Items[i], want.Items[i]
			if g.ID != w.ID || (g.State == nil) != (w.State == nil) || g.State != nil && *g.State != *w.State {
				t.Fatalf("%s, card %d: %+v, want %+v", what, i, g.State, w.State)
			}
		}
		if it, err := got.Find(cs[0].ID); err != nil || it.ID != cs[0].ID {
			t.Fatalf("%s: find %s: %v", what, cs[0].ID, err)
		}
		return got
	}
	check("first load", cs)
	check("the cards seen before", cs)
	again := check("the cards seen before, again", cs)
	if _, err := again.Rate(again.Items[0], fsrs.Hard, t0.Add(time.Hour), time.Second); err != nil {
		t.Fatal(err)
	}
	check("after a review of a reviewed card", cs)
	again = check("after a review of a reviewed card, again", cs)
	if _, err := again.Rate(again.Items[5], fsrs.Again, t0.Add(time.Hour), time.Second); err != nil {
		t.Fatal(err)
	}
	check("after a new card's first review", cs)
	check("after a new card's first review, again", cs)
	moved := append([]cards.Card{cs[5], cs[2]}, cs[:2]...)
	moved = append(moved, cs[3:5]...)
	check("in another order", moved)
	check("in another order, again", moved)
	check("without two cards", moved[2:])
	check("without two cards, again", moved[2:])
	check("with them back", cs)
}

// byDue sorts as a stable sort on the due time does: random due times,
// many of them equal, some in another zone and some before 1970.
func TestByDueIsAStableSortByDue(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	seoul := time.FixedZone("KST", 9*3600)
	base := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	for round := 0; round < 50; round++ {
		items := make([]*Item, rng.IntN(200))
		for i := range items {
			due := base.Add(time.Duration(rng.IntN(20)-5) * 500 * time.Millisecond)
			switch rng.IntN(4) {
			case 0:
				due = due.In(seoul)
			case 1:
				due = due.AddDate(-80, 0, 0)
			}
			items[i] = &Item{Card: &cards.Card{ID: fmt.Sprint(i)}, State: &reviews.State{Card: fsrs.Card{Due: due}}}
		}
		want := slices.Clone(items)
		slices.SortStableFunc(want, func(a, b *Item) int { return a.State.Due.Compare(b.State.Due) })
		byDue(items)
		if !slices.Equal(items, want) {
			t.Fatalf("round %d: order differs from a stable sort", round)
		}
	}
}
