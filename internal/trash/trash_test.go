package trash

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestMoveListRestore(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, ".kb"), 0o755)
	os.MkdirAll(filepath.Join(root, "k8s"), 0o755)
	p := filepath.Join(root, "k8s", "pod.md")
	os.WriteFile(p, []byte("# Pod\n"), 0o644)
	now := time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)

	dst, err := Move(root, "k8s/pod.md", now)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(root, ".kb", "trash", "20260115-090000", "k8s", "pod.md"); dst != want {
		t.Errorf("moved to %s, want %s", dst, want)
	}
	if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the note is still there: %v", err)
	}
	// The same path removed again in the same second gets its own folder.
	os.WriteFile(p, []byte("# Pod 2\n"), 0o644)
	if _, err := Move(root, "k8s/pod.md", now); err != nil {
		t.Fatal(err)
	}
	list, err := List(root)
	if err != nil || len(list) != 2 || list[0].Path != "k8s/pod.md" || list[0].stamp != "20260115-090000-2" {
		t.Fatalf("list %+v %v", list, err)
	}
	e, err := Find(list, "pod")
	if err != nil || e.stamp != "20260115-090000-2" {
		t.Fatalf("find: %+v %v", e, err)
	}
	if err := Restore(root, e); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "# Pod 2\n" {
		t.Errorf("restored %q", b)
	}
	list, _ = List(root)
	if err := Restore(root, list[0]); !errors.Is(err, ErrOccupied) {
		t.Errorf("restoring over a note: %v", err)
	}
	if _, err := Find(list, "nothing"); err == nil {
		t.Error("found a note that is not in the trash")
	}
}

func TestListEmpty(t *testing.T) {
	if l, err := List(t.TempDir()); err != nil || len(l) != 0 {
		t.Errorf("%v %v", l, err)
	}
}
