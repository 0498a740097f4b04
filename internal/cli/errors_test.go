package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kb-cli/kb/internal/index"
)

// The kept log holds the last lines only, oldest first, each bounded.
func TestDebugLogKeepsTheLastLines(t *testing.T) {
	d := newDebugLog(3)
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(d, "line %d\n", i)
	}
	d.Write([]byte("a\nb\n"))
	if got := strings.Join(d.Lines(), ","); got != "line 5,a,b" {
		t.Errorf("kept %q", got)
	}
	d.Write([]byte(strings.Repeat("가", 400) + "\n"))
	last := d.Lines()[2]
	if len(last) > maxDebugLine+len("…") || !strings.HasSuffix(last, "…") || !strings.HasPrefix(last, "가") {
		t.Errorf("a long line kept as %d bytes: %q", len(last), last[len(last)-10:])
	}
	if !strings.HasSuffix(strings.TrimSuffix(last, "…"), "가") {
		t.Error("a long line cut inside a letter")
	}
	// The same message again (another time stamp) is counted, not kept twice.
	r := newDebugLog(2)
	r.Write([]byte("2026/01/15 09:00:00 first\n"))
	r.Write([]byte("2026/01/15 09:00:00 segment bad\n2026/01/15 09:00:01 segment bad\n2026/01/15 09:00:01 segment bad\n"))
	if got := strings.Join(r.Lines(), "|"); got != "2026/01/15 09:00:00 first|2026/01/15 09:00:00 segment bad (3 times)" {
		t.Errorf("repeats: %q", got)
	}
	r.Write([]byte("x\ny\n"))
	if got := strings.Join(r.Lines(), "|"); got != "x|y" {
		t.Errorf("after wrapping: %q", got)
	}
	var none *debugLog
	if none.Lines() != nil {
		t.Error("no log has lines")
	}
}

// An unexpected error prints the kept log; one kb knows does not.
func TestReportPrintsTheLogWithUnexpectedErrors(t *testing.T) {
	d := newDebugLog(10)
	d.Write([]byte("segment trouble\n"))
	var buf bytes.Buffer
	if code := report(reportTo{w: &buf, log: d}, errors.New("disk on fire")); code != exitFailed {
		t.Errorf("exit %d", code)
	}
	want := "kb: error: disk on fire\nkb: log: segment trouble\nkb: hint: the log lines are what"
	if !strings.HasPrefix(buf.String(), want) {
		t.Errorf("got\n%s", buf.String())
	}
	buf.Reset()
	code := report(reportTo{w: &buf, log: d}, &index.BusyError{})
	if code != exitFailed || strings.Contains(buf.String(), "log") {
		t.Errorf("expected error: exit %d\n%s", code, buf.String())
	}
}

// Under --json an error is one object with error, hint and log.
func TestReportJSON(t *testing.T) {
	var buf bytes.Buffer
	code := report(reportTo{w: &buf, json: true}, usageErrorf("bad %s", "flag"))
	if code != exitUsage || buf.String() != `{"error":"bad flag"}`+"\n" {
		t.Errorf("exit %d: %q", code, buf.String())
	}
	buf.Reset()
	d := newDebugLog(10)
	d.Write([]byte("one\ntwo\n"))
	report(reportTo{w: &buf, json: true, log: d}, withHint(errors.New("e"), "h1", "h2"))
	var je jsonError
	if err := json.Unmarshal(buf.Bytes(), &je); err != nil {
		t.Fatal(err)
	}
	if je.Error != "e" || je.Hint != "h1\nh2" || je.Log != nil {
		t.Errorf("%+v", je)
	}
	buf.Reset()
	report(reportTo{w: &buf, json: true, log: d}, errors.New("odd"))
	if err := json.Unmarshal(buf.Bytes(), &je); err != nil {
		t.Fatal(err)
	}
	if strings.Join(je.Log, ",") != "one,two" || !strings.Contains(je.Hint, "log lines") {
		t.Errorf("%+v", je)
	}
}

func TestArgsWantJSON(t *testing.T) {
	for args, want := range map[string]bool{
		"list --json":         true,
		"list --json=true":    true,
		"list --json=false":   false,
		"search -- --json":    false,
		"list":                false,
		"list --bogus --json": true,
	} {
		if got := argsWantJSON(strings.Fields(args)); got != want {
			t.Errorf("%q: %v", args, got)
		}
	}
}
