// Package reviews keeps kb's review history: an append-only log of events,
// one JSON object a line, one file per device under .kb/reviews/, committed
// with the notes. Card state is never stored; it is derived by replaying the
// log (see Build), so two machines syncing through git never conflict.
// Everything else reaches a person's history through one Store.
package reviews

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/kb"
)

// Kinds of events.
const (
	KindReview    = "review"
	KindSuspend   = "suspend"
	KindUnsuspend = "unsuspend"
	KindBury      = "bury"
	KindUndo      = "undo" // cancels the event named in Target
	KindLink      = "link" // Card continues the history of card Target
	// KindSeed starts a card's history from another program's schedule (an
	// import): SM-2's interval and ease, and the day it was due.
	KindSeed = "seed"
)

// Event is one line of the log.
type Event struct {
	ID       string    `json:"id"`
	Card     string    `json:"card"`
	At       time.Time `json:"at"`
	Kind     string    `json:"kind"`
	Rating   int       `json:"rating,omitempty"`
	Duration int64     `json:"ms,omitempty"`     // time spent on the card
	Target   string    `json:"target,omitempty"` // the event undone, or the old card id linked
	Question string    `json:"q,omitempty"`      // the question when reviewed, to follow small edits
	Interval int       `json:"ivl,omitempty"`    // seed: days between the last two reviews
	Ease     int       `json:"ease,omitempty"`   // seed: SM-2 ease in percent (250 = 2.5)
	Due      time.Time `json:"due,omitzero"`     // seed: when it was due
	Path     string    `json:"p,omitempty"`      // the note it was in, to tell apart questions alike
	Context  string    `json:"ctx,omitempty"`    // the headings above it, " › " between
}

