package fsutil

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A cache read stays what it was when the file is replaced by rename, as
// kb replaces caches; the next read sees the new file.
func TestReadCacheKeepsWhatItReadAcrossRename(t *testing.T) {
	p := filepath.Join(t.TempDir(), "kb-cards")
	old := strings.Repeat("옛 카드 ", 5000)
	if err := WriteFileAtomic(p, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	first, err := ReadCache(p)
	if err != nil || string(first) != old {
		t.Fatalf("first read: %v, %d bytes", err, len(first))
	}
	if err := WriteFileAtomic(p, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	second, err := ReadCache(p)
	if err != nil || string(second) != "new" {
		t.Fatalf("second read: %v %q", err, second)
	}
	if string(first) != old {
		t.Error("the first read changed when the file was replaced")
	}
	// The second read of a path is a copy (only the first is mapped): a
	// write to it must not fault.
	second[0] = 'N'
}

func TestReadCacheSmallEmptyAndMissing(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadCache(empty); err != nil || len(b) != 0 {
		t.Errorf("empty file: %q %v", b, err)
	}
	if _, err := ReadCache(filepath.Join(dir, "missing")); !os.IsNotExist(err) {
		t.Errorf("missing file: %v", err)
	}
	// Past the budget of mappings, files are still read whole.
	for i := range maxMaps + 3 {
		p := filepath.Join(dir, fmt.Sprint(i))
		want := fmt.Sprintf("cache %d", i)
		if err := os.WriteFile(p, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		if b, err := ReadCache(p); err != nil || string(b) != want {
			t.Errorf("file %d: %q %v", i, b, err)
		}
	}
}
