package reviews

import (
	"bytes"
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"

	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/fsutil"
)

// A Snapshot is the replayed state of the logs, cached so that kb quiz does
// not parse and replay 100k events at every start. It is only a cache: kept
// beside the search index, checked against the logs' sizes and the bytes
// before each file's end, and rebuilt from the logs whenever in doubt.
type Snapshot struct {
	Version     int
	Fingerprint string // scheduler settings it was computed with
	Files       []fileMark
	LastAt      time.Time
	LastIDs     []string          // the events at LastAt, to know them again
	Next        map[string]string // linked ids: old -> new
	Days        map[int]int       // reviews per day (undone ones excluded)
	Recall      map[int]Recall    // per day: reviews of cards in review state, and their lapses
	Problems    []Problem

	// Every card's state, by id (States), and the pairs FindLinks has
	// compared (Links). At 100k notes building these two maps was half of
	// decoding the snapshot, and a command whose cards are those the last
	// one saw needs neither (join.go): a decoded snapshot builds them on
	// first use, from the states as decoded and the memo's bytes.
	states    map[string]*State
	decIDs    []string // the states as decoded and their ids, until states is built
	decStates []*State
	links     LinkMemo
	linksRaw  string // the encoded memo, until links is decoded
	linksLazy bool

	join joinMemo // the last match of the states with the cards (join.go)

	damage string // why the cached snapshot was not used, when it was damaged
}

// cacheDamage is a warning when the snapshot on disk was damaged and has been
// rebuilt from the logs (nil otherwise), for cachePath in root.
func (snap *Snapshot) cacheDamage(root, cachePath string) *Problem {
	if snap.damage == "" {
		return nil
	}
	name, err := filepath.Rel(root, cachePath)
	if err != nil {
		name = cachePath
	}
	return &Problem{Path: filepath.ToSlash(name), Msg: snap.damage}
}

// Recall counts, for one day, the reviews of cards that were in review state
// and how many of them were rated again: true retention is 1 - Again/Reviews.
type Recall struct{ Reviews, Again int }

type fileMark struct {
	Name string
	Size int64
	Tail [32]byte // hash of the last bytes, to tell an append from a rewrite
}

const snapshotVersion = 8 // 7: seed events; 8: the join memo

// snapshotMagic names the file's format (snapcodec.go); the file is sealed
// with a checksum. oldSnapshotMagic is the reflective (gob) form before it.
const (
	snapshotMagic    = "kb-review-snapshot-2\x00"
	oldSnapshotMagic = "kb-review-snapshot\x00"
)

// tailSpan is how much of each file's end the snapshot checks.
const tailSpan = 4096

// loadSnapshot returns the state of every card at now: from the snapshot at
// cachePath when the logs only grew since (applying the new events), else by
// replaying them all and writing a new snapshot. fingerprint names the
// settings (scheduler, leech lapses) the states depend on. Events dated later
// than tomorrow are problems (see readAllAt).
func loadSnapshot(scope Scope, cachePath string, s *fsrs.Scheduler, leechLapses int, fingerprint string, now time.Time) (*Snapshot, error) {
	return loadSnapshotFrom(scope, cachePath, func(fp string) (*Snapshot, string) { return readSnapshot(cachePath, fp) }, s, leechLapses, fingerprint, now)
}

// loadSnapshotFrom is loadSnapshot with the cached snapshot given by cached
// (read ahead, say) rather than read from cachePath.
func loadSnapshotFrom(scope Scope, cachePath string, cached func(fingerprint string) (*Snapshot, string), s *fsrs.Scheduler, leechLapses int, fingerprint string, now time.Time) (*Snapshot, error) {
	root := scope.Root
	// The logs are read once, and the snapshot records exactly what was read:
	// sizes taken apart from the reading would let an append made in
	// between be counted again by the next catch-up.
	logs, err := listLogs(scope)
	if err != nil {
		return nil, err
	}
	snap, damage := cached(fingerprint)
	if snap != nil && !snap.futureDue(now) {
		if ok, err := snap.catchUp(root, logs, s, leechLapses, now); err != nil {
			return nil, err
		} else if ok {
			marks, err := markLogs(logs)
			if err != nil {
				return nil, err
			}
			if !slices.Equal(snap.Files, marks) {
				snap.Files = marks
				_ = snap.save(cachePath)
			}
			return snap, nil
		}
	}
	for _, lg := range logs {
		if err := lg.load(); err != nil {
			return nil, err
		}
	}
	events, problems, err := replayOrder(root, logs, limitOf(now))
	if err != nil {
		return nil, err
	}
	marks, err := markLogs(logs)
	if err != nil {
		return nil, err
	}
	snap = Build(events, s, leechLapses, fingerprint)
	snap.Problems, snap.Files = problems, marks
	_ = snap.save(cachePath) // a cache that cannot be written is only slower
	snap.damage = damage
	return snap, nil
}

