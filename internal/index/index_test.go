package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/kb"
	"github.com/kb-cli/kb/internal/notes"
)

func writeNote(t *testing.T, root, rel, body string) {
	t.Helper()
	p := filepath.Join(root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func refresh(t *testing.T, opts Options) Stats {
	t.Helper()
	ix, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	st, err := ix.Refresh()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestRefreshCounts(t *testing.T) {
	root := t.TempDir()
	writeNote(t, root, "a.md", "# 가\n")
	writeNote(t, root, "b.md", "# 나\n")
	opts := Options{Root: root}
	if st := refresh(t, opts); !st.Rebuilt || st.Added != 2 || st.Notes != 2 {
		t.Fatalf("first: %+v", st)
	}
	if st := refresh(t, opts); st.Changed() || st.Unchanged != 2 {
		t.Fatalf("no-op: %+v", st)
	}
	os.Rename(filepath.Join(root, "a.md"), filepath.Join(root, "sub-a.md"))
	writeNote(t, root, "b.md", "# 나 바뀜\n")
	writeNote(t, root, "c.md", "# 다\n")
	st := refresh(t, opts)
	if st.Renamed != 1 || st.Updated != 1 || st.Added != 1 || st.Removed != 0 || st.Notes != 3 {
		t.Fatalf("changes: %+v", st)
	}
	os.Remove(filepath.Join(root, "c.md"))
	if st := refresh(t, opts); st.Removed != 1 || st.Notes != 2 {
		t.Fatalf("removal: %+v", st)
	}
}

func TestSizeLimitChangesAreApplied(t *testing.T) {
	root := t.TempDir()
	writeNote(t, root, "big.md", "# 큰 노트\n"+strings.Repeat("x", 4000))
	if st := refresh(t, Options{Root: root, MaxFileSize: 1000}); st.Skipped != 1 || st.Notes != 0 {
		t.Fatalf("small limit: %+v", st)
	}
	if st := refresh(t, Options{Root: root, MaxFileSize: 10000}); st.Added != 1 || st.Notes != 1 {
		t.Fatalf("larger limit: %+v", st)
	}
	if st := refresh(t, Options{Root: root, MaxFileSize: 1000}); st.Skipped != 1 || st.Notes != 0 {
		t.Fatalf("smaller again: %+v", st)
	}
}

func TestSchemaChangeRebuilds(t *testing.T) {
	root := t.TempDir()
	writeNote(t, root, "a.md", "# 가\n")
	refresh(t, Options{Root: root})
	s, err := readState(kb.At(root))
	if err != nil {
		t.Fatal(err)
	}
	m := s.m
	m.Schema = SchemaVersion - 1
	if err := m.save(kb.At(root).Manifest()); err != nil {
		t.Fatal(err)
	}
	var warns []string
	st := refresh(t, Options{Root: root, Warn: func(w string) { warns = append(warns, w) }})
	if !st.Rebuilt || st.Notes != 1 || len(warns) != 1 || !strings.Contains(warns[0], "format changed") {
		t.Fatalf("stats %+v warnings %q", st, warns)
	}
}

func TestBusyWhenAnotherProcessWrites(t *testing.T) {
	root := t.TempDir()
	writeNote(t, root, "a.md", "# 가\n")
	refresh(t, Options{Root: root})
	writeNote(t, root, "b.md", "# 나\n") // a change: this open must write

	held, err := fsutil.Acquire(filepath.Join(root, ".kb", "index.lock"), true, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = Open(Options{Root: root, LockTimeout: 100 * time.Millisecond})
	var busy *BusyError
	if !errors.As(err, &busy) {
		t.Fatalf("got %v, want busy", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("waited %v", time.Since(start))
	}
	held.Release()
	if st := refresh(t, Options{Root: root}); st.Added != 1 {
		t.Fatalf("after the lock: %+v", st)
	}
}

func TestReadersShareTheIndex(t *testing.T) {
	root := t.TempDir()
	writeNote(t, root, "a.md", "# 가\n")
	refresh(t, Options{Root: root})
	a, err := Open(Options{Root: root, LockTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(Options{Root: root, LockTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("second reader: %v", err)
	}
	defer b.Close()
	for _, ix := range []*Index{a, b} {
		if st, err := ix.Refresh(); err != nil || st.Changed() {
			t.Fatalf("%+v %v", st, err)
		}
	}
}

func TestManifestRoundTrip(t *testing.T) {
	p := filepath.Join(t.TempDir(), "m")
	m := newManifest()
	a := entry{Path: "b.md", Size: 1 << 40, TooLarge: true, Skipped: "big"}
	b := entry{Path: "가/나.md", Disk: "nfd", Size: 3, ModTime: -5, Change: notes.ChangeSig{CTime: 1e18, Inode: 1 << 63}, Hash: [16]byte{1, 2}, Skipped: "binary"}
	m.entries = []entry{a, b}
	if err := m.save(p); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(p)
	got, err := decodeManifest(data)
	if err != nil || len(got.entries) != 2 || got.entries[0] != a || got.entries[1] != b || got.Gen != m.Gen {
		t.Fatalf("%+v %v", got, err)
	}
	for _, cut := range []int{0, 5, len(data) / 2, len(data) - 1} {
		if _, err := decodeManifest(data[:cut]); err == nil {
			t.Errorf("truncated at %d accepted", cut)
		}
	}
	data[len(data)/2] ^= 0xff
	if _, err := decodeManifest(data); err == nil {
		t.Error("flipped byte accepted")
	}
}

func TestCardsFollowTheNotes(t *testing.T) {
	root := t.TempDir()
	writeNote(t, root, "k8s/a.md", "# A\n\n## Pod란?\n\n가장 작은 배포 단위\n")
	writeNote(t, root, "b.md", "Q: TCP란?\nA: 연결 지향\n")
	ix, err := Open(Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := ix.Cards()
	ix.Close()
	if err != nil || len(cs) != 2 || cs[0].Path != "b.md" || cs[1].Question != "Pod란?" || cs[1].Deck != "k8s" {
		t.Fatalf("%+v %v", cs, err)
	}
	writeNote(t, root, "b.md", "no cards now\n")
	os.Remove(filepath.Join(root, "k8s/a.md"))
	writeNote(t, root, "c.md", "- 멱등성 :: 같은 결과\n")
	ix, _ = Open(Options{Root: root})
	cs, _ = ix.Cards()
	ix.Close()
	if len(cs) != 1 || cs[0].Question != "멱등성" {
		t.Fatalf("after changes: %+v", cs)
	}
	// A lost card cache rebuilds the index rather than hiding cards.
	os.Remove(kb.At(root).CardData())
	var warns []string
	ix, _ = Open(Options{Root: root, Warn: func(w string) { warns = append(warns, w) }})
	cs, _ = ix.Cards()
	ix.Close()
	if len(cs) != 1 || len(warns) != 1 {
		t.Fatalf("cards %v warnings %v", cs, warns)
	}
}

// A card cache damaged on disk is noticed by its checksum and rebuilt with a
// warning, whether the notes changed (an update would otherwise keep only the
// cards of the notes it reads) or not.
func TestDamagedCardCacheIsRebuilt(t *testing.T) {
	root := t.TempDir()
	for i := 0; i < 20; i++ {
		writeNote(t, root, fmt.Sprintf("n%02d.md", i), fmt.Sprintf("Q: 질문 %d?\nA: 답 %d\n", i, i))
	}
	cardsOf := func() ([]string, int) {
		var warns []string
		ix, err := Open(Options{Root: root, Warn: func(w string) { warns = append(warns, w) }})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		cs, err := ix.Cards()
		if err != nil {
			t.Fatal(err)
		}
		return warns, len(cs)
	}
	if _, n := cardsOf(); n != 20 {
		t.Fatalf("%d cards", n)
	}
	scribble := func() {
		p := kb.At(root).CardData()
		b, _ := os.ReadFile(p)
		b[len(b)/2] ^= 0x01 // one bit, in the middle: gob may still decode it
		os.WriteFile(p, b, 0o644)
	}
	for _, change := range []bool{false, true} {
		scribble()
		if change {
			writeNote(t, root, "n00.md", "Q: 바뀐 질문?\nA: 답\n")
		}
		warns, n := cardsOf()
		if n != 20 || len(warns) != 1 || !strings.Contains(warns[0], "card cache is damaged (checksum mismatch)") {
			t.Errorf("notes changed %v: %d cards, warnings %q", change, n, warns)
		}
		if warns, n := cardsOf(); n != 20 || len(warns) != 0 {
			t.Errorf("after the rebuild: %d cards, warnings %q", n, warns)
		}
	}
}

// A same-size edit whose mtime is put back (touch -r, a sync tool) changes
// the inode change time, which no tool can set: the refresh notices it.
func TestSameSizeEditWithRestoredMtimeIsNoticed(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the change signal is read on Linux")
	}
	root := t.TempDir()
	p := filepath.Join(root, "a.md")
	writeNote(t, root, "a.md", "# alpha\n")
	opts := Options{Root: root}
	refresh(t, opts)
	fi, _ := os.Stat(p)
	ctime := func() int64 { fi, _ := os.Stat(p); st := fi.Sys().(*syscall.Stat_t); return st.Ctim.Nano() }
	before := ctime()
	// The kernel's ctime ticks coarsely: edit until it has moved on.
	for i := 0; i < 200 && ctime() == before; i++ {
		time.Sleep(5 * time.Millisecond)
		writeNote(t, root, "a.md", "# omega\n")
		os.Chtimes(p, fi.ModTime(), fi.ModTime())
	}
	if after, _ := os.Stat(p); after.Size() != fi.Size() || !after.ModTime().Equal(fi.ModTime()) {
		t.Fatal("the edit changed size or mtime")
	}
	if st := refresh(t, opts); st.Updated != 1 {
		t.Fatalf("same-size edit with restored mtime: %+v", st)
	}
	ix, _ := Open(opts)
	defer ix.Close()
	q := bleve.NewMatchQuery("omega")
	q.SetField(FieldTitle)
	res, err := ix.Search(bleve.NewSearchRequest(q))
	if err != nil || res.Total != 1 {
		t.Errorf("the new text is not found: %v %v", res, err)
	}
}
