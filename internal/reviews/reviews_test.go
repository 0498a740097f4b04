package reviews

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/kb"
)

var t0 = time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)

func sched(t *testing.T) *fsrs.Scheduler {
	p := fsrs.DefaultParameters()
	p.Fuzz = false
	s, err := fsrs.NewScheduler(p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func review(l *Log, card string, r int, at time.Time) Event {
	return Event{ID: l.NewID(at), Card: card, At: at, Kind: KindReview, Rating: r, Question: "q " + card}
}

func TestAppendAndReadAcrossDevices(t *testing.T) {
	root := t.TempDir()
	a, b := openLog(Scope{Root: root}, "laptop", time.Second), openLog(Scope{Root: root}, "desktop", time.Second)
	if err := a.Append(review(a, "c1", 3, t0)); err != nil {
		t.Fatal(err)
	}
	if err := b.Append(review(b, "c1", 3, t0.Add(time.Hour)), review(b, "c2", 1, t0.Add(-time.Hour))); err != nil {
		t.Fatal(err)
	}
	evs, probs, err := readAllAt(Scope{Root: root}, time.Time{})
	if err != nil || len(probs) != 0 || len(evs) != 3 {
		t.Fatalf("%v %v %v", evs, probs, err)
	}
	if evs[0].Card != "c2" || evs[2].At != t0.Add(time.Hour) {
		t.Errorf("not in time order: %+v", evs)
	}
}

func TestTornAndCorruptLinesAreSkippedNotRemoved(t *testing.T) {
	root := t.TempDir()
	l := openLog(Scope{Root: root}, "dev", time.Second)
	l.Append(review(l, "c1", 3, t0))
	p := filepath.Join(kb.At(root).Reviews(), "dev.jsonl")
	f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("garbage line\n{\"id\":\"x\",\"card\":\"c1\",\"at\":\"2026-01-15T10:00:00Z\",\"kind\":\"review\",\"rat") // torn
	f.Close()
	before, _ := os.ReadFile(p)
	if err := l.Append(review(l, "c1", 3, t0.Add(2*time.Hour))); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(p)
	if !strings.HasPrefix(string(after), string(before)) {
		t.Fatal("the log was rewritten")
	}
	evs, probs, _ := readAllAt(Scope{Root: root}, time.Time{})
	if len(evs) != 2 || len(probs) != 2 || probs[0].Line != 2 || probs[1].Line != 3 {
		t.Fatalf("events %d problems %v", len(evs), probs)
	}
	if !strings.HasPrefix(probs[0].String(), ".kb/reviews/dev.jsonl:2: ") {
		t.Errorf("problem text %q", probs[0])
	}
}

// A line of any length is skipped with its file and line; the lines after it
// are read (a 17 MiB line broke every quiz command: "token too long").
func TestHugeLineIsSkipped(t *testing.T) {
	root := t.TempDir()
	l := openLog(Scope{Root: root}, "dev", time.Second)
	l.Append(review(l, "c1", 3, t0))
	p := filepath.Join(kb.At(root).Reviews(), "dev.jsonl")
	f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"id":"big","card":"c1","q":"` + strings.Repeat("x", 17<<20) + "\"}\n")
	f.Close()
	l.Append(review(l, "c1", 3, t0.Add(time.Hour)))
	evs, probs, err := readAllAt(Scope{Root: root}, time.Time{})
	if err != nil || len(evs) != 2 || len(probs) != 1 || probs[0].Line != 2 {
		t.Fatalf("events %d problems %v err %v", len(evs), probs, err)
	}
	if !strings.HasPrefix(probs[0].String(), ".kb/reviews/dev.jsonl:2: ") || len(probs[0].String()) > 200 {
		t.Errorf("problem text %.300q", probs[0])
	}
}

func TestConcurrentAppendsStayWhole(t *testing.T) {
	root := t.TempDir()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			l := openLog(Scope{Root: root}, "dev", 5*time.Second)
			for j := 0; j < 25; j++ {
				l.Append(review(l, "c", 3, t0.Add(time.Duration(i*100+j)*time.Second)))
			}
		}(i)
	}
	wg.Wait()
	evs, probs, _ := readAllAt(Scope{Root: root}, time.Time{})
	if len(evs) != 200 || len(probs) != 0 {
		t.Errorf("%d events, problems %v", len(evs), probs)
	}
}