// Build replays events into a snapshot: every card's state, links, and the
// per-day counts that statistics need. keep, if not nil, limits the counts
// (not the states) to some cards.
func Build(events []Event, s *fsrs.Scheduler, leechLapses int, fingerprint string) *Snapshot {
	return BuildFor(events, s, leechLapses, fingerprint, nil)
}

// BuildFor is Build with the per-day counts limited to the cards keep accepts.
func BuildFor(events []Event, s *fsrs.Scheduler, leechLapses int, fingerprint string, keep func(id string) bool) *Snapshot {
	snap := &Snapshot{Version: snapshotVersion, Fingerprint: fingerprint, states: map[string]*State{},
		Next: map[string]string{}, Days: map[int]int{}, Recall: map[int]Recall{}}
	undone := map[string]bool{}
	for _, e := range events {
		switch e.Kind {
		case KindUndo:
			undone[e.Target] = true
		case KindLink:
			if e.Target != e.Card {
				snap.Next[e.Target] = e.Card
			}
		}
	}
	for _, e := range events {
		snap.see(e)
		if undone[e.ID] || e.Kind == KindUndo || e.Kind == KindLink {
			continue
		}
		snap.apply(e, s, leechLapses, keep)
	}
	return snap
}

// see keeps LastAt and the ids of the events at that instant.
func (snap *Snapshot) see(e Event) {
	switch {
	case e.At.After(snap.LastAt):
		snap.LastAt, snap.LastIDs = e.At, append(snap.LastIDs[:0], e.ID)
	case e.At.Equal(snap.LastAt):
		snap.LastIDs = append(snap.LastIDs, e.ID)
	}
}

// apply follows one event: the card's state and the day's counts.
func (snap *Snapshot) apply(e Event, s *fsrs.Scheduler, leechLapses int, keep func(string) bool) {
	id := e.Card
	for i := 0; i < 100; i++ { // links cannot loop for ever
		n, ok := snap.Next[id]
		if !ok {
			break
		}
		id = n
	}
	states := snap.States()
	st := states[id]
	if st == nil {
		st = &State{}
		states[id] = st
	}
	if e.Kind == KindReview && (keep == nil || keep(id)) {
		day := s.Day(e.At)
		snap.Days[day]++
		if st.Reps > 0 && st.Card.State == fsrs.Review {
			r := snap.Recall[day]
			r.Reviews++
			if e.Rating == int(fsrs.Again) {
				r.Again++
			}
			snap.Recall[day] = r
		}
	}
	st.Apply(id, e, s, leechLapses)
}

// catchUp applies the events appended to the logs since the snapshot. It
// reports false when that cannot be done safely and a full replay is needed.
// futureDue reports whether an event the snapshot left out for its future
// date is no longer in the future: then only a full replay puts it in place.
func (snap *Snapshot) futureDue(now time.Time) bool {
	for _, p := range snap.Problems {
		if !p.Future.IsZero() && !p.Future.After(limitOf(now)) {
			return true
		}
	}
	return false
}

func (snap *Snapshot) catchUp(root string, logs []*logData, s *fsrs.Scheduler, leechLapses int, now time.Time) (bool, error) {
	old := map[string]fileMark{}
	for _, m := range snap.Files {
		old[m.Name] = m
	}
	if len(old) > len(logs) {
		return false, nil // a log went away
	}
	var tail []Event
	var probs []Problem
	for _, lg := range logs {
		o, had := old[lg.name]
		var from int64
		if had {
			if lg.size < o.Size {
				return false, nil
			}
			if lg.size == o.Size && lg.skip != "" {
				continue
			}
			if lg.size == o.Size {
				if h, err := hashAt(lg.path, o.Size); err != nil || h != o.Tail {
					return false, err
				}
				continue // nothing new: not even read
			}
			if err := lg.load(); err != nil {
				return false, err
			}
			if lg.size < o.Size || tailHash(lg.data[:o.Size]) != o.Tail {
				return false, nil
			}
			from = o.Size
		} else if err := lg.load(); err != nil {
			return false, err
		}
		evs, pr, err := parseLog(root, lg, from, limitOf(now))
		if err != nil {
			return false, err
		}
		tail = append(tail, evs...)
		probs = append(probs, pr...)
	}
	sort.SliceStable(tail, func(i, j int) bool { return tail[i].At.Before(tail[j].At) })
	seen := map[string]bool{}
	for _, id := range snap.LastIDs {
		seen[id] = true
	}
	fresh := tail[:0]
	for _, e := range tail {
		// Undo, links and events older than the snapshot change the past:
		// those need the whole history replayed. So does a new event at the
		// snapshot's last instant when there are several devices, since a
		// full replay orders same-instant events by device.
		switch {
		case seen[e.ID]:
			continue // a repeated line: the full replay counts it once too
		case e.Kind == KindUndo || e.Kind == KindLink || e.At.Before(snap.LastAt) ||
			(e.At.Equal(snap.LastAt) && len(logs) > 1):
			return false, nil
		}
		seen[e.ID] = true
		fresh = append(fresh, e)
	}
	for _, e := range fresh {
		snap.apply(e, s, leechLapses, nil)
		snap.see(e)
	}
	snap.Problems = append(snap.Problems, probs...)
	return true, nil
}

