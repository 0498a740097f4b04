package reviews

import (
	"path/filepath"
	"time"

	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/kb"
)

// Store is one person's review history in a knowledge base, the one handle
// commands and the quiz are given: the logs it reads (the person's own and
// the old ones they adopted), this device's log it appends to, and the
// snapshot that caches their replay.
type Store struct {
	log      *Log
	snapshot string
	ahead    *readAhead // the cached snapshot being read in the background
}

// readAhead is a read of the cached snapshot started before it is needed.
type readAhead struct {
	fingerprint string
	done        chan struct{}
	snap        *Snapshot
	damage      string
}

// ReadAhead starts reading the cached snapshot (made with the settings
// fingerprint names) in the background, for the next Snapshot call: a
// command reads it while the notes are checked. It only reads: whatever the
// logs hold by then, Snapshot brings it up to date as it would the file.
func (st *Store) ReadAhead(fingerprint string) {
	ra := &readAhead{fingerprint: fingerprint, done: make(chan struct{})}
	st.ahead = ra
	go func() {
		defer close(ra.done)
		ra.snap, ra.damage = readSnapshot(st.snapshot, fingerprint)
	}()
}

// cached is the cached snapshot: read ahead if it was, else now.
func (st *Store) cached(fingerprint string) (*Snapshot, string) {
	if ra := st.ahead; ra != nil {
		st.ahead = nil // used once: a later call reads the file again
		<-ra.done
		if ra.fingerprint == fingerprint {
			return ra.snap, ra.damage
		}
	}
	return readSnapshot(st.snapshot, fingerprint)
}

// NewStore opens the review history of a scope, written to as device.
// lockTimeout bounds the wait for another kb process appending to the log.
// Another user's history (a visitor's scope) has its own snapshot, so
// looking at theirs leaves yours alone.
func NewStore(scope Scope, device string, lockTimeout time.Duration) *Store {
	visitor := ""
	if scope.Visitor {
		visitor = scope.User
	}
	return &Store{log: openLog(scope, device, lockTimeout), snapshot: kb.At(scope.Root).ReviewSnapshot(visitor)}
}

// Scope is whose history it is.
func (st *Store) Scope() Scope { return st.log.scope }

// Visitor reports whether it is someone else's history: read only.
func (st *Store) Visitor() bool { return st.log.scope.Visitor }

// NewID makes an id for an event at at, unique across devices.
func (st *Store) NewID(at time.Time) string { return st.log.NewID(at) }

// Append saves events at the end of this device's log (see Log.Append).
func (st *Store) Append(events ...Event) error { return st.log.Append(events...) }

// ReadAll reads every log and returns the events in replay order, leaving
// out as problems those dated after now + FutureSlack (a zero now keeps
// them all).
func (st *Store) ReadAll(now time.Time) ([]Event, []Problem, error) {
	return readAllAt(st.log.scope, now)
}

// Snapshot is the replayed state of every card at now, from the cached
// snapshot when the logs only grew since (see loadSnapshot). fingerprint names the
// settings the states depend on. problems are the log lines skipped and, if
// the cache was damaged, that it was rebuilt.
func (st *Store) Snapshot(s *fsrs.Scheduler, leechLapses int, fingerprint string, now time.Time) (snap *Snapshot, problems []Problem, err error) {
	snap, err = loadSnapshotFrom(st.log.scope, st.snapshot, st.cached, s, leechLapses, fingerprint, now)
	if err != nil {
		return nil, nil, err
	}
	problems = snap.Problems
	if d := snap.cacheDamage(st.log.scope.Root, st.snapshot); d != nil {
		problems = append(append([]Problem(nil), problems...), *d)
	}
	return snap, problems, nil
}

// SaveSnapshot caches snap (after its link memo grew, say). It is only a
// cache: a caller may ignore the error.
func (st *Store) SaveSnapshot(snap *Snapshot) error { return snap.save(st.snapshot) }

// Fingerprint names the logs' current content cheaply (see logsVersion), for
// caches of figures computed from them.
func (st *Store) Fingerprint() (string, error) { return logsVersion(st.log.scope) }

// Paths are the files and folders that hold this person's history: their
// folder of logs and the old logs they adopted. kb sync commits these and
// no one else's.
func (st *Store) Paths() []string {
	s := st.log.scope
	out := []string{s.dir()}
	for _, name := range adoptedLogs(s) {
		out = append(out, filepath.Join(kb.At(s.Root).Reviews(), name))
	}
	return out
}
