package index

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/kb-cli/kb/internal/kb"
)

func TestTitlesFollowTheNotes(t *testing.T) {
	root := t.TempDir()
	writeNote(t, root, "b.md", "# 나\n")
	writeNote(t, root, "a.md", "# 가\n")
	writeNote(t, root, "c.md", "# Ab\n")
	opts := Options{Root: root}
	titles := func() []Title {
		t.Helper()
		ix, err := Open(opts)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		ts, err := ix.Titles()
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	// By title as kb list sorts: the title key, then the path.
	if got, want := titles(), []Title{{"c.md", "Ab"}, {"a.md", "가"}, {"b.md", "나"}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("titles %v, want %v", got, want)
	}
	writeNote(t, root, "a.md", "# 가 바뀜\n")
	os.Rename(filepath.Join(root, "b.md"), filepath.Join(root, "d.md"))
	os.Remove(filepath.Join(root, "c.md"))
	if got, want := titles(), []Title{{"a.md", "가 바뀜"}, {"d.md", "나"}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after changes %v, want %v", got, want)
	}
	// A damaged cache is reported, not trusted, and stays unused until a rebuild.
	if err := os.WriteFile(kb.At(root).Titles(), []byte("kb-titles\x00garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	writeNote(t, root, "e.md", "# 마\n")
	ix, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Titles(); err == nil {
		t.Fatal("a damaged title cache was trusted")
	}
	ix.Close()
	refresh(t, Options{Root: root, Rebuild: true})
	if got := titles(); len(got) != 3 {
		t.Fatalf("after rebuild %v", got)
	}
}