// markLogs records the size and tail of each log as read: from the bytes
// parsed, or for a log not read (nothing new in it) from the file up to the
// size it had.
func markLogs(logs []*logData) ([]fileMark, error) {
	marks := make([]fileMark, 0, len(logs))
	for _, lg := range logs {
		m := fileMark{Name: lg.name, Size: lg.size}
		if lg.loaded {
			m.Tail = tailHash(lg.data)
		} else {
			h, err := hashAt(lg.path, lg.size)
			if err != nil {
				return nil, err
			}
			m.Tail = h
		}
		marks = append(marks, m)
	}
	return marks, nil
}

// tailHash hashes the last tailSpan bytes of data.
func tailHash(data []byte) [32]byte {
	return sha256.Sum256(data[max(0, len(data)-tailSpan):])
}

// hashAt hashes the tailSpan bytes before offset end of a file.
func hashAt(p string, end int64) ([32]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return [32]byte{}, err
	}
	defer f.Close()
	start := max(0, end-tailSpan)
	buf := make([]byte, end-start)
	if _, err := f.ReadAt(buf, start); err != nil && err != io.EOF {
		return [32]byte{}, err
	}
	return tailHash(buf), nil
}

// readSnapshot returns the cached snapshot, or nil when there is none, it
// was made with other settings, or it is damaged; damage says what is wrong
// in that last case.
func readSnapshot(p, fingerprint string) (_ *Snapshot, damage string) {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, ""
	}
	if bytes.HasPrefix(data, []byte(oldSnapshotMagic)) {
		return nil, "" // an older kb's: outdated, not damaged
	}
	body, err := fsutil.Unseal(snapshotMagic, data)
	if err != nil {
		return nil, "the review cache is damaged (" + err.Error() + "); rebuilt from the review logs"
	}
	snap, err := decodeSnapshot(body)
	if err != nil {
		return nil, "the review cache is damaged (" + err.Error() + "); rebuilt from the review logs"
	}
	if snap.Version != snapshotVersion || snap.Fingerprint != fingerprint {
		return nil, ""
	}
	if snap.Next == nil {
		snap.Next = map[string]string{}
	}
	if snap.Days == nil {
		snap.Days = map[int]int{}
	}
	if snap.Recall == nil {
		snap.Recall = map[int]Recall{}
	}
	return snap, ""
}

// States is every card's state, by card id; the map is the snapshot's own.
func (snap *Snapshot) States() map[string]*State {
	if snap.states == nil {
		snap.states = make(map[string]*State, len(snap.decIDs))
		for i, id := range snap.decIDs {
			snap.states[id] = snap.decStates[i]
		}
		snap.decIDs, snap.decStates = nil, nil
	}
	return snap.states
}

// numStates is len(States()), without building the map.
func (snap *Snapshot) numStates() int {
	if snap.states == nil {
		return len(snap.decIDs)
	}
	return len(snap.states)
}

// Links is the memo of the pairs FindLinks has compared.
func (snap *Snapshot) Links() *LinkMemo {
	if snap.linksLazy {
		d := &snapDecoder{s: snap.linksRaw}
		snap.links = LinkMemo{Cards: d.set(), Orphans: d.set()}
		snap.linksRaw, snap.linksLazy = "", false
	}
	return &snap.links
}

func (snap *Snapshot) save(p string) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return fsutil.WriteFileAtomic(p, fsutil.Seal(snapshotMagic, snap.encode()), 0o644)
}
