// Package quiz is kb's review session logic: which cards are due, in what
// order, within which daily limits, and what rating, undoing, suspending and
// burying a card do. State comes from the review log; every action is an
// event appended to it the moment it happens.
package quiz

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kb-cli/kb/internal/cards"
	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/reviews"
)

// Item is a card and its state (State is nil for a card never reviewed).
// The card is the one Load was given, not a copy: at 100k notes copying
// them took longer than matching them with their states.
type Item struct {
	*cards.Card
	State *reviews.State
}

// Status is new, learning, review or relearning.
func (it *Item) Status() string {
	if it.State == nil || it.State.Reps == 0 {
		return "new"
	}
	return it.State.Card.State.String()
}

// Suspended reports whether the card is out of quizzes.
func (it *Item) Suspended() bool { return it.State != nil && it.State.Suspended }

// Limits are the daily limits of a quiz.
type Limits struct {
	NewPerDay, ReviewsPerDay, LeechLapses int
}

// Collection is every card with its state, ready to quiz.
type Collection struct {
	Items  []*Item
	byID   map[string]*Item
	sched  *fsrs.Scheduler
	store  *reviews.Store
	limits Limits
	days   map[int]int // reviews per day
	recall map[int]reviews.Recall
	events []reviews.Event // the whole log, read only when undo needs it
	now    func() time.Time
	undo   []string // ids of this session's review events, newest last

	// The day of the last instant IsDue was asked about: a listing asks
	// about the same instant for every card.
	dayAt  time.Time
	dayNum int
}

// Load reads the review history in store (through its cached snapshot, if
// any) and joins it with the cards. Cards whose note moved or whose
// question was slightly edited are linked to their old history, and so are
// histories logged under the legacy identity (the question alone); each link
// is logged so every machine sees it. Problems are log lines skipped, and
// cards that could not inherit a legacy history because another card of the
// same question did.
func Load(store *reviews.Store, cs []cards.Card, sched *fsrs.Scheduler, limits Limits, now func() time.Time) (*Collection, []reviews.Problem, error) {
	fingerprint := fingerprintOf(sched, limits)
	snap, problems, err := store.Snapshot(sched, limits.LeechLapses, fingerprint, now())
	if err != nil {
		return nil, nil, err
	}
	days, recall := snap.Days, snap.Recall
	c := &Collection{sched: sched, store: store, limits: limits, days: days, recall: recall, now: now}
	block := make([]Item, len(cs)) // one allocation for every item
	c.Items = make([]*Item, 0, len(cs))
	cardID := func(i int) string { return cs[i].ID }
	digest := reviews.CardDigest(len(cs), cardID)
	if stateOf, ok := snap.Joined(digest, len(cs), cardID); ok {
		// The cards the last command saw: matched as it matched them, and
		// nothing to link.
		for i := range cs {
			block[i] = Item{Card: &cs[i], State: stateOf[i]}
			c.Items = append(c.Items, &block[i])
		}
		return c, problems, nil
	}
	states, memo := snap.States(), snap.Links()
	byID := make(map[string]*Item, len(cs))
	current := make([]reviews.Current, len(cs))
	stateOf := make([]*reviews.State, len(cs)) // each card's, looked up once
	withState, compared := 0, true
	for i, card := range cs {
		current[i] = reviews.Current{ID: card.ID, Question: card.Question, Path: card.Path, Line: card.Line}
		stateOf[i] = states[card.ID]
		if stateOf[i] == nil { // only a card without history is matched by its headings
			current[i].Context = strings.Join(card.Context, " › ")
		}
		if byID[card.ID] != nil {
			continue // ids are per note and question: only a hash collision
		}
		it := &block[i]
		it.Card = &cs[i]
		c.Items = append(c.Items, it)
		byID[card.ID] = it
		if stateOf[i] != nil {
			withState++
		}
		compared = compared && memo.Cards[card.ID]
	}
	c.byID = byID
	// Every history belongs to a card here and every card was compared
	// before: FindLinks would find nothing and remember nothing new.
	steady := withState == len(states) && compared && len(c.Items) == len(cs)
	memoBefore := len(memo.Cards) + len(memo.Orphans)
	var links [][2]string
	var shared []reviews.Shared
	if !steady {
		links, shared = reviews.FindLinks(current, states, cards.Normalize, cards.LegacyID, memo)
	}
	if len(links) == 0 {
		// Every card is compared now and every history without a card is a
		// compared orphan: the next command may match as this one did.
		remembered := len(c.Items) == len(cs) &&
			snap.RememberJoin(digest, len(cs), cardID, func(i int) *reviews.State { return stateOf[i] })
		if remembered || len(memo.Cards)+len(memo.Orphans) != memoBefore {
			_ = store.SaveSnapshot(snap) // remember what was compared; only a cache
		}
	}
	for _, sh := range shared {
		for _, o := range sh.Others {
			problems = append(problems, reviews.Problem{Path: o.Path, Line: o.Line, Msg: fmt.Sprintf(
				"%q was one card with %s:%d before each note's questions were cards of their own; its review history stays there and this card starts new",
				o.Question, sh.Keeper.Path, sh.Keeper.Line)})
		}
	}
	if len(links) > 0 {
		at := now()
		var add []reviews.Event
		for _, l := range links {
			add = append(add, reviews.Event{ID: store.NewID(at), Card: l[0], At: at, Kind: reviews.KindLink, Target: l[1]})
		}
		visitor := store.Visitor()
		if !visitor { // links are the owner's to log; a visitor's stay in memory
			if err := store.Append(add...); err != nil {
				return nil, nil, err
			}
		}
		// Links rewrite history: replay it all (rare: only after edits).
		events, _, err := store.ReadAll(at)
		if err != nil {
			return nil, nil, err
		}
		if visitor {
			events = append(events, add...)
		}
		snap = reviews.Build(events, sched, limits.LeechLapses, fingerprint)
		states, days, recall = snap.States(), snap.Days, snap.Recall
		for i, card := range cs {
			stateOf[i] = states[card.ID]
		}
		c.days, c.recall = days, recall
	}
	for i := range cs {
		block[i].State = stateOf[i] // a duplicate's item is not listed
	}
	return c, problems, nil
}

