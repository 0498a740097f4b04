package reviews

import (
	"reflect"
	"testing"
	"time"
)

// The snapshot's binary form gives back every field as written, times with
// their zone offset, and refuses every cut of it.
func TestSnapshotCodecRoundTrip(t *testing.T) {
	s := sched(t)
	l := openLog(Scope{Root: t.TempDir()}, "dev", time.Second)
	seoul := time.FixedZone("", 9*3600)
	bad := review(l, "a", 1, t0.Add(48*time.Hour))
	evs := []Event{
		review(l, "a", 3, t0),
		review(l, "b", 1, t0.Add(time.Hour).In(seoul)),
		bad,
		{ID: "u1", Card: "a", At: t0.Add(49 * time.Hour), Kind: KindUndo, Target: bad.ID},
		{ID: "l1", Card: "c", At: t0.Add(50 * time.Hour), Kind: KindLink, Target: "b"},
		{ID: "s1", Card: "c", At: t0.Add(51 * time.Hour), Kind: KindSuspend},
		{ID: "z1", Card: "a", At: t0.Add(52 * time.Hour), Kind: KindBury},
		review(l, "d", 4, t0.Add(53*time.Hour).In(seoul)),
		review(l, "d", 2, t0.Add(53*time.Hour)),
	}
	snap := Build(evs, s, 8, "fp")
	snap.Files = []fileMark{{Name: "dev.jsonl", Size: 1234, Tail: [32]byte{1, 2, 3}}}
	snap.Problems = []Problem{{Path: "x.jsonl", Line: 3, Msg: "bad", Future: t0.Add(1000 * time.Hour).In(seoul)}, {Path: "y", Msg: "whole"}}
	*snap.Links() = LinkMemo{Cards: map[string]bool{"a": true, "b": false}, Orphans: map[string]bool{"o": true}}
	if len(snap.States()) < 3 || len(snap.Next) == 0 || len(snap.Recall) == 0 && len(snap.Days) == 0 {
		t.Fatalf("the test snapshot is too thin: %+v", snap)
	}
	body := snap.encode()
	got, err := decodeSnapshot(body)
	if err != nil {
		t.Fatal(err)
	}
	// The maps are built on first use, and a snapshot saved without using
	// them keeps them as they were.
	if got.states != nil || !got.linksLazy {
		t.Error("the states' map or the link memo was built while decoding")
	}
	again, err := decodeSnapshot(got.encode())
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []*Snapshot{got, again} {
		if !reflect.DeepEqual(settled(g), settled(snap)) {
			t.Errorf("round trip:\n got %+v\nwant %+v", g, snap)
		}
	}
	if got.States()["d"].FirstReview.Format(time.RFC3339) != "2026-01-17T23:00:00+09:00" {
		t.Errorf("zone lost: %v", got.States()["d"].FirstReview)
	}
	for n := 0; n < len(body); n++ {
		if _, err := decodeSnapshot(body[:n]); err == nil {
			t.Fatalf("a cut at %d of %d bytes was read", n, len(body))
		}
	}
	empty, err := decodeSnapshot((&Snapshot{Version: snapshotVersion}).encode())
	if err != nil || !reflect.DeepEqual(settled(empty), settled(&Snapshot{Version: snapshotVersion})) {
		t.Errorf("empty snapshot: %+v, %v", empty, err)
	}
}

// settled is snap with its maps built, as a command that uses them sees it.
func settled(snap *Snapshot) *Snapshot {
	snap.States()
	snap.Links()
	return snap
}