func TestReplayUndoLinkSuspendBuryLeech(t *testing.T) {
	s := sched(t)
	l := openLog(Scope{Root: t.TempDir()}, "dev", time.Second)
	r1 := review(l, "old", 4, t0)
	bad := review(l, "old", 1, t0.Add(8*24*time.Hour))
	evs := []Event{
		r1,
		bad,
		{ID: "u1", Card: "old", At: t0.Add(8*24*time.Hour + time.Minute), Kind: KindUndo, Target: bad.ID},
		{ID: "l1", Card: "new", At: t0.Add(9 * 24 * time.Hour), Kind: KindLink, Target: "old"},
		{ID: "s1", Card: "new", At: t0.Add(9 * 24 * time.Hour), Kind: KindSuspend},
	}
	st := states(evs, s, 8)
	if len(st) != 1 || st["new"] == nil {
		t.Fatalf("states %v", st)
	}
	n := st["new"]
	if n.Reps != 1 || n.Lapses != 0 || !n.Suspended || n.State != fsrs.Review {
		t.Errorf("after undo and link: %+v", n)
	}
	evs = append(evs, Event{ID: "z1", Card: "new", At: t0.Add(10 * 24 * time.Hour), Kind: KindUnsuspend},
		Event{ID: "z2", Card: "new", At: t0.Add(10*24*time.Hour + time.Hour), Kind: KindBury})
	n = states(evs, s, 8)["new"]
	if n.Suspended || !n.BuriedUntil.Equal(time.Date(2026, 1, 26, 4, 0, 0, 0, time.UTC)) {
		t.Errorf("unsuspend and bury: %+v", n)
	}

	// A card that lapses leechLapses times is suspended as a leech.
	var lapses []Event
	at := t0
	lapses = append(lapses, review(l, "hard", 4, at))
	for i := 0; i < 3; i++ {
		at = at.Add(30 * 24 * time.Hour)
		lapses = append(lapses, review(l, "hard", 1, at), review(l, "hard", 3, at.Add(20*time.Minute)))
	}
	h := states(lapses, s, 3)["hard"]
	if h.Lapses != 3 || !h.Leech || !h.Suspended {
		t.Errorf("leech: %+v", h)
	}
}

func TestReplayIsTheSameEverywhere(t *testing.T) {
	p := fsrs.DefaultParameters() // fuzz on
	s, _ := fsrs.NewScheduler(p)
	l := openLog(Scope{Root: t.TempDir()}, "dev", time.Second)
	var evs []Event
	at := t0
	for i := 0; i < 8; i++ {
		evs = append(evs, review(l, "c", 3, at))
		st := states(evs, s, 8)["c"]
		at = st.Due
	}
	a, b := states(evs, s, 8)["c"], states(append([]Event(nil), evs...), s, 8)["c"]
	if !a.Due.Equal(b.Due) || a.Stability != b.Stability {
		t.Error("replay not deterministic")
	}
}

func TestFindLinks(t *testing.T) {
	norm := strings.ToLower
	states := map[string]*State{
		"old1": {Question: "Pod가 Pending 상태면 무엇을 보나?"},
		"old2": {Question: "TCP와 UDP의 차이는?"},
		"kept": {Question: "그대로인 질문?"},
	}
	current := []Current{
		{ID: "kept", Question: "그대로인 질문?"},
		{ID: "new1", Question: "Pod가 Pending 상태이면 무엇을 보나?"}, // small edit of old1
		{ID: "new2", Question: "완전히 새로운 질문은 무엇인가?"},         // nothing like any orphan
	}
	memo := &LinkMemo{}
	links, _ := FindLinks(current, states, norm, nil, memo)
	if len(links) != 1 || links[0] != [2]string{"new1", "old1"} {
		t.Errorf("links %v", links)
	}
	// Compared pairs are not compared again; a new card still is.
	if again, _ := FindLinks(current[:1], states, norm, nil, memo); len(again) != 0 {
		t.Errorf("links again %v", again)
	}
	later := append(current, Current{ID: "new3", Question: "TCP와 UDP의 차이?"})
	if links, _ := FindLinks(later, states, norm, nil, memo); len(links) != 1 || links[0] != [2]string{"new3", "old2"} {
		t.Errorf("a new card after the memo: %v", links)
	}
}

