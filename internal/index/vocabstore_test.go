package index

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kb-cli/kb/internal/kb"
)

func vocabLayout(t *testing.T) kb.Layout {
	t.Helper()
	lay := kb.At(t.TempDir())
	if err := os.MkdirAll(lay.Index(), 0o755); err != nil {
		t.Fatal(err)
	}
	return lay
}

func scanAll(v *vocabStore, lo, hi string, more []string) string {
	var out []string
	v.scan(lo, hi, more, func(t string) bool {
		out = append(out, t)
		return true
	})
	return strings.Join(out, " ")
}

func mustOpenVocab(t *testing.T, lay kb.Layout) *vocabStore {
	t.Helper()
	v, err := openVocab(lay)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Terms appended to the delta are read back with the main file's, in one
// order; folding moves them into a new main file and drops the delta.
func TestVocabStoreDeltaAndFold(t *testing.T) {
	lay := vocabLayout(t)
	if _, err := openVocab(lay); err != errNoVocab {
		t.Fatalf("missing store: %v", err)
	}
	if _, err := writeVocab(lay, 7, []string{"lk:a", "w가나", "w다라"}); err != nil {
		t.Fatal(err)
	}
	v := mustOpenVocab(t, lay)
	if err := v.appendDelta(lay, []string{"w나비"}); err != nil {
		t.Fatal(err)
	}
	if err := v.appendDelta(lay, []string{"lk:b", "w가다"}); err != nil {
		t.Fatal(err)
	}
	if !v.has("w나비") || !v.has("w가나") || v.has("w없음") {
		t.Error("has misses a term appended or in the main file")
	}
	v = mustOpenVocab(t, lay)
	if got := scanAll(v, "w", "x", nil); got != "w가나 w가다 w나비 w다라" {
		t.Errorf("words: %q", got)
	}
	if got := scanAll(v, "w", "x", []string{"w가가", "w나비", "w마"}); got != "w가가 w가나 w가다 w나비 w다라 w마" {
		t.Errorf("words with more: %q", got)
	}
	if got := scanAll(v, "lk:", prefixEnd("lk:"), nil); got != "lk:a lk:b" {
		t.Errorf("loans: %q", got)
	}
	if got := scanAll(nil, "w", "x", []string{"lk:z", "w하"}); got != "w하" {
		t.Errorf("no store: %q", got)
	}

	if err := v.fold(lay); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(lay.VocabularyDelta()); !os.IsNotExist(err) {
		t.Errorf("the delta outlived the fold: %v", err)
	}
	v = mustOpenVocab(t, lay)
	if got := scanAll(v, "", "\xff", nil); v.gen != 8 || len(v.delta) != 0 || got != "lk:a lk:b w가나 w가다 w나비 w다라" {
		t.Errorf("after the fold: gen %d, delta %q, terms %q", v.gen, v.delta, got)
	}
}

// A record cut short (a crash while appending, before Bleve had its batch)
// ends the delta; the next append cuts the file back first.
func TestVocabDeltaCutShort(t *testing.T) {
	lay := vocabLayout(t)
	if _, err := writeVocab(lay, 1, nil); err != nil {
		t.Fatal(err)
	}
	v := mustOpenVocab(t, lay)
	v.appendDelta(lay, []string{"w하나"})
	v.appendDelta(lay, []string{"w둘둘"})
	fi, _ := os.Stat(lay.VocabularyDelta())
	if err := os.Truncate(lay.VocabularyDelta(), fi.Size()-2); err != nil {
		t.Fatal(err)
	}
	v = mustOpenVocab(t, lay)
	if got := strings.Join(v.delta, " "); got != "w하나" {
		t.Fatalf("cut short: %q", got)
	}
	if err := v.appendDelta(lay, []string{"w셋셋"}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(mustOpenVocab(t, lay).delta, " "); got != "w셋셋 w하나" {
		t.Errorf("appended after the cut: %q", got)
	}
}

// A delta of an older generation is in the main file already (a fold
// writes the main file first): it is ignored, and replaced on append.
func TestVocabDeltaOfAnOlderGeneration(t *testing.T) {
	lay := vocabLayout(t)
	writeVocab(lay, 1, []string{"w가나"})
	v := mustOpenVocab(t, lay)
	v.appendDelta(lay, []string{"w다라"})
	old, _ := os.ReadFile(lay.VocabularyDelta())
	if err := v.fold(lay); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(lay.VocabularyDelta(), old, 0o644) // as if the fold stopped before removing it
	v = mustOpenVocab(t, lay)
	if len(v.delta) != 0 || !v.has("w다라") {
		t.Fatalf("delta %q", v.delta)
	}
	if err := v.appendDelta(lay, []string{"w마바"}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(mustOpenVocab(t, lay).delta, " "); got != "w마바" {
		t.Errorf("delta %q", got)
	}
}

func TestVocabMainDamaged(t *testing.T) {
	lay := vocabLayout(t)
	writeVocab(lay, 1, []string{"w가나", "w다라"})
	data, _ := os.ReadFile(lay.Vocabulary())
	data[len(data)/2] ^= 0x55
	os.WriteFile(lay.Vocabulary(), data, 0o644)
	if _, err := openVocab(lay); err != errNoVocab {
		t.Errorf("damaged: %v", err)
	}
	os.WriteFile(lay.Vocabulary(), []byte(vocabMagic), 0o644)
	if _, err := openVocab(lay); err != errNoVocab {
		t.Errorf("truncated: %v", err)
	}
}

// The store keeps the words of notes since edited or removed; the look-ups
// check each against the index, so a word in no note is never offered.
func TestLookupOffersOnlyWordsOfTheNotes(t *testing.T) {
	root := t.TempDir()
	writeNote(t, root, "a.md", "# 쿠버네티스 노트\n\nIstio 서비스 메시\n")
	writeNote(t, root, "b.md", "# 다른 노트\n\n도커 이야기\n")
	offered := func() string {
		t.Helper()
		ix, err := Open(Options{Root: root})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if _, err := ix.Refresh(); err != nil {
			t.Fatal(err)
		}
		lk, err := ix.Lookup()
		if err != nil {
			t.Fatal(err)
		}
		defer lk.Close()
		return strings.Join(lk.CloseHangul("쿠버네테스", 1), " ") + "|" + strings.Join(lk.Loanwords("VST"), " ") +
			"|" + strings.Join(lk.CloseHangul("테라퐁", 1), " ") + "|" + strings.Join(lk.Loanwords("TLPM"), " ")
	}
	if got := offered(); got != "쿠버네티스|istio||" {
		t.Fatalf("built: %q", got)
	}
	// An edit adds words (to the delta) and drops others.
	writeNote(t, root, "a.md", "# 다른 이름\n\n테라폼 terraform\n")
	if got := offered(); got != "||테라폼|terraform 테라폼" {
		t.Errorf("after an edit: %q", got)
	}
	if v := mustOpenVocab(t, kb.At(root)); !slices.Contains(v.delta, "w테라폼") || !v.has("w쿠버네티스") {
		t.Errorf("the edit's words are not in the delta, or old ones left the store: %q", v.delta)
	}
	os.Remove(filepath.Join(root, "a.md"))
	if got := offered(); got != "|||" {
		t.Errorf("after removing the note: %q", got)
	}
}

// Without its store an index cannot correct typos for good: a missing one
// is rebuilt at the next look-up, a damaged one at the next update.
func TestVocabStoreLostOrDamaged(t *testing.T) {
	root := t.TempDir()
	writeNote(t, root, "a.md", "# 쿠버네티스\n")
	refresh(t, Options{Root: root})
	lay := kb.At(root)
	os.Remove(lay.Vocabulary())
	ix, warns := openWarned(t, root)
	lk, err := ix.Lookup()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(lk.CloseHangul("쿠버네테스", 1), " "); got != "쿠버네티스" {
		t.Errorf("after losing the store: %q", got)
	}
	lk.Close()
	ix.Close()
	if got := strings.Join(*warns, "\n"); got != "the word list is missing or damaged; rebuilding the index from the notes" {
		t.Errorf("warnings: %q", got)
	}

	os.WriteFile(lay.Vocabulary(), []byte("garbage"), 0o644)
	ix, warns = openWarned(t, root)
	lk, err = ix.Lookup()
	if err != nil {
		t.Fatal(err)
	}
	if got := lk.CloseHangul("쿠버네테스", 1); len(got) != 0 {
		t.Errorf("from a damaged store: %q", got) // nothing, and no crash
	}
	lk.Close()
	ix.Close()
	if len(*warns) != 0 {
		t.Errorf("a search warned of a damaged store it does not rebuild: %q", *warns)
	}
	writeNote(t, root, "b.md", "# 도커\n")
	ix, warns = openWarned(t, root)
	if got := strings.Join(*warns, "\n"); got != "the word list is missing or damaged; rebuilding it from the notes" {
		t.Errorf("warnings: %q", got)
	}
	lk, _ = ix.Lookup()
	defer lk.Close()
	if got := strings.Join(lk.CloseHangul("쿠버네테스", 1), " "); got != "쿠버네티스" {
		t.Errorf("after the update: %q", got)
	}
}

// The words of a batch are on disk in the store before Bleve has the batch:
// a process killed between the two leaves the store ahead, never behind.
func TestVocabStoreWrittenBeforeTheBatch(t *testing.T) {
	root := t.TempDir()
	writeNote(t, root, "a.md", "# 처음 노트\n")
	refresh(t, Options{Root: root})
	writeNote(t, root, "a.md", "# 처음 노트\n\n갈매기살 Kubernetes\n")
	writeNote(t, root, "b.md", "# 두루미떼\n")
	var want []string
	for _, text := range []string{"처음 노트 갈매기살 Kubernetes", "두루미떼"} {
		want = append(want, newVocab().add(text)...)
	}
	batches := 0
	beforeBatch = func() {
		batches++
		v := mustOpenVocab(t, kb.At(root))
		for _, w := range want {
			if !v.has(w) {
				t.Errorf("%q is not in the store on disk when Bleve gets its batch", w)
			}
		}
	}
	t.Cleanup(func() { beforeBatch = nil })
	if st := refresh(t, Options{Root: root}); st.Added != 1 || st.Updated != 1 {
		t.Fatalf("%+v", st)
	}
	if batches == 0 {
		t.Fatal("no batch went to Bleve")
	}
}