// item is the card with id, or nil.
func (c *Collection) item(id string) *Item {
	if c.byID == nil { // only a few commands look cards up by id
		c.byID = make(map[string]*Item, len(c.Items))
		for _, it := range c.Items {
			c.byID[it.ID] = it // Items holds one card per id
		}
	}
	return c.byID[id]
}

// ReadAhead starts reading the review snapshot a Load from store with sched
// and limits needs, in the background: a command reads it while it checks
// the notes and reads the cards.
func ReadAhead(store *reviews.Store, sched *fsrs.Scheduler, limits Limits) {
	store.ReadAhead(fingerprintOf(sched, limits))
}

// fingerprintOf names the settings the review states depend on.
func fingerprintOf(sched *fsrs.Scheduler, limits Limits) string {
	return fmt.Sprintf("%s|leech %d", sched.Fingerprint(), limits.LeechLapses)
}

// Find resolves a card id or a unique prefix of one (or of a card's legacy
// id, its question alone).
func (c *Collection) Find(ref string) (*Item, error) {
	if it := c.item(ref); it != nil {
		return it, nil
	}
	var found []*Item
	for _, it := range c.Items {
		if strings.HasPrefix(it.ID, ref) {
			found = append(found, it)
		}
	}
	if len(found) == 0 {
		// An id from before cards were per note (a script, an old note of
		// the user's): the question alone, if only one card has it.
		for _, it := range c.Items {
			if strings.HasPrefix(cards.LegacyID(it.Question), ref) {
				found = append(found, it)
			}
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return nil, fmt.Errorf("no card %q (kb cards lists them)", ref)
	}
	return nil, fmt.Errorf("card %q is ambiguous: %d cards start with it", ref, len(found))
}

// Filter keeps the items with every tag (any case) and, if deck is set, in it.
func Filter(items []*Item, tags []string, deck string) []*Item {
	var out []*Item
next:
	for _, it := range items {
		if deck != "" && !strings.EqualFold(it.Deck, deck) {
			continue
		}
		for _, t := range tags {
			has := false
			for _, ct := range it.Tags {
				has = has || strings.EqualFold(ct, t)
			}
			if !has {
				continue next
			}
		}
		out = append(out, it)
	}
	return out
}

// IsDue reports whether the item should be reviewed at now: learning cards
// when their step is up, review cards on their day.
func (c *Collection) IsDue(it *Item, now time.Time) bool {
	if it.State == nil || it.Suspended() || it.State.BuriedUntil.After(now) {
		return false
	}
	switch it.State.Card.State {
	case fsrs.Learning, fsrs.Relearning:
		return !it.State.Due.After(now)
	case fsrs.Review:
		return c.sched.Day(it.State.Due) <= c.dayOf(now)
	}
	return false
}

// dayOf is sched.Day(now), remembered for the last now.
func (c *Collection) dayOf(now time.Time) int {
	if c.dayAt.IsZero() || !c.dayAt.Equal(now) {
		c.dayAt, c.dayNum = now, c.sched.Day(now)
	}
	return c.dayNum
}

// Today counts the reviews done today and the new cards started today.
func (c *Collection) Today(now time.Time) (reviewsDone, newStarted int) {
	day := c.sched.Day(now)
	reviewsDone = c.days[day]
	for _, it := range c.Items {
		if it.State != nil && !it.State.FirstReview.IsZero() && c.sched.Day(it.State.FirstReview) == day {
			newStarted++
		}
	}
	return reviewsDone, newStarted
}

// QueueOptions narrow a quiz.
type QueueOptions struct {
	Tags  []string
	Deck  string
	Limit int // at most this many cards (0: no limit)
	New   int // new cards today, instead of the daily limit (-1: the limit)
	Cram  bool
}

// Queue orders a session: learning cards due now, then reviews due today, then
// new cards, within the daily limits. Cram takes every card that is not
// suspended, due or not.
func (c *Collection) Queue(now time.Time, o QueueOptions) []*Item {
	items := Filter(c.Items, o.Tags, o.Deck)
	var out []*Item
	if o.Cram {
		for _, it := range items {
			if !it.Suspended() {
				out = append(out, it)
			}
		}
		return limit(out, o.Limit)
	}
	var learning, due, fresh []*Item
	for _, it := range items {
		switch {
		case it.State == nil:
			fresh = append(fresh, it)
		case !c.IsDue(it, now):
		case it.State.Card.State == fsrs.Review:
			due = append(due, it)
		default:
			learning = append(learning, it)
		}
	}
	byDue(learning)
	byDue(due)
	done, started := c.Today(now)
	reviewsLeft := max(0, c.limits.ReviewsPerDay-done)
	newLeft := max(0, c.limits.NewPerDay-started)
	if o.New >= 0 {
		newLeft = o.New
	}
	out = append(out, learning...)
	out = append(out, due[:min(len(due), reviewsLeft)]...)
	out = append(out, fresh[:min(len(fresh), newLeft)]...)
	return limit(out, o.Limit)
}

// byDue orders items by due time, items due at the same instant in the
// order they came. The times are taken out first: comparing through each
// item's state was a sixth of kb quiz's start at 100k cards (60k due).
func byDue(items []*Item) {
	type key struct {
		sec     int64
		nsec, i int32
	}
	keys := make([]key, len(items))
	for i, it := range items {
		d := it.State.Due
		keys[i] = key{d.Unix(), int32(d.Nanosecond()), int32(i)}
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.sec, b.sec), cmp.Compare(a.nsec, b.nsec), cmp.Compare(a.i, b.i))
	})
	sorted := make([]*Item, len(items))
	for j, k := range keys {
		sorted[j] = items[k.i]
	}
	copy(items, sorted)
}

func limit(items []*Item, n int) []*Item {
	if n > 0 && len(items) > n {
		return items[:n]
	}
	return items
}

// History is the per-day record statistics are drawn from: reviews per day,
// and the recall of review-state cards per day. With keep, only those cards'
// reviews count (this reads the whole log).
func (c *Collection) History(keep func(id string) bool) (map[int]int, map[int]reviews.Recall, error) {
	if keep == nil {
		return c.days, c.recall, nil
	}
	events, _, err := c.store.ReadAll(c.now())
	if err != nil {
		return nil, nil, err
	}
	snap := reviews.BuildFor(events, c.sched, c.limits.LeechLapses, "", keep)
	return snap.Days, snap.Recall, nil
}