// Two notes moved at once, both asking 장점은?: each history goes back to the
// card in the note it was reviewed in.
func TestFindLinksPrefersTheSameNote(t *testing.T) {
	states := map[string]*State{
		"oldA": {Question: "장점은?", Path: "swarm/docker.md"},
		"oldB": {Question: "장점은?", Path: "k8s/hpa.md"},
		"oldC": {Question: "단점은?"}, // no path: logged before paths were
	}
	current := []Current{
		{ID: "newB", Question: "장점은?", Path: "infra/hpa.md"},
		{ID: "newA", Question: "장점은?", Path: "infra/docker.md"},
		{ID: "newC1", Question: "단점은?", Path: "a.md"},
		{ID: "newC2", Question: "단점은?", Path: "b.md"},
	}
	links, _ := FindLinks(current, states, strings.ToLower, nil, nil)
	sort.Slice(links, func(i, j int) bool { return links[i][0] < links[j][0] })
	if fmt.Sprint(links) != "[[newA oldA] [newB oldB] [newC1 oldC]]" {
		t.Errorf("links %v", links)
	}
	// One note asking 장점은? under two headings, moved: each history goes
	// back to the card under its heading.
	states = map[string]*State{
		"oldS": {Question: "장점은?", Path: "orch.md", Context: "Swarm"},
		"oldK": {Question: "장점은?", Path: "orch.md", Context: "K8s"},
	}
	current = []Current{
		{ID: "newK", Question: "장점은?", Path: "infra/orch.md", Context: "K8s"},
		{ID: "newS", Question: "장점은?", Path: "infra/orch.md", Context: "Swarm"},
	}
	links, _ = FindLinks(current, states, strings.ToLower, nil, nil)
	sort.Slice(links, func(i, j int) bool { return links[i][0] < links[j][0] })
	if fmt.Sprint(links) != "[[newK oldK] [newS oldS]]" {
		t.Errorf("links under headings %v", links)
	}
}

// Histories logged under the legacy identity (the question alone) go to the
// card they belong to; when the question is in several notes, to the first
// by path and line (the card kb showed then), and the others are reported.
func TestFindLinksAdoptsLegacyIDs(t *testing.T) {
	legacy := func(q string) string { return "L:" + q }
	states := map[string]*State{
		"L:멱등성이란?": {Question: "멱등성이란?"},
		"L:장점은?":   {}, // only suspended: no question logged
		"kept":     {Question: "그대로?"},
	}
	current := []Current{
		{ID: "a1", Question: "장점은?", Path: "a.md", Line: 3},
		{ID: "m", Question: "멱등성이란?", Path: "a.md", Line: 9},
		{ID: "b1", Question: "장점은?", Path: "b.md", Line: 1},
		{ID: "kept", Question: "그대로?", Path: "c.md", Line: 1},
	}
	memo := &LinkMemo{}
	links, shared := FindLinks(current, states, strings.ToLower, legacy, memo)
	if fmt.Sprint(links) != "[[m L:멱등성이란?] [a1 L:장점은?]]" {
		t.Errorf("links %v", links)
	}
	if len(shared) != 1 || shared[0].Keeper.ID != "a1" || len(shared[0].Others) != 1 || shared[0].Others[0].ID != "b1" {
		t.Errorf("shared %+v", shared)
	}
	if links, _ := FindLinks(current, states, strings.ToLower, legacy, memo); len(links) != 0 {
		t.Errorf("adopted twice: %v", links)
	}
}

func TestSameInstantKeepsLogOrder(t *testing.T) {
	root := t.TempDir()
	l := openLog(Scope{Root: root}, "dev", time.Second)
	var want []string
	for i := 0; i < 20; i++ {
		e := review(l, "c", 1+i%4, t0)
		want = append(want, e.ID)
		l.Append(e)
	}
	evs, _, _ := readAllAt(Scope{Root: root}, time.Time{})
	for i, e := range evs {
		if e.ID != want[i] {
			t.Fatalf("event %d out of log order", i)
		}
	}
}

