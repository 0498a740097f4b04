package fsutil

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestWriteFileAtomicKeepsModeAndLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "note.md")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(p, []byte("새 내용"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	fi, _ := os.Stat(p)
	if string(got) != "새 내용" || fi.Mode().Perm() != 0o600 {
		t.Errorf("content %q mode %v", got, fi.Mode())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temp files left: %v", entries)
	}
}

func TestWriteFileAtomicFailureKeepsOriginal(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores folder permissions")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "note.md")
	os.WriteFile(p, []byte("old"), 0o644)
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	if err := WriteFileAtomic(p, []byte("new"), 0o644); err == nil {
		t.Fatal("write into read-only folder succeeded")
	}
	got, _ := os.ReadFile(p)
	if string(got) != "old" {
		t.Errorf("original changed: %q", got)
	}
}

func TestLockExcludesAndTimesOut(t *testing.T) {
	p := filepath.Join(t.TempDir(), "lock")
	a, err := Acquire(p, true, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := Acquire(p, true, 50*time.Millisecond); !errors.Is(err, ErrLocked) {
		t.Fatalf("second exclusive lock: %v", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("wait not bounded")
	}
	if _, err := Acquire(p, false, 20*time.Millisecond); !errors.Is(err, ErrLocked) {
		t.Fatalf("shared lock while exclusive held: %v", err)
	}
	a.Release()
	s1, err := Acquire(p, false, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := Acquire(p, false, time.Second)
	if err != nil {
		t.Fatalf("two shared locks: %v", err)
	}
	s1.Release()
	s2.Release()
}

// Temp files a killed kb left behind go on the next write to their folder;
// fresh ones (a kb writing right now) and the user's own dot files stay.
func TestStaleTempFilesRemoved(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	for _, name := range []string{".kb-new-1a2b.md", ".note.md.tmp-123456", ".kb-new-fresh.md", ".hidden.md", "visible.md"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if name != ".kb-new-fresh.md" {
			os.Chtimes(p, old, old)
		}
	}
	if err := WriteFileAtomic(filepath.Join(dir, "note.md"), []byte("새"), 0o644); err != nil {
		t.Fatal(err)
	}
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != ".hidden.md .kb-new-fresh.md note.md visible.md" {
		t.Errorf("left: %s", got)
	}
}

// Readers that always overlap keep a plain Acquire out for good; through the
// turnstile the writer gets its turn as soon as the readers inside leave.
func TestAcquireFairLetsWriterIn(t *testing.T) {
	dir := t.TempDir()
	lock := filepath.Join(dir, "index.lock")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for r := 0; r < 2; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			time.Sleep(time.Duration(r) * 10 * time.Millisecond)
			for {
				select {
				case <-stop:
					return
				default:
				}
				l, err := AcquireFair(lock, dir, false, 5*time.Second)
				if err != nil {
					t.Error(err)
					return
				}
				time.Sleep(20 * time.Millisecond)
				l.Release()
			}
		}(r)
	}
	defer func() { close(stop); wg.Wait() }()
	time.Sleep(50 * time.Millisecond)
	if l, err := Acquire(lock, true, 300*time.Millisecond); err == nil {
		l.Release()
		t.Log("a plain writer got in between readers by luck")
	} else if !errors.Is(err, ErrLocked) {
		t.Fatal(err)
	}
	l, err := AcquireFair(lock, dir, true, 2*time.Second)
	if err != nil {
		t.Fatalf("writer starved behind readers: %v", err)
	}
	l.Release()
}

func TestSealNoticesDamage(t *testing.T) {
	sealed := Seal("kb-x\x00", []byte("payload"))
	if got, err := Unseal("kb-x\x00", sealed); err != nil || string(got) != "payload" {
		t.Fatalf("%q %v", got, err)
	}
	for i := range sealed {
		bad := append([]byte(nil), sealed...)
		bad[i] ^= 0x20
		if _, err := Unseal("kb-x\x00", bad); err == nil {
			t.Errorf("byte %d flipped: not noticed", i)
		}
	}
	if _, err := Unseal("kb-x\x00", sealed[:len(sealed)-1]); err == nil {
		t.Error("truncation not noticed")
	}
}
