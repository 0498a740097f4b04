package cli

import (
	"bytes"
	"fmt"
	"sync"
	"unicode/utf8"
)

// debugLog keeps the last lines Bleve writes to the standard logger. They are
// for kb's developers, so users do not see them as they happen (KB_DEBUG=1
// shows them so); but an error kb did not expect prints them, so a user's bug
// report carries what the search library said just before.
type debugLog struct {
	mu      sync.Mutex
	entries []logEntry // a ring of at most max entries
	next    int        // where the next entry goes once the ring is full
	last    int        // the newest entry, -1 before the first
	max     int
}

// logEntry is a line, and how many times in a row it was logged: Bleve says
// the same thing once per segment, which would push out what came before.
type logEntry struct {
	line string
	n    int
}

// maxDebugLine bounds one kept line: a runaway log cannot fill memory.
const maxDebugLine = 500

func newDebugLog(max int) *debugLog { return &debugLog{max: max, last: -1} }

func (d *debugLog) Write(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for line := range bytes.Lines(p) {
		s := string(bytes.TrimRight(line, "\r\n"))
		if s == "" {
			continue
		}
		if len(s) > maxDebugLine {
			cut := maxDebugLine
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
			s = s[:cut] + "…"
		}
		if d.last >= 0 && sameMessage(d.entries[d.last].line, s) {
			d.entries[d.last].n++
			continue
		}
		if len(d.entries) < d.max {
			d.entries = append(d.entries, logEntry{s, 1})
			d.last = len(d.entries) - 1
			continue
		}
		d.entries[d.next] = logEntry{s, 1}
		d.last, d.next = d.next, (d.next+1)%d.max
	}
	return len(p), nil
}

// sameMessage compares two lines of the standard logger without their
// "2006/01/02 15:04:05 " stamps.
func sameMessage(a, b string) bool {
	const stamp = len("2006/01/02 15:04:05 ")
	if len(a) > stamp && len(b) > stamp && a[4] == '/' && b[4] == '/' {
		a, b = a[stamp:], b[stamp:]
	}
	return a == b
}

// Lines returns the kept lines, oldest first; a repeated line says how often.
func (d *debugLog) Lines() []string {
	if d == nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]string, 0, len(d.entries))
	for i := range d.entries {
		e := d.entries[(d.next+i)%len(d.entries)]
		if e.n > 1 {
			e.line += fmt.Sprintf(" (%d times)", e.n)
		}
		out = append(out, e.line)
	}
	return out
}