func TestParseEventMatchesEncodingJSON(t *testing.T) {
	for _, line := range []string{
		`{"id":"a","card":"c","at":"2026-01-15T09:00:00Z","kind":"review","rating":3,"ms":4200,"q":"TCP와 UDP?"}`,
		`{ "id" : "a", "card":"c", "at":"2026-01-15T09:00:00.123+09:00", "kind":"undo", "target":"x" }`,
		`{"id":"a","card":"c","at":"2026-01-15T09:00:00Z","kind":"review","rating":1,"q":"escaped \"quote\" \u00e9\n"}`,
		`{"id":"a","card":"c","at":"2026-01-15T09:00:00Z","kind":"review","rating":2,"extra":[1,2]}`,
		`{"id":"a","card":"c","at":"2026-01-15T09:00:00Z","kind":"review","rating":2.5}`,
		`{"id":"a"`, `[]`, `{"id":1}`, `{}`, `{"id":"a",}`,
	} {
		var want Event
		wantErr := json.Unmarshal([]byte(line), &want)
		got, err := parseEvent([]byte(line))
		if (err != nil) != (wantErr != nil) || (err == nil && !reflect.DeepEqual(got, want)) {
			t.Errorf("%s:\n got %+v %v\nwant %+v %v", line, got, err, want, wantErr)
		}
	}
}

func FuzzParseEvent(f *testing.F) {
	f.Add(`{"id":"a","card":"c","at":"2026-01-15T09:00:00Z","kind":"review","rating":3,"ms":4200,"q":"q"}`)
	f.Add(`{"id":"a\u0041","at":"2026-01-15T09:00:00Z"}`)
	f.Fuzz(func(t *testing.T, line string) {
		var want Event
		wantErr := json.Unmarshal([]byte(line), &want)
		got, err := parseEvent([]byte(line))
		if wantErr == nil && (err != nil || !reflect.DeepEqual(got, want)) {
			t.Fatalf("%q: got %+v %v, want %+v", line, got, err, want)
		}
	})
}

func TestOutOfOrderLogIsSorted(t *testing.T) {
	root := t.TempDir()
	l := openLog(Scope{Root: root}, "dev", time.Second)
	l.Append(review(l, "c", 3, t0.Add(time.Hour)), review(l, "c", 1, t0), review(l, "c", 2, t0.Add(time.Hour)))
	evs, _, _ := readAllAt(Scope{Root: root}, time.Time{})
	if evs[0].Rating != 1 || evs[1].Rating != 3 || evs[2].Rating != 2 {
		t.Errorf("order %d %d %d", evs[0].Rating, evs[1].Rating, evs[2].Rating)
	}
}

