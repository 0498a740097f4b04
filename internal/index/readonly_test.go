package index

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/kb-cli/kb/internal/kb"
)

// cannotWriteIndex makes taking the index lock for writing fail as on a
// read-only disk, for the rest of the test.
func cannotWriteIndex(t *testing.T, root string) {
	failExclusive = &os.PathError{Op: "open", Path: filepath.Join(root, ".kb", "index.lock"), Err: syscall.EROFS}
	t.Cleanup(func() { failExclusive = nil })
}

func openWarned(t *testing.T, root string) (*Index, *[]string) {
	t.Helper()
	warns := &[]string{}
	ix, err := Open(Options{Root: root, Warn: func(s string) { *warns = append(*warns, s) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Refresh(); err != nil {
		t.Fatal(err)
	}
	return ix, warns
}

// paths are the notes a match query finds in field (all notes if text is "").
func paths(t *testing.T, ix *Index, field, text string) []string {
	t.Helper()
	var q query.Query = bleve.NewMatchAllQuery()
	if text != "" {
		mq := bleve.NewMatchQuery(text)
		mq.SetField(field)
		q = mq
	}
	req := bleve.NewSearchRequestOptions(q, 100, 0, false)
	req.Fields = []string{FieldPath}
	res, err := ix.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Fields[FieldPath].(string))
	}
	sort.Strings(out)
	if int(res.Total) != len(out) {
		t.Errorf("total %d, hits %v", res.Total, out)
	}
	return out
}

func TestReadOnlyAnswersWithChangedNotes(t *testing.T) {
	root := t.TempDir()
	writeNote(t, root, ".kb/.keep", "")
	writeNote(t, root, "keep.md", "# 그대로\n\nsteady words\n\n## 남은 질문?\n\n답.\n")
	writeNote(t, root, "edit.md", "# 고칠 노트\n\noldword shared\n\n## 옛 질문?\n\n답.\n")
	writeNote(t, root, "gone.md", "# 지울 노트\n\ngoneword\n\n## 지운 질문?\n\n답.\n")
	refresh(t, Options{Root: root})

	writeNote(t, root, "edit.md", "# 고친 노트\n\nnewword shared\n\n## 새 질문?\n\n답.\n")
	writeNote(t, root, "added.md", "---\ntags: [fresh]\n---\n# 더한 노트\n\naddedword shared\n\n## 더한 질문?\n\n답.\n")
	os.Remove(filepath.Join(root, "gone.md"))
	cannotWriteIndex(t, root)
	before := snapshot(t, root)

	ix, warns := openWarned(t, root)
	want := "the index cannot be updated (read-only file system): answering from it as it was and from the 3 note(s) changed since, read anew"
	if strings.Join(*warns, "\n") != want {
		t.Errorf("warnings %q, want %q", *warns, want)
	}
	for _, c := range []struct{ text, want string }{
		{"addedword", "added.md"},
		{"newword", "edit.md"},
		{"oldword", ""},
		{"goneword", ""},
		{"shared", "added.md edit.md"}, // the stale edit.md is hidden, not shown twice
		{"steady", "keep.md"},
		{"", "added.md edit.md keep.md"},
	} {
		if got := strings.Join(paths(t, ix, FieldBody, c.text), " "); got != c.want {
			t.Errorf("%q finds %q, want %q", c.text, got, c.want)
		}
	}
	if got := strings.Join(paths(t, ix, FieldTags, "fresh"), " "); got != "added.md" {
		t.Errorf("tag fresh finds %q", got)
	}
	if st, _ := ix.Refresh(); ix.Count() != 3 || st.Notes != 3 || st.Unwritable != "read-only file system" {
		t.Errorf("Count %d, stats %+v; want 3 notes, unwritable", ix.Count(), st)
	}
	cs, err := ix.Cards()
	if err != nil {
		t.Fatal(err)
	}
	var qs []string
	for _, c := range cs {
		qs = append(qs, c.Path+":"+c.Question)
	}
	if got := strings.Join(qs, " "); got != "added.md:더한 질문? edit.md:새 질문? keep.md:남은 질문?" {
		t.Errorf("cards %q", got)
	}
	// Words are looked up in both indexes.
	lk, err := ix.Lookup()
	if err != nil {
		t.Fatal(err)
	}
	if !lk.Has("addedword") || !lk.Has("steady") || lk.Has("nowhere") {
		t.Error("Has does not read both indexes")
	}
	if df, n := lk.DocFreq("addedword"); df != 1 || n != 5 {
		t.Errorf("DocFreq(addedword) = %d of %d, want 1 of 5 (3 stale, 2 in memory)", df, n)
	}
	if got := strings.Join(lk.CloseHangul("더헌", 1), " ") + "|" + strings.Join(lk.CloseHangul("그대러", 1), " "); got != "더한|그대로" {
		t.Errorf("CloseHangul: %q", got)
	}
	lk.Close()
	if after := snapshot(t, root); after != before {
		t.Errorf("the knowledge base changed on a read-only disk:\n%s\nwas\n%s", after, before)
	}
}

func TestReadOnlyNeverIndexed(t *testing.T) {
	root := t.TempDir()
	writeNote(t, root, ".kb/.keep", "")
	writeNote(t, root, "a.md", "# 첫 노트\n\nalpha\n\n## 질문?\n\n답.\n")
	writeNote(t, root, "b.md", "# 둘째 노트\n\nbeta\n")
	cannotWriteIndex(t, root)
	ix, warns := openWarned(t, root)
	if want := "the index cannot be built (read-only file system): answering from the notes, read anew"; strings.Join(*warns, "\n") != want {
		t.Errorf("warnings %q, want %q", *warns, want)
	}
	if got := strings.Join(paths(t, ix, FieldBody, "beta"), " "); got != "b.md" {
		t.Errorf("beta finds %q", got)
	}
	if got := strings.Join(paths(t, ix, "", ""), " "); got != "a.md b.md" {
		t.Errorf("all: %q", got)
	}
	if cs, err := ix.Cards(); err != nil || len(cs) != 1 || cs[0].Path != "a.md" {
		t.Errorf("cards %+v, %v", cs, err)
	}
	lk, err := ix.Lookup()
	if err != nil || lk == nil {
		t.Fatalf("Lookup = %v, %v", lk, err)
	}
	defer lk.Close()
	if !lk.Has("alpha") || lk.Has("gamma") {
		t.Error("the memory index's words are not looked up")
	}
	if _, err := os.Stat(kb.At(root).Index()); !os.IsNotExist(err) {
		t.Errorf("an index was made: %v", err)
	}
}

// A stale index whose card cache is lost answers from the notes alone: its
// cards would be missing.
func TestReadOnlyLostCardCache(t *testing.T) {
	root := t.TempDir()
	writeNote(t, root, ".kb/.keep", "")
	writeNote(t, root, "a.md", "# 가\n\n## 첫 질문?\n\n답.\n")
	writeNote(t, root, "b.md", "# 나\n\n## 둘째 질문?\n\n답.\n")
	refresh(t, Options{Root: root})
	os.Remove(kb.At(root).CardData())
	cannotWriteIndex(t, root)
	for _, change := range []bool{false, true} {
		if change {
			writeNote(t, root, "b.md", "# 나\n\n## 바뀐 질문?\n\n답.\n")
		}
		ix, _ := openWarned(t, root)
		cs, err := ix.Cards()
		if err != nil {
			t.Fatal(err)
		}
		var qs []string
		for _, c := range cs {
			qs = append(qs, c.Question)
		}
		want := "첫 질문? 둘째 질문?"
		if change {
			want = "첫 질문? 바뀐 질문?"
		}
		if got := strings.Join(qs, " "); got != want {
			t.Errorf("changed %v: cards %q, want %q", change, got, want)
		}
		ix.Close()
	}
}

// snapshot lists every file under root with a hash of its contents.
func snapshot(t *testing.T, root string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		// The folder cache is written without the index lock, which is all
		// these tests take away; on a read-only disk the write fails.
		if p == kb.At(root).Folders() {
			return nil
		}
		data, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		fmt.Fprintf(&b, "%s %x\n", rel, sha256.Sum256(data))
		return nil
	})
	return b.String()
}
