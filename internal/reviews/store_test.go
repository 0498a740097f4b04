package reviews

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/kb"
)

func storeReview(st *Store, card string, r int, at time.Time) Event {
	return Event{ID: st.NewID(at), Card: card, At: at, Kind: KindReview, Rating: r, Question: "q " + card}
}

// A store appends to its device's file in the user's folder and reads back
// every log of the user, in time order.
func TestStoreAppendAndReadAll(t *testing.T) {
	root := t.TempDir()
	laptop := NewStore(Scope{Root: root, User: "alice"}, "laptop", time.Second)
	desk := NewStore(Scope{Root: root, User: "alice"}, "desk", time.Second)
	if err := laptop.Append(storeReview(laptop, "c1", 3, t0.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	if err := desk.Append(storeReview(desk, "c2", 1, t0)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(kb.At(root).UserReviews("alice"), "laptop.jsonl")); err != nil {
		t.Fatalf("the laptop's log is not in alice's folder: %v", err)
	}
	evs, probs, err := laptop.ReadAll(time.Time{})
	if err != nil || len(probs) != 0 || len(evs) != 2 || evs[0].Card != "c2" || evs[1].Card != "c1" {
		t.Fatalf("%+v %v %v", evs, probs, err)
	}
	if a, b := laptop.NewID(t0), laptop.NewID(t0); a == b {
		t.Errorf("two ids alike: %s", a)
	}
	// As of a day, events dated after the next are problems, not events.
	evs, probs, _ = laptop.ReadAll(t0.Add(-48 * time.Hour))
	if len(evs) != 0 || len(probs) != 2 {
		t.Errorf("as of two days before: %d events, problems %v", len(evs), probs)
	}
}

// Someone else's history is read, never written, and its snapshot is its
// own: looking at it leaves the owner's cache alone.
func TestStoreVisitor(t *testing.T) {
	root := t.TempDir()
	bob := NewStore(Scope{Root: root, User: "bob"}, "desk", time.Second)
	bob.Append(storeReview(bob, "c-b", 3, t0))
	me := NewStore(Scope{Root: root, User: "bob", Visitor: true}, "laptop", time.Second)
	if !me.Visitor() || bob.Visitor() {
		t.Fatal("Visitor is wrong")
	}
	if err := me.Append(storeReview(me, "c", 3, t0)); err != ErrVisitor {
		t.Errorf("a visitor wrote: %v", err)
	}
	snap, _, err := me.Snapshot(sched(t), 8, "fp", time.Time{})
	if err != nil || snap.States()["c-b"] == nil {
		t.Fatalf("%v %v", snap, err)
	}
	if _, err := os.Stat(kb.At(root).ReviewSnapshot("bob")); err != nil {
		t.Errorf("the visitor's snapshot: %v", err)
	}
	if _, err := os.Stat(kb.At(root).ReviewSnapshot("")); err == nil {
		t.Error("a visitor wrote the owner's snapshot")
	}
}

// The snapshot is cached in the index folder and agrees with a replay of the
// logs; a damaged cache is rebuilt, and said so among the problems.
func TestStoreSnapshot(t *testing.T) {
	s := sched(t)
	root := t.TempDir()
	st := NewStore(Scope{Root: root, User: "alice"}, "dev", time.Second)
	for i := 0; i < 12; i++ {
		st.Append(storeReview(st, fmt.Sprintf("c%d", i%3), 1+i%4, t0.Add(time.Duration(i)*7*time.Hour)))
	}
	snap, probs, err := st.Snapshot(s, 8, "fp", time.Time{})
	if err != nil || len(probs) != 0 {
		t.Fatal(err, probs)
	}
	events, _, _ := st.ReadAll(time.Time{})
	replay := states(events, s, 8)
	if len(snap.States()) != 3 || !reflect.DeepEqual(snap.States(), replay) {
		t.Fatalf("snapshot %+v, replay %+v", snap.States(), replay)
	}
	cache := kb.At(root).ReviewSnapshot("")
	b, err := os.ReadFile(cache)
	if err != nil {
		t.Fatalf("no snapshot cached: %v", err)
	}
	b[len(b)/2] ^= 0x10
	os.WriteFile(cache, b, 0o644)
	again, probs, err := st.Snapshot(s, 8, "fp", time.Time{})
	if err != nil || len(probs) != 1 || probs[0].Path != ".kb/index/review-snapshot" {
		t.Fatalf("damaged cache: %v %v", probs, err)
	}
	for id, want := range snap.States() {
		if again.States()[id] == nil || again.States()[id].Card != want.Card {
			t.Errorf("card %s after the rebuild: %+v, want %+v", id, again.States()[id], want)
		}
	}
	// What SaveSnapshot writes is what the next start reads.
	again.Links().Orphans = map[string]bool{"memo": true}
	if err := st.SaveSnapshot(again); err != nil {
		t.Fatal(err)
	}
	if third, _, _ := st.Snapshot(s, 8, "fp", time.Time{}); !third.Links().Orphans["memo"] {
		t.Errorf("saved memo not read back: %+v", *third.Links())
	}
}

// The fingerprint holds while the logs do and changes when one grows.
func TestStoreFingerprint(t *testing.T) {
	root := t.TempDir()
	st := NewStore(Scope{Root: root, User: "alice"}, "dev", time.Second)
	empty, err := st.Fingerprint()
	if err != nil {
		t.Fatal(err)
	}
	st.Append(storeReview(st, "c1", 3, t0))
	one, _ := st.Fingerprint()
	if same, _ := st.Fingerprint(); one == empty || same != one {
		t.Fatalf("fingerprints %q %q %q", empty, one, same)
	}
	st.Append(storeReview(st, "c1", 3, t0.Add(time.Hour)))
	if two, _ := st.Fingerprint(); two == one {
		t.Error("the fingerprint did not change with the log")
	}
}

// Paths are the user's folder and the old logs they adopted, nobody else's.
func TestStorePaths(t *testing.T) {
	root := t.TempDir()
	old := NewStore(Scope{Root: root}, "laptop", time.Second)
	old.Append(storeReview(old, "c-old", 3, t0))
	alice := NewStore(Scope{Root: root, User: "alice"}, "laptop", time.Second)
	bob := NewStore(Scope{Root: root, User: "bob"}, "desk", time.Second)
	bob.Append(storeReview(bob, "c-b", 3, t0))
	if _, _, err := alice.ReadAll(time.Time{}); err != nil { // the first to read adopts the old log
		t.Fatal(err)
	}
	l := kb.At(root)
	want := []string{l.UserReviews("alice"), filepath.Join(l.Reviews(), "laptop.jsonl")}
	if got := alice.Paths(); !reflect.DeepEqual(got, want) {
		t.Errorf("alice: %q, want %q", got, want)
	}
	if got := bob.Paths(); !reflect.DeepEqual(got, []string{l.UserReviews("bob")}) {
		t.Errorf("bob: %q", got)
	}
}

// A snapshot read ahead is the one Snapshot would read: brought up to date
// with what the logs gained since, and left aside when asked for with other
// settings.
func TestStoreReadAhead(t *testing.T) {
	s := sched(t)
	root := t.TempDir()
	st := NewStore(Scope{Root: root, User: "alice"}, "dev", time.Second)
	for i := 0; i < 6; i++ {
		st.Append(storeReview(st, fmt.Sprintf("c%d", i%3), 3, t0.Add(time.Duration(i)*7*time.Hour)))
	}
	if _, _, err := st.Snapshot(s, 8, "fp", time.Time{}); err != nil {
		t.Fatal(err)
	}
	st.ReadAhead("fp")
	// Logged after the read began: the snapshot read must not miss it.
	st.Append(storeReview(st, "c3", 1, t0.Add(100*time.Hour)))
	snap, _, err := st.Snapshot(s, 8, "fp", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	events, _, _ := st.ReadAll(time.Time{})
	if replay := states(events, s, 8); len(snap.States()) != 4 || !reflect.DeepEqual(snap.States(), replay) {
		t.Fatalf("read ahead %+v, replay %+v", snap.States(), replay)
	}
	st.ReadAhead("other settings")
	if snap, _, err = st.Snapshot(s, 8, "fp", time.Time{}); err != nil || !reflect.DeepEqual(snap.States(), states(events, s, 8)) {
		t.Fatalf("read ahead with other settings: %+v %v", snap.States(), err)
	}
}