func TestSnapshotAgreesWithFullReplay(t *testing.T) {
	s := sched(t)
	root := t.TempDir()
	cache := filepath.Join(root, ".kb", "index", "snap")
	l := openLog(Scope{Root: root}, "dev", time.Second)
	at := t0
	for i := 0; i < 30; i++ {
		l.Append(review(l, fmt.Sprintf("c%d", i%7), 1+i%4, at))
		at = at.Add(5 * time.Hour)
		if i%10 == 9 {
			snap, err := loadSnapshot(Scope{Root: root}, cache, s, 8, "fp", time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			evs, _, _ := readAllAt(Scope{Root: root}, time.Time{})
			full := Build(evs, s, 8, "fp")
			for id, st := range full.States() {
				got := snap.States()[id]
				if got == nil || got.Card != st.Card {
					t.Fatalf("after %d events, card %s: snapshot %+v, replay %+v", i+1, id, got, st)
				}
			}
			if fmt.Sprint(snap.Days) != fmt.Sprint(full.Days) {
				t.Fatalf("days %v vs %v", snap.Days, full.Days)
			}
		}
	}
	// A rewritten log (not an append) is noticed and replayed in full.
	p := filepath.Join(kb.At(root).Reviews(), "dev.jsonl")
	data, _ := os.ReadFile(p)
	os.WriteFile(p, data[:len(data)/2], 0o644)
	l.Append(review(l, "c1", 3, at))
	snap, _ := loadSnapshot(Scope{Root: root}, cache, s, 8, "fp", time.Time{})
	evs, _, _ := readAllAt(Scope{Root: root}, time.Time{})
	if full := Build(evs, s, 8, "fp"); len(full.States()) != len(snap.States()) || snap.States()["c1"].Card != full.States()["c1"].Card {
		t.Error("a rewritten log kept the stale snapshot")
	}
	// Other settings: the snapshot is not used.
	if snap, damage := readSnapshot(cache, "other"); snap != nil || damage != "" {
		t.Error("snapshot used with another fingerprint")
	}
}

// A snapshot damaged on disk is noticed by its checksum, and the state comes
// from a full replay with a warning (a scribble changed a card's difficulty).
func TestDamagedSnapshotIsRebuilt(t *testing.T) {
	s := sched(t)
	root := t.TempDir()
	cache := filepath.Join(root, ".kb", "index", "review-snapshot")
	l := openLog(Scope{Root: root}, "dev", time.Second)
	for i := 0; i < 20; i++ {
		l.Append(review(l, fmt.Sprintf("c%d", i%5), 1+i%4, t0.Add(time.Duration(i)*5*time.Hour)))
	}
	want, err := loadSnapshot(Scope{Root: root}, cache, s, 8, "fp", time.Time{})
	if err != nil || want.cacheDamage(root, cache) != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(cache)
	for _, at := range []int{len(b) / 3, len(b) / 2, len(b) - 10} {
		bad := append([]byte(nil), b...)
		bad[at] ^= 0x04
		os.WriteFile(cache, bad, 0o644)
		snap, err := loadSnapshot(Scope{Root: root}, cache, s, 8, "fp", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		d := snap.cacheDamage(root, cache)
		if d == nil || d.String() != ".kb/index/review-snapshot: the review cache is damaged (checksum mismatch); rebuilt from the review logs" {
			t.Errorf("byte %d: warning %v", at, d)
		}
		for id, st := range want.States() {
			if snap.States()[id] == nil || snap.States()[id].Card != st.Card {
				t.Errorf("byte %d: card %s: %+v, want %+v", at, id, snap.States()[id], st)
			}
		}
		if again, _ := loadSnapshot(Scope{Root: root}, cache, s, 8, "fp", time.Time{}); again.cacheDamage(root, cache) != nil {
			t.Error("the damaged snapshot was not rewritten")
		}
	}
}

func BenchmarkFindLinksSteadyState(b *testing.B) {
	states := map[string]*State{}
	for i := 0; i < 1000; i++ {
		states[fmt.Sprint("old", i)] = &State{Question: fmt.Sprintf("삭제된 질문 번호 %d는 무엇인가?", i)}
	}
	var cur []Current
	for i := 0; i < 5000; i++ {
		cur = append(cur, Current{ID: fmt.Sprint("new", i), Question: fmt.Sprintf("새로 만든 질문 번호 %d는 무엇인가?", i)})
	}
	memo := &LinkMemo{}
	start := time.Now()
	FindLinks(cur, states, strings.ToLower, nil, memo) // the first start after the changes
	b.Logf("first comparison of 5000 new cards with 1000 orphans: %s", time.Since(start))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		FindLinks(cur, states, strings.ToLower, nil, memo)
	}
}

// states replays events into card states.
func states(evs []Event, s *fsrs.Scheduler, leech int) map[string]*State {
	return Build(evs, s, leech, "").States()
}

func TestRatingsFollowUndoAndLinks(t *testing.T) {
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	events := []Event{
		{ID: "1", Card: "old", At: at(0), Kind: KindReview, Rating: 1},
		{ID: "2", Card: "old", At: at(1), Kind: KindReview, Rating: 3},
		{ID: "3", Card: "old", At: at(2), Kind: KindUndo, Target: "2"},
		{ID: "4", Card: "old", At: at(3), Kind: KindSuspend},
		{ID: "5", Card: "new", At: at(4), Kind: KindLink, Target: "old"},
		{ID: "6", Card: "newer", At: at(5), Kind: KindLink, Target: "new"},
		{ID: "7", Card: "newer", At: at(6), Kind: KindReview, Rating: 4},
		{ID: "8", Card: "other", At: at(7), Kind: KindReview, Rating: 2},
	}
	var got []string
	for _, e := range Ratings(events) {
		got = append(got, fmt.Sprintf("%s:%s:%d", e.ID, e.Card, e.Rating))
	}
	want := []string{"1:newer:1", "7:newer:4", "8:other:2"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Ratings = %v, want %v", got, want)
	}
}

// sameAsReplay fails unless snap holds what a full replay of the logs gives.
func sameAsReplay(t testing.TB, root string, snap *Snapshot, s *fsrs.Scheduler) {
	t.Helper()
	evs, _, err := readAllAt(Scope{Root: root}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	full := Build(evs, s, 8, "fp")
	if len(full.States()) != len(snap.States()) {
		t.Fatalf("%d cards in the snapshot, %d replayed", len(snap.States()), len(full.States()))
	}
	for id, st := range full.States() {
		if got := snap.States()[id]; got == nil || *got != *st {
			t.Fatalf("card %s: snapshot %+v, replay %+v", id, got, st)
		}
	}
	if fmt.Sprint(snap.Days, snap.Recall) != fmt.Sprint(full.Days, full.Recall) {
		t.Fatalf("counts: snapshot %v %v, replay %v %v", snap.Days, snap.Recall, full.Days, full.Recall)
	}
}

// A line repeated in a log (a git union merge, a copy) counts once in the
// snapshot's catch-up, as in a full replay.
func TestSnapshotDropsRepeatedEvents(t *testing.T) {
	s := sched(t)
	root := t.TempDir()
	cache := filepath.Join(root, ".kb", "index", "snap")
	l := openLog(Scope{Root: root}, "dev", time.Second)
	e1, e2 := review(l, "c1", 3, t0), review(l, "c1", 3, t0.Add(time.Hour))
	l.Append(e1, e2)
	if _, err := loadSnapshot(Scope{Root: root}, cache, s, 8, "fp", time.Time{}); err != nil {
		t.Fatal(err)
	}
	l.Append(e2) // the last event again
	snap, err := loadSnapshot(Scope{Root: root}, cache, s, 8, "fp", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	sameAsReplay(t, root, snap, s)
	e3 := review(l, "c1", 4, t0.Add(2*time.Hour))
	l.Append(e3, e3) // a new event, twice in the same catch-up
	if snap, err = loadSnapshot(Scope{Root: root}, cache, s, 8, "fp", time.Time{}); err != nil {
		t.Fatal(err)
	}
	sameAsReplay(t, root, snap, s)
	if snap.States()["c1"].Reps != 3 {
		t.Errorf("reps %d, want 3", snap.States()["c1"].Reps)
	}
}

// The snapshot records exactly the bytes it read: events appended while it
// was being loaded are applied once, by the next load.
func TestSnapshotUnderConcurrentAppends(t *testing.T) {
	s := sched(t)
	root := t.TempDir()
	cache := filepath.Join(root, ".kb", "index", "snap")
	l := openLog(Scope{Root: root}, "dev", time.Second)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		at := t0
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			at = at.Add(time.Minute)
			if err := l.Append(review(l, fmt.Sprintf("c%d", i%5), 1+i%4, at)); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for r := 0; r < 3; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 40; i++ {
				if _, err := loadSnapshot(Scope{Root: root}, cache, s, 8, "fp", time.Time{}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-done
	snap, err := loadSnapshot(Scope{Root: root}, cache, s, 8, "fp", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	sameAsReplay(t, root, snap, s)
}

// A log that is a link to a file outside the knowledge base (or to nothing)
// is not read and not written: kb says so and goes on with the others.
func TestLinkedLogsAreSkipped(t *testing.T) {
	s := sched(t)
	root := t.TempDir()
	l := openLog(Scope{Root: root}, "dev", time.Second)
	l.Append(review(l, "c1", 3, t0))
	outside := filepath.Join(t.TempDir(), "victim.jsonl")
	os.WriteFile(outside, []byte("not yours\n"), 0o644)
	os.Symlink(outside, filepath.Join(kb.At(root).Reviews(), "evil.jsonl"))
	os.Symlink(filepath.Join(t.TempDir(), "missing"), filepath.Join(kb.At(root).Reviews(), "gone.jsonl"))
	evs, probs, err := readAllAt(Scope{Root: root}, time.Time{})
	if err != nil || len(evs) != 1 || len(probs) != 2 || !strings.Contains(probs[0].String(), "evil.jsonl: a link to a file outside") {
		t.Fatalf("events %d problems %v err %v", len(evs), probs, err)
	}
	cache := filepath.Join(root, ".kb", "index", "snap")
	for i := 0; i < 2; i++ {
		snap, err := loadSnapshot(Scope{Root: root}, cache, s, 8, "fp", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		sameAsReplay(t, root, snap, s)
	}
	evil := openLog(Scope{Root: root}, "evil", time.Second)
	if err := evil.Append(review(evil, "c1", 3, t0)); err == nil {
		t.Error("appended through a link")
	}
	if b, _ := os.ReadFile(outside); string(b) != "not yours\n" {
		t.Errorf("victim changed: %q", b)
	}
}

// An event dated later than tomorrow is reported with its file and line and
// left out of scheduling (year 9999 decided a card for ever); once its date
// is near, a snapshot made before counts it.
func TestFutureEventsAreIgnored(t *testing.T) {
	s := sched(t)
	root := t.TempDir()
	cache := filepath.Join(root, ".kb", "index", "review-snapshot")
	l := openLog(Scope{Root: root}, "dev", time.Second)
	now := t0.Add(10 * 24 * time.Hour)
	l.Append(review(l, "c1", 3, t0))
	l.Append(review(l, "c1", 1, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)))
	l.Append(review(l, "c2", 3, now.Add(FutureSlack-time.Minute))) // within the slack: counts
	l.Append(review(l, "c3", 3, now.Add(3*24*time.Hour)))
	evs, probs, err := readAllAt(Scope{Root: root}, now)
	if err != nil || len(evs) != 2 || len(probs) != 2 || probs[0].Line != 2 || probs[1].Line != 4 {
		t.Fatalf("events %v problems %v %v", evs, probs, err)
	}
	if want := ".kb/reviews/dev.jsonl:2: review event dated 9999-01-01T00:00:00Z, later than tomorrow (a wrong clock?), ignored"; probs[0].String() != want {
		t.Errorf("problem %q", probs[0])
	}
	for _, at := range []time.Time{now, now.Add(time.Hour)} { // built, then from the cache
		snap, err := loadSnapshot(Scope{Root: root}, cache, s, 8, "fp", at)
		if err != nil || snap.States()["c1"].Reps != 1 || snap.States()["c3"] != nil || len(snap.Problems) != 2 {
			t.Fatalf("at %v: c1 %+v c3 %+v problems %v", at, snap.States()["c1"], snap.States()["c3"], snap.Problems)
		}
	}
	// Three days on, c3's review is no longer in the future.
	snap, _ := loadSnapshot(Scope{Root: root}, cache, s, 8, "fp", now.Add(3*24*time.Hour))
	if snap.States()["c3"] == nil || len(snap.Problems) != 1 {
		t.Errorf("c3 %+v problems %v", snap.States()["c3"], snap.Problems)
	}
}

// A seed event starts a card in review state from another program's
// schedule; it reads back through the fast parser and never overrides
// reviews made in kb.
func TestSeedEvent(t *testing.T) {
	root := t.TempDir()
	l := openLog(Scope{Root: root}, "dev", time.Second)
	due := t0.AddDate(0, 0, 3)
	seed := Event{ID: "import-sr-c1", Card: "c1", At: t0, Kind: KindSeed, Interval: 3, Ease: 250, Due: due, Question: "q c1"}
	if err := l.Append(seed, review(l, "c2", 3, t0), Event{ID: "import-sr-c2", Card: "c2", At: t0.Add(time.Hour), Kind: KindSeed, Interval: 9, Ease: 250, Due: due}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(kb.At(root).Reviews(), "dev.jsonl"))
	first := strings.SplitN(string(data), "\n", 2)[0]
	if e, ok := parseFlat([]byte(first)); !ok || !reflect.DeepEqual(e, seed) {
		t.Fatalf("fast parse of %s = %+v, %v", first, e, ok)
	}
	evs, probs, err := readAllAt(Scope{Root: root}, time.Time{})
	if err != nil || len(probs) != 0 || len(evs) != 3 {
		t.Fatalf("%v %v %v", evs, probs, err)
	}
	snap := Build(evs, sched(t), 8, "")
	c1 := snap.States()["c1"]
	if c1.State != fsrs.Review || c1.Stability != 3 || !c1.Due.Equal(due) || c1.Question != "q c1" {
		t.Errorf("seeded card = %+v", c1)
	}
	if c2 := snap.States()["c2"]; c2.State != fsrs.Learning || c2.Reps != 1 {
		t.Errorf("a seed after a review changed the card: %+v", c2)
	}
	if snap.Days[sched(t).Day(t0)] != 1 {
		t.Errorf("seed events counted as reviews: %v", snap.Days)
	}
	// Incomplete seeds are problems, not states.
	os.WriteFile(filepath.Join(kb.At(root).Reviews(), "bad.jsonl"), []byte(`{"id":"x","card":"c3","at":"2026-01-15T09:00:00Z","kind":"seed","ivl":0,"ease":250,"due":"2026-01-16T00:00:00Z"}`+"\n"), 0o644)
	if _, probs, _ := readAllAt(Scope{Root: root}, time.Time{}); len(probs) != 1 {
		t.Errorf("problems = %v", probs)
	}
}

// Each user reads their own logs; the logs from before users go to the
// first user who reads them, recorded beside their logs, never moved.
func TestScopesAndAdoption(t *testing.T) {
	root := t.TempDir()
	old := openLog(Scope{Root: root}, "laptop", time.Second)
	old.Append(review(old, "c-old", 3, t0))
	legacy := filepath.Join(kb.At(root).Reviews(), "laptop.jsonl")
	before, _ := os.ReadFile(legacy)

	alice := openLog(Scope{Root: root, User: "alice"}, "laptop", time.Second)
	alice.Append(review(alice, "c-a", 3, t0.Add(time.Hour)))
	bob := openLog(Scope{Root: root, User: "bob"}, "desk", time.Second)
	bob.Append(review(bob, "c-b", 3, t0.Add(time.Hour)))

	cardsOf := func(s Scope) string {
		evs, probs, err := readAllAt(s, time.Time{})
		if err != nil || len(probs) > 0 {
			t.Fatal(err, probs)
		}
		var ids []string
		for _, e := range evs {
			ids = append(ids, e.Card)
		}
		return strings.Join(ids, " ")
	}
	// A visitor adopts nothing.
	if got := cardsOf(Scope{Root: root, User: "alice", Visitor: true}); got != "c-a" {
		t.Errorf("alice seen by a visitor: %q", got)
	}
	if got := cardsOf(Scope{Root: root, User: "alice"}); got != "c-old c-a" {
		t.Errorf("alice: %q", got)
	}
	if got := cardsOf(Scope{Root: root, User: "bob"}); got != "c-b" {
		t.Errorf("bob read alice's adopted log: %q", got)
	}
	if got := cardsOf(Scope{Root: root, User: "alice", Visitor: true}); got != "c-old c-a" {
		t.Errorf("alice seen by bob after adoption: %q", got)
	}
	if b, _ := os.ReadFile(filepath.Join(kb.At(root).Reviews(), "alice", "adopted.txt")); string(b) != "laptop.jsonl\n" {
		t.Errorf("adopted.txt = %q", b)
	}
	if after, _ := os.ReadFile(legacy); string(after) != string(before) {
		t.Error("the old log was rewritten")
	}
	if err := openLog(Scope{Root: root, User: "alice", Visitor: true}, "x", time.Second).Append(review(alice, "c", 3, t0)); err != ErrVisitor {
		t.Errorf("a visitor wrote: %v", err)
	}
	// The snapshot of each user is their own.
	s := sched(t)
	snap, err := loadSnapshot(Scope{Root: root, User: "bob"}, filepath.Join(root, "snap-bob"), s, 8, "fp", time.Time{})
	if err != nil || len(snap.States()) != 1 || snap.States()["c-b"] == nil {
		t.Fatalf("bob's snapshot: %v %v", snap.States(), err)
	}
}

func TestUserName(t *testing.T) {
	for in, want := range map[string]string{"Kim.Dev@Example.com": "kim.dev@example.com", " 김 철수 ": "김-철수", "a b": "a-b", "../x": "x", "": ""} {
		if got := UserName(in); got != want {
			t.Errorf("UserName(%q) = %q, want %q", in, got, want)
		}
	}
}

// A user's folder that is a committed link is never written through, not
// even to record an adoption.
func TestAdoptionNeverWritesThroughALink(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	old := openLog(Scope{Root: root}, "laptop", time.Second)
	old.Append(review(old, "c", 3, t0))
	if err := os.Symlink(outside, filepath.Join(kb.At(root).Reviews(), "eve")); err != nil {
		t.Skip("no symlinks here")
	}
	if _, _, err := readAllAt(Scope{Root: root, User: "eve"}, time.Time{}); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("err = %v", err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Fatalf("wrote through the link: %v", entries)
	}
}