var unsafeName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[^A-Za-z0-9._-]+`) })

// DeviceName is a file-name-safe device name, from name (config) or the host.
func DeviceName(name string) string {
	if name == "" {
		name, _ = os.Hostname()
	}
	name = strings.Trim(unsafeName().ReplaceAllString(name, "-"), "-.")
	if name == "" {
		return "device"
	}
	return name
}

// Log appends to this device's file of a user's logs.
type Log struct {
	scope       Scope
	path        string
	device      string
	lockTimeout time.Duration
}

// openLog returns the log of a device in a scope.
func openLog(s Scope, device string, lockTimeout time.Duration) *Log {
	return &Log{scope: s, path: filepath.Join(s.dir(), device+".jsonl"), device: device, lockTimeout: lockTimeout}
}

// ErrVisitor means a write to someone else's log.
var ErrVisitor = errors.New("these are another user's review logs; kb does not write to them")

// NewID makes an event id unique across devices.
func (l *Log) NewID(at time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%s", l.device, at.UnixNano(), hex.EncodeToString(b[:]))
}

// Append writes events at the end of the log, locked against other kb
// processes and fsynced before it returns: a rating is saved the moment it is
// given. The file is never rewritten; if its last line was torn by a crash,
// a newline first keeps that line apart so the new events stay whole. A
// failed append leaves the file as it was.
func (l *Log) Append(events ...Event) error {
	if l.scope.Visitor {
		return ErrVisitor
	}
	// The log is committed with the notes, so it may be a link planted to
	// make kb append to some other file: kb writes only to a real file.
	if _, err := kb.At(l.scope.Root).Mkdir(l.scope.dir()); err != nil {
		return err
	}
	if fi, err := os.Lstat(l.path); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return &fsutil.LinkError{Path: l.path}
	}
	// Lock the log itself (flock is advisory): no lock file to end up in git.
	lock, err := fsutil.Acquire(l.path, true, l.lockTimeout)
	if err != nil {
		return fmt.Errorf("review log %s: %w", l.path, err)
	}
	defer lock.Release()
	f, err := os.OpenFile(l.path, os.O_RDWR|os.O_CREATE|os.O_APPEND|fsutil.NoFollow, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	size := fi.Size()
	var buf bytes.Buffer
	if size > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, size-1); err == nil && last[0] != '\n' {
			buf.WriteByte('\n')
		}
	}
	for _, e := range events {
		e.At = e.At.UTC()
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	_, err = f.Write(buf.Bytes())
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		// A full disk or a quota can take part of the events: cut the log
		// back to where it was, so no torn line is left to warn about for ever.
		_ = f.Truncate(size)
		_ = f.Sync()
		return err
	}
	return nil
}

// Problem is a log line that could not be read; it is skipped, never removed.
// Line 0 means the whole file.
type Problem struct {
	Path string
	Line int
	Msg  string
	// Future is the date of an event left out for being later than
	// tomorrow: once that passes, the event counts.
	Future time.Time
}

func (p Problem) String() string {
	if p.Line == 0 { // the whole file
		return fmt.Sprintf("%s: %s", p.Path, p.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Msg)
}

// FutureSlack is how far ahead of now an event may be dated: another
// device's clock may run a little ahead. Events later than that (a wrong
// clock, year 9999) are reported and left out of scheduling; otherwise one
// would decide a card's state for ever.
const FutureSlack = 24 * time.Hour

// readAllAt reads every log of a scope and returns the events in time order.
// Events at the same instant (a script with KB_NOW) keep their order in the
// log, devices by name: every machine orders them alike. Events dated after
// now + FutureSlack are problems, not events; a zero now reads every event.
func readAllAt(s Scope, now time.Time) ([]Event, []Problem, error) {
	logs, err := readLogs(s)
	if err != nil {
		return nil, nil, err
	}
	return replayOrder(s.Root, logs, limitOf(now))
}

// limitOf is the latest date an event may have at now (zero: no limit).
func limitOf(now time.Time) time.Time {
	if now.IsZero() {
		return now
	}
	return now.Add(FutureSlack)
}

// replayOrder parses logs read by readLogs into one time-ordered list
// without repeated events; events dated after limit (if not zero) are
// problems.
func replayOrder(root string, logs []*logData, limit time.Time) ([]Event, []Problem, error) {
	var perFile [][]Event
	var problems []Problem
	for _, lg := range logs {
		evs, probs, err := parseLog(root, lg, 0, limit)
		if err != nil {
			return nil, nil, err
		}
		// A device's log is nearly always in time order already; sorting
		// 100k events costs more than reading them.
		if !sort.SliceIsSorted(evs, func(i, j int) bool { return evs[i].At.Before(evs[j].At) }) {
			evs = sortByTime(evs)
		}
		perFile = append(perFile, evs)
		problems = append(problems, probs...)
	}
	return dedupe(merge(perFile)), problems, nil
}

// logData is one log as read at one moment: whole lines only, so that what
// a snapshot records as read (its size and tail) is exactly what was parsed.
// Until load, only its size is known (a snapshot that is current needs no
// more).
type logData struct {
	name   string // relative to the reviews folder: "<user>/<device>.jsonl", or an old log's name
	path   string
	size   int64
	data   []byte
	loaded bool
	skip   string // why the log is not read, if it is not
}

// logReadWait bounds how long a reader waits for an append in progress.
const logReadWait = 2 * time.Second

// listLogs finds every log of a scope and its size, reading none yet.
func listLogs(s Scope) ([]*logData, error) {
	names, err := s.files()
	if err != nil {
		return nil, err
	}
	root := s.Root
	logs := make([]*logData, 0, len(names))
	for _, name := range names {
		p := filepath.Join(kb.At(root).Reviews(), name)
		if real, err := filepath.EvalSymlinks(p); err != nil || !fsutil.Inside(root, real) {
			// A committed link to some file elsewhere (or nowhere) is not a review log.
			logs = append(logs, &logData{name: name, path: p, loaded: true, skip: "a link to a file outside the knowledge base, skipped"})
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		logs = append(logs, &logData{name: name, path: p, size: fi.Size()})
	}
	return logs, nil
}

// readLogs reads every log of a scope once.
func readLogs(s Scope) ([]*logData, error) {
	logs, err := listLogs(s)
	if err != nil {
		return nil, err
	}
	for _, lg := range logs {
		if err := lg.load(); err != nil {
			return nil, err
		}
	}
	return logs, nil
}

// load reads the log. One whose end is not a line end is being appended to,
// or was torn by a crash: kb waits for the appender (the log's lock) and
// reads it again; a line still unfinished then is the crash's, and is read
// as it is, as a full replay would.
func (lg *logData) load() error {
	if lg.loaded {
		return nil
	}
	data, err := os.ReadFile(lg.path)
	if err != nil {
		return err
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		if lock, lerr := fsutil.Acquire(lg.path, false, logReadWait); lerr == nil {
			data, err = os.ReadFile(lg.path)
			lock.Release()
			if err != nil {
				return err
			}
		} else {
			data = data[:bytes.LastIndexByte(data, '\n')+1] // the rest next time
		}
	}
	lg.data, lg.size, lg.loaded = data, int64(len(data)), true
	return nil
}

// maxLine bounds a log line: kb's events are a few hundred bytes (the
// question is the longest part), so a line over this is damage or someone
// else's data, skipped like any unreadable line without being parsed.
const maxLine = 1 << 20

// parseLog reads the events of a log from byte offset from (a line start).
// Events dated after limit, if not zero, are problems.
func parseLog(root string, lg *logData, from int64, limit time.Time) ([]Event, []Problem, error) {
	if lg.skip != "" {
		name, _ := filepath.Rel(root, lg.path)
		return nil, []Problem{{Path: name, Msg: lg.skip}}, nil
	}
	data := lg.data
	firstLine := 1
	if from > 0 && from <= int64(len(data)) {
		firstLine += bytes.Count(data[:from], []byte("\n"))
		data = data[from:]
	}
	name, _ := filepath.Rel(root, lg.path)
	var events []Event
	var problems []Problem
	for n := firstLine; len(data) > 0; n++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if len(line) > maxLine {
			problems = append(problems, Problem{Path: name, Line: n, Msg: fmt.Sprintf("review event of %d bytes is too long to be kb's, skipped", len(line))})
			continue
		}
		e, err := parseEvent(line)
		if err != nil {
			problems = append(problems, Problem{Path: name, Line: n, Msg: "unreadable review event, skipped: " + errSummary(err)})
			continue
		}
		if e.ID == "" || e.Card == "" || e.At.IsZero() || !validKind(e) {
			problems = append(problems, Problem{Path: name, Line: n, Msg: "incomplete review event, skipped"})
			continue
		}
		if !limit.IsZero() && e.At.After(limit) {
			problems = append(problems, Problem{Path: name, Line: n, Future: e.At,
				Msg: fmt.Sprintf("review event dated %s, later than tomorrow (a wrong clock?), ignored", e.At.UTC().Format(time.RFC3339))})
			continue
		}
		events = append(events, e)
	}
	return events, problems, nil
}

func validKind(e Event) bool {
	switch e.Kind {
	case KindReview:
		return e.Rating >= 1 && e.Rating <= 4
	case KindSuspend, KindUnsuspend, KindBury:
		return true
	case KindUndo, KindLink:
		return e.Target != ""
	case KindSeed:
		return e.Interval >= 1 && e.Ease > 0 && !e.Due.IsZero()
	}
	return false
}

func errSummary(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return "not valid JSON (a torn or edited line?)"
	}
	return err.Error()
}

// sortByTime sorts stably by moving indices, not 100-byte events.
func sortByTime(evs []Event) []Event {
	idx := make([]int32, len(evs))
	for i := range idx {
		idx[i] = int32(i)
	}
	sort.SliceStable(idx, func(a, b int) bool { return evs[idx[a]].At.Before(evs[idx[b]].At) })
	out := make([]Event, len(evs))
	for i, j := range idx {
		out[i] = evs[j]
	}
	return out
}

// merge joins time-ordered lists; at the same instant the earlier list
// (device name order) goes first, so every machine gets the same order.
func merge(lists [][]Event) []Event {
	if len(lists) == 1 {
		return lists[0]
	}
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	out := make([]Event, 0, n)
	pos := make([]int, len(lists))
	for len(out) < n {
		best := -1
		for i, l := range lists {
			if pos[i] < len(l) && (best < 0 || l[pos[i]].At.Before(lists[best][pos[best]].At)) {
				best = i
			}
		}
		out = append(out, lists[best][pos[best]])
		pos[best]++
	}
	return out
}

// dedupe drops repeated events (a git merge with union can duplicate lines).
func dedupe(events []Event) []Event {
	seen := map[string]bool{}
	out := events[:0]
	for _, e := range events {
		if !seen[e.ID] {
			seen[e.ID] = true
			out = append(out, e)
		}
	}
	return out
}
