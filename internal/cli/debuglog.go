package cli

import (
	"bytes"
	"sync"
	"unicode/utf8"
)

// debugLog keeps the last lines Bleve writes to the standard logger. They are
// for kb's developers, so users do not see them as they happen (KB_DEBUG=1
// shows them so); but an error kb did not expect prints them, so a user's bug
// report carries what the search library said just before.
type debugLog struct {
	mu    sync.Mutex
	lines []string // a ring of at most max lines
	next  int      // where the next line goes once the ring is full
	max   int
}

// maxDebugLine bounds one kept line: a runaway log cannot fill memory.
const maxDebugLine = 500

func newDebugLog(max int) *debugLog { return &debugLog{max: max} }

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
		if len(d.lines) < d.max {
			d.lines = append(d.lines, s)
			continue
		}
		d.lines[d.next] = s
		d.next = (d.next + 1) % d.max
	}
	return len(p), nil
}

// Lines returns the kept lines, oldest first.
func (d *debugLog) Lines() []string {
	if d == nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]string, 0, len(d.lines))
	out = append(out, d.lines[d.next:]...)
	return append(out, d.lines[:d.next]...)
}
