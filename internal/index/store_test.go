package index

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/cards"
	"github.com/kb-cli/kb/internal/kb"
)

// cardNotes writes n notes with one card each and indexes them.
func cardNotes(t *testing.T, n int) string {
	t.Helper()
	root := t.TempDir()
	for i := 0; i < n; i++ {
		writeNote(t, root, fmt.Sprintf("n%03d.md", i), fmt.Sprintf("# 노트 %d\n\nQ: 질문 %d?\nA: 답 %d\n", i, i, i))
	}
	if st := refresh(t, Options{Root: root}); st.Notes != n {
		t.Fatalf("%+v", st)
	}
	return root
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// view is what commands see of the index: titles, cards, and the manifest.
type view struct {
	titles []Title
	cards  []cards.Card
	paths  []string
}

func viewOf(t *testing.T, root string) view {
	t.Helper()
	ix, err := Open(Options{Root: root, Warn: func(w string) { t.Errorf("warning: %s", w) }})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var v view
	if v.titles, err = ix.Titles(); err != nil {
		t.Fatal(err)
	}
	if v.cards, err = ix.Cards(); err != nil {
		t.Fatal(err)
	}
	for _, e := range ix.st.m.entries {
		v.paths = append(v.paths, e.Path)
	}
	return v
}

// An edit appends to the journal and leaves the files describing every
// note as they were; what commands see is the same as after a rebuild.
func TestAnEditWritesOnlyTheJournal(t *testing.T) {
	root := cardNotes(t, 30)
	lay := kb.At(root)
	before := map[string][]byte{}
	for _, f := range []string{lay.Manifest(), lay.CardData(), lay.Titles()} {
		before[f] = readFile(t, f)
	}
	journal := len(readFile(t, lay.Journal()))

	writeNote(t, root, "n005.md", "# 바뀐 제목\n\nQ: 새 질문?\nA: 새 답\n")
	writeNote(t, root, "new.md", "# 새 노트\n\n- 용어 :: 뜻\n")
	os.Remove(filepath.Join(root, "n007.md"))
	os.Rename(filepath.Join(root, "n009.md"), filepath.Join(root, "sub-n009.md"))
	st := refresh(t, Options{Root: root})
	if st.Updated != 1 || st.Added != 1 || st.Removed != 1 || st.Renamed != 1 || st.Notes != 30 {
		t.Fatalf("%+v", st)
	}
	for f, b := range before {
		if !bytes.Equal(readFile(t, f), b) {
			t.Errorf("%s was rewritten for an edit", f)
		}
	}
	if grown := len(readFile(t, lay.Journal())) - journal; grown <= 0 || grown > 2000 {
		t.Errorf("the journal grew by %d bytes", grown)
	}
	got := viewOf(t, root)
	if i := slices.IndexFunc(got.titles, func(t Title) bool { return t.Path == "n005.md" }); i < 0 || got.titles[i].Title != "바뀐 제목" {
		t.Errorf("titles %v", got.titles)
	}
	refresh(t, Options{Root: root, Rebuild: true})
	if want := viewOf(t, root); !reflect.DeepEqual(got, want) {
		t.Errorf("from the journal:\n%+v\nafter a rebuild:\n%+v", got, want)
	}
}

// Once the journal outgrows its limit, it is folded into new base files and
// started anew; nothing is lost on the way.
func TestJournalIsCompacted(t *testing.T) {
	defer func(v int64) { minCompact = v }(minCompact)
	minCompact = 0 // compact at half the manifest's size
	root := cardNotes(t, 40)
	gen := func() uint64 {
		s, err := readState(kb.At(root))
		if err != nil {
			t.Fatal(err)
		}
		return s.m.Gen
	}
	g0 := gen()
	compacted := false
	for i := 0; i < 40 && !compacted; i++ {
		writeNote(t, root, fmt.Sprintf("n%03d.md", i), fmt.Sprintf("# 고친 노트 %d\n\nQ: 고친 질문 %d?\nA: 답\n", i, i))
		refresh(t, Options{Root: root})
		compacted = gen() != g0
	}
	if !compacted {
		t.Fatal("the journal was never compacted")
	}
	s, _ := readState(kb.At(root))
	if len(s.j.records) != 0 || s.j.gen != s.m.Gen {
		t.Errorf("after compaction the journal holds %d records of generation %d (manifest %d)", len(s.j.records), s.j.gen, s.m.Gen)
	}
	got := viewOf(t, root)
	refresh(t, Options{Root: root, Rebuild: true})
	if want := viewOf(t, root); !reflect.DeepEqual(got, want) {
		t.Errorf("after compaction:\n%+v\nafter a rebuild:\n%+v", got, want)
	}
}

// A record cut short (kb killed while appending) ends the journal: the note
// it described is read again, and the next append cuts the file back first
// so that later records are not hidden behind the broken one.
func TestJournalCutShort(t *testing.T) {
	root := cardNotes(t, 5)
	jp := kb.At(root).Journal()
	writeNote(t, root, "n001.md", "# 하나\n")
	refresh(t, Options{Root: root})
	whole := readFile(t, jp)
	writeNote(t, root, "n002.md", "# 둘\n")
	refresh(t, Options{Root: root})
	cut := readFile(t, jp)
	if len(cut) <= len(whole)+8 {
		t.Fatalf("no record appended: %d, %d bytes", len(whole), len(cut))
	}
	os.WriteFile(jp, cut[:len(cut)-3], 0o644)
	if st := refresh(t, Options{Root: root}); st.Updated != 1 {
		t.Fatalf("the note of the cut record was not read again: %+v", st)
	}
	if st := refresh(t, Options{Root: root}); st.Changed() {
		t.Fatalf("after the repair: %+v", st)
	}
	if got := viewOf(t, root); !slices.Contains(got.titles, Title{"n002.md", "둘"}) {
		t.Errorf("titles %v", got.titles)
	}
	// A flipped bit in a record is noticed by its checksum the same way.
	data := readFile(t, jp)
	data[len(whole)+12] ^= 0x40
	os.WriteFile(jp, data, 0o644)
	if st := refresh(t, Options{Root: root}); st.Updated != 1 {
		t.Fatalf("a damaged record was believed: %+v", st)
	}
}

// A writer that finds the manifest or journal changed since it read them
// (another process updated the index while it waited for the lock) reads
// them again instead of writing over the other's work.
func TestWriterRereadsWhatAnotherChanged(t *testing.T) {
	root := cardNotes(t, 5)
	writeNote(t, root, "a.md", "# 가\n")
	writeNote(t, root, "b.md", "# 나\n")
	first, err := Open(Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	sr := <-first.scan
	c := diff(sr.files, first.st.m, 0)
	if len(c.changed) != 2 {
		t.Fatalf("changes %+v", c)
	}
	// Between the shared lock and the exclusive one, another process
	// indexes both notes.
	first.bi.Close()
	first.bi = nil
	first.lock.Release()
	first.lock = nil
	if st := refresh(t, Options{Root: root, LockTimeout: 300 * time.Millisecond}); st.Added != 2 {
		t.Fatalf("other process: %+v", st)
	}
	st, err := first.write(sr.files, &c)
	if err != nil {
		t.Fatal(err)
	}
	if st.Added != 0 || st.Rebuilt || first.Count() != 7 {
		t.Fatalf("first: %+v, %d notes", st, first.Count())
	}
	first.Close()
	if got := viewOf(t, root); len(got.titles) != 7 || len(got.paths) != 7 {
		t.Fatalf("%+v", got)
	}
}

// A card or title base older than the manifest missed records (a journal
// emptied after it was written): it is not believed.
func TestBaseOlderThanTheManifest(t *testing.T) {
	defer func(v int64) { minCompact = v }(minCompact)
	root := cardNotes(t, 3)
	lay := kb.At(root)
	oldCards, oldTitles := readFile(t, lay.CardData()), readFile(t, lay.Titles())
	minCompact = 0
	for i := 0; i < 10; i++ {
		writeNote(t, root, "n000.md", fmt.Sprintf("# 판 %d\n", i))
		refresh(t, Options{Root: root})
	}
	os.WriteFile(lay.CardData(), oldCards, 0o644)
	os.WriteFile(lay.Titles(), oldTitles, 0o644)
	var warns []string
	ix, err := Open(Options{Root: root, Warn: func(w string) { warns = append(warns, w) }})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Titles(); err == nil {
		t.Error("an old title base was believed")
	}
	cs, err := ix.Cards()
	if err != nil || len(cs) != 2 || len(warns) != 1 || !strings.Contains(warns[0], "older than the manifest") {
		t.Errorf("cards %v, %v, warnings %q", cs, err, warns)
	}
}

func TestCardsRoundTrip(t *testing.T) {
	cs := []cards.Card{
		{ID: "a1", Kind: cards.KindQA, Path: "k8s/a.md", Line: 3, Title: "A", Context: []string{"h1", "h2"}, Question: "Pod란?", Answer: "가장 작은 단위", Deck: "k8s", Tags: []string{"x"}},
		{ID: "b2", Kind: cards.KindCloze, Path: "k8s/a.md", Line: 1 << 20, Question: "", Answer: "\x00\n"},
	}
	got, err := decodeCards(encodeCards(cs))
	if err != nil || !reflect.DeepEqual(got, cs) {
		t.Fatalf("%+v %v", got, err)
	}
	if got, err := decodeCards(encodeCards(nil)); err != nil || got != nil {
		t.Fatalf("%+v %v", got, err)
	}
	blob := encodeCards(cs)
	for cut := 1; cut < len(blob); cut += 7 {
		if _, err := decodeCards(blob[:cut]); err == nil {
			t.Fatalf("cut at %d accepted", cut)
		}
	}
}

// Titles read through the journal keep kb list's order, whatever the mix
// of changes, as a rebuild would write them.
func TestOverlayTitlesKeepsTheOrder(t *testing.T) {
	var base []Title
	for i := 0; i < 50; i++ {
		base = append(base, Title{fmt.Sprintf("n%02d.md", i), fmt.Sprintf("Title %02d", i)})
	}
	recs := []record{
		{change: change{put: entry{Path: "n10.md"}}, title: "title 10"},             // same key, other case
		{change: change{put: entry{Path: "n11.md"}}, title: "  Title   05 "},        // same key as n05
		{change: change{put: entry{Path: "new.md"}}, title: "가"},                    // after every Latin title
		{change: change{put: entry{Path: "aaa.md"}}, title: "Title 00"},             // ties with n00, path first
		{change: change{del: true, key: "n20.md"}},                                  // removed
		{change: change{put: entry{Path: "n30.md", Skipped: "binary"}}},             // skipped now
		{change: change{put: entry{Path: "n31.md"}}, title: "A"},                    // first
		{change: change{put: entry{Path: "n31.md"}}, title: "Title 99"},             // last one wins
		{change: change{put: entry{Path: "n40.md"}}, title: "zzz"},                  // moved to the end
		{change: change{del: true, key: "n41.md"}},                                  // removed...
		{change: change{put: entry{Path: "n41.md"}}, title: "Title 41"},             // ...and back
		{change: change{put: entry{Path: "n42.md"}, del: false}, title: "Title 42"}, // unchanged title
	}
	for _, many := range []bool{false, true} {
		b := base
		if many { // the merge path: as many changes as titles
			b = base[:10]
		}
		got := overlayTitles(slices.Clone(b), recs)
		want := map[string]string{}
		for _, t := range b {
			want[t.Path] = t.Title
		}
		for _, r := range recs {
			delete(want, r.path())
			if !r.del && r.put.Skipped == "" {
				want[r.path()] = r.title
			}
		}
		var ws []Title
		for p, title := range want {
			ws = append(ws, Title{p, title})
		}
		slices.SortFunc(ws, func(a, b Title) int { return cmp2(TitleKey(a.Title), TitleKey(b.Title), a.Path, b.Path) })
		if !reflect.DeepEqual(got, ws) {
			t.Errorf("many=%v:\ngot  %v\nwant %v", many, got, ws)
		}
	}
}

// A state read from disk stays current until another process writes the
// manifest or the journal: only then does a writer read them again.
func TestStateCurrent(t *testing.T) {
	defer func(v int64) { minCompact = v }(minCompact)
	root := cardNotes(t, 3)
	lay := kb.At(root)
	s, err := readState(lay)
	if err != nil || !s.current(lay) {
		t.Fatalf("fresh state not current: %v", err)
	}
	refresh(t, Options{Root: root}) // nothing changed: nothing written
	if !s.current(lay) {
		t.Fatal("a no-op refresh made the state stale")
	}
	writeNote(t, root, "n001.md", "# 바뀜\n")
	refresh(t, Options{Root: root}) // a journal record
	if s.current(lay) {
		t.Fatal("an appended journal went unnoticed")
	}
	s, _ = readState(lay)
	minCompact = 0
	for i := 0; i < 10 && s.current(lay); i++ {
		writeNote(t, root, "n002.md", fmt.Sprintf("# 판 %d\n", i))
		refresh(t, Options{Root: root})
		if s2, _ := readState(lay); s2.m.Gen != s.m.Gen {
			break // compacted
		}
		s, _ = readState(lay)
	}
	if s.current(lay) {
		t.Fatal("a compaction went unnoticed")
	}
}
