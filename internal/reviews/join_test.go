package reviews

import (
	"reflect"
	"testing"
	"time"
)

// The remembered match gives each card its state when the cards are those
// it was made with, survives the snapshot's binary form, and is refused
// when the cards, the states or the compared orphans changed.
func TestJoinMemo(t *testing.T) {
	s := sched(t)
	l := openLog(Scope{Root: t.TempDir()}, "dev", time.Second)
	snap := Build([]Event{review(l, "a", 3, t0), review(l, "b", 1, t0.Add(time.Hour)), review(l, "o", 3, t0.Add(2*time.Hour))}, s, 8, "fp")
	*snap.Links() = LinkMemo{Cards: map[string]bool{"x": true, "a": true, "b": true}, Orphans: map[string]bool{"o": true}}
	ids := []string{"x", "a", "b"} // x never reviewed; o's card is gone
	id := func(i int) string { return ids[i] }
	digest := CardDigest(len(ids), id)
	if _, ok := snap.Joined(digest, len(ids), id); ok {
		t.Fatal("a match before any was remembered")
	}
	stateOf := func(i int) *State { return snap.States()[ids[i]] }
	if !snap.RememberJoin(digest, len(ids), id, stateOf) {
		t.Fatal("the first match was not remembered")
	}
	if snap.RememberJoin(digest, len(ids), id, stateOf) {
		t.Error("the same match counted as a change")
	}
	want := []*State{nil, snap.States()["a"], snap.States()["b"]}
	if got, ok := snap.Joined(digest, len(ids), id); !ok || !reflect.DeepEqual(got, want) {
		t.Fatalf("joined %v %v, want %v", got, ok, want)
	}
	body := snap.encode()
	back, err := decodeSnapshot(body)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := back.Joined(digest, len(ids), id); !ok || got[0] != nil || got[1] != back.States()["a"] || got[2] != back.States()["b"] ||
		got[1].Card != snap.States()["a"].Card || got[2].Card != snap.States()["b"].Card {
		t.Fatalf("after the binary form: %v %v", got, ok)
	}
	for n := 0; n < len(body); n++ {
		if _, err := decodeSnapshot(body[:n]); err == nil {
			t.Fatalf("a cut at %d of %d bytes was read", n, len(body))
		}
	}
	other := []string{"a", "x", "b"} // the same cards in another order
	if _, ok := back.Joined(CardDigest(3, func(i int) string { return other[i] }), 3, func(i int) string { return other[i] }); ok {
		t.Error("other cards were matched as remembered")
	}
	// The version before the memo is read, then found outdated.
	old := *snap
	old.Version, old.join = 7, joinMemo{}
	if v7, err := decodeSnapshot(old.encode()[:len(old.encode())-1]); err != nil || v7.Version != 7 {
		t.Errorf("a version 7 snapshot: %v", err)
	}
	// A state added since (a card reviewed for the first time elsewhere):
	// the memo no longer describes the states, and is not written.
	back.apply(review(l, "n", 3, t0.Add(3*time.Hour)), s, 8, nil)
	if _, ok := back.Joined(digest, len(ids), id); ok {
		t.Error("matched with a state added since")
	}
	if again, err := decodeSnapshot(back.encode()); err != nil || again.join.order != nil {
		t.Errorf("an outdated memo was written: %v", err)
	}
	// An orphan not compared for links.
	delete(snap.Links().Orphans, "o")
	if _, ok := snap.Joined(digest, len(ids), id); ok {
		t.Error("matched with an orphan never compared")
	}
}
