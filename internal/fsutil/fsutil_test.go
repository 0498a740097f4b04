package fsutil

import (
	"errors"
	"os"
	"path/filepath"
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
