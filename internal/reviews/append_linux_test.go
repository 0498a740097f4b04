package reviews

import (
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/kb"
)

// An append that fails part-way (here the file size limit, as a full disk
// would) leaves the log as it was: no torn line to warn about for ever.
func TestFailedAppendLeavesNoTornLine(t *testing.T) {
	root := t.TempDir()
	l := openLog(Scope{Root: root}, "dev", time.Second)
	if err := l.Append(review(l, "c1", 3, t0)); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(kb.At(root).Reviews(), "dev.jsonl")
	before, _ := os.ReadFile(p)

	signal.Ignore(syscall.SIGXFSZ)
	defer signal.Reset(syscall.SIGXFSZ)
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Skip(err)
	}
	lim := old
	lim.Cur = uint64(len(before)) + 40 // room for part of the next event only
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Skip(err)
	}
	err := l.Append(review(l, "c2", 3, t0.Add(time.Hour)))
	syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old)
	if err == nil {
		t.Fatal("append past the size limit succeeded")
	}
	after, _ := os.ReadFile(p)
	if string(after) != string(before) {
		t.Fatalf("log after a failed append:\n%q\nwant\n%q", after, before)
	}
	if err := l.Append(review(l, "c3", 3, t0.Add(2*time.Hour))); err != nil {
		t.Fatal(err)
	}
	evs, probs, _ := readAllAt(Scope{Root: root}, time.Time{})
	if len(evs) != 2 || len(probs) != 0 || !strings.HasSuffix(evs[1].Card, "c3") {
		t.Errorf("events %v problems %v", evs, probs)
	}
}
