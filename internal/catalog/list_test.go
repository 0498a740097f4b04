package catalog

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/index"
)

// catalogKB is four notes: two created the same day, told apart by their
// files' times; tags in the case and order the notes give them.
func catalogKB(t *testing.T) *index.Index {
	t.Helper()
	root := writeNotes(t, map[string]string{
		"a.md":       "---\ntitle: 도커 네트워크\ntags: [Docker, 네트워크]\ntype: Lesson\ncreated: 2025-02-01\nmodified: 2025-06-01\n---\n본문\n",
		"b.md":       "---\ntitle: 리눅스 디스크\ntags: [linux, docker]\ntype: lesson\ncreated: 2025-01-10\n---\n",
		"sub/c.md":   "# 가장 먼저\n\n#Interview 메모\n",
		"sub/d-e.md": "---\ncreated: 2025-01-10\n---\n본문뿐\n",
	})
	// Same created day for b and d: the later file time comes first.
	day := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	for rel, mt := range map[string]time.Time{"a.md": day, "b.md": day, "sub/d-e.md": day.Add(time.Second), "sub/c.md": day.Add(time.Hour)} {
		if err := os.Chtimes(filepath.Join(root, rel), mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	return openIndex(t, root)
}

func list(t *testing.T, ix *index.Index, opts ListOptions) []NoteInfo {
	t.Helper()
	l, err := List(ix, opts)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func pathsOf(l []NoteInfo) string {
	var p []string
	for _, n := range l {
		p = append(p, n.Path)
	}
	return strings.Join(p, " ")
}

func TestListOrders(t *testing.T) {
	ix := catalogKB(t)
	for _, c := range []struct {
		opts ListOptions
		want string
	}{
		// c.md has no date: created is its file's time, the newest.
		{ListOptions{}, "sub/c.md a.md sub/d-e.md b.md"},
		{ListOptions{Reverse: true}, "b.md sub/d-e.md a.md sub/c.md"},
		{ListOptions{Sort: "modified"}, "sub/c.md sub/d-e.md b.md a.md"},
		{ListOptions{Sort: "title"}, "sub/d-e.md sub/c.md a.md b.md"},
		{ListOptions{Sort: "title", Reverse: true, Limit: 2}, "b.md a.md"},
		{ListOptions{Limit: 1}, "sub/c.md"},
		{ListOptions{Tags: []string{"DOCKER"}}, "a.md b.md"},
		{ListOptions{Tags: []string{"docker", "Linux"}}, "b.md"},
		{ListOptions{Type: "LESSON", Sort: "title"}, "a.md b.md"},
		{ListOptions{Tags: []string{"interview"}}, "sub/c.md"},
		{ListOptions{Tags: []string{"없는태그"}}, ""},
	} {
		if got := pathsOf(list(t, ix, c.opts)); got != c.want {
			t.Errorf("%+v: %s, want %s", c.opts, got, c.want)
		}
	}
	if _, err := List(ix, ListOptions{Sort: "size"}); err == nil {
		t.Error("unknown sort accepted")
	}
}

func TestListFields(t *testing.T) {
	ix := catalogKB(t)
	l := list(t, ix, ListOptions{Sort: "title"})
	want := []NoteInfo{
		{Path: "sub/d-e.md", Title: "d-e", Tags: []string{},
			Created: time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC), Modified: time.Date(2025, 7, 1, 0, 0, 1, 0, time.UTC)},
		{Path: "sub/c.md", Title: "가장 먼저", Tags: []string{"Interview"},
			Created: time.Date(2025, 7, 1, 1, 0, 0, 0, time.UTC), Modified: time.Date(2025, 7, 1, 1, 0, 0, 0, time.UTC)},
		{Path: "a.md", Title: "도커 네트워크", Type: "lesson", Tags: []string{"Docker", "네트워크"},
			Created: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), Modified: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)},
		{Path: "b.md", Title: "리눅스 디스크", Type: "lesson", Tags: []string{"linux", "docker"},
			Created: time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC), Modified: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)},
	}
	for i := range l {
		l[i].Created, l[i].Modified = l[i].Created.UTC(), l[i].Modified.UTC()
	}
	if !reflect.DeepEqual(l, want) {
		t.Errorf("got\n%+v\nwant\n%+v", l, want)
	}
}

func TestTagAndTypeCounts(t *testing.T) {
	ix := catalogKB(t)
	tags, err := Tags(ix)
	if err != nil {
		t.Fatal(err)
	}
	want := []TagCount{{"docker", 2}, {"interview", 1}, {"linux", 1}, {"네트워크", 1}}
	if !reflect.DeepEqual(tags, want) {
		t.Errorf("tags %v, want %v", tags, want)
	}
	types, err := TypeCounts(ix, nil)
	if err != nil || !reflect.DeepEqual(types, map[string]int{"lesson": 2, "": 2}) {
		t.Errorf("types %v %v", types, err)
	}
	types, err = TypeCounts(ix, []string{"Docker"})
	if err != nil || !reflect.DeepEqual(types, map[string]int{"lesson": 2}) {
		t.Errorf("types of #docker %v %v", types, err)
	}
}

// The listings and the stored fields give the same notes in the same order:
// the stored fields are what a read-only disk lists from.
func TestListSameAsStoredFields(t *testing.T) {
	files := map[string]string{}
	for i := 0; i < 60; i++ {
		body := "# 노트 " + string(rune('A'+i%7)) + "\n"
		if i%3 == 0 {
			body = "---\ncreated: 2025-0" + string(rune('1'+i%5)) + "-01\ntags: [X" + string(rune('a'+i%4)) + ", 공통]\ntype: t" + string(rune('0'+i%2)) + "\n---\n" + body
		}
		if i%11 == 0 {
			body = "---\ntitle: \"  \"\n---\n"
		}
		files[filepath.Join(string(rune('a'+i%3)), "n"+string(rune('A'+i%26))+string(rune('a'+i/26))+".md")] = body
	}
	// (Paths equal but for case, A.md and a.md, tie in Bleve's sort, which
	// then keeps index order; the listings order them by bytes.)
	root := writeNotes(t, files)
	// Half the files share one time to the nanosecond, the rest one second each.
	i := 0
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			mt := time.Date(2025, 8, 1, 0, 0, i%2*i, 5, time.UTC)
			os.Chtimes(p, mt, mt)
			i++
		}
		return nil
	})
	ix := openIndex(t, root)
	for _, sort := range SortKeys {
		for _, rev := range []bool{false, true} {
			for _, f := range []Filter{{}, {Tags: []string{"공통"}}, {Type: "t1"}} {
				opts := ListOptions{Sort: sort, Reverse: rev, Tags: f.Tags, Type: f.Type}
				fast := list(t, ix, opts)
				slow, err := listStored(ix, f, opts)
				if err != nil {
					t.Fatal(err)
				}
				if len(fast) == 0 || !reflect.DeepEqual(fast, slow) {
					t.Errorf("%+v:\nlistings %s\nstored   %s", opts, pathsOf(fast), pathsOf(slow))
				}
			}
		}
	}
}

// A note without a listing (a file name that is not UTF-8) is listed all
// the same, from the stored fields.
func TestListWithoutListings(t *testing.T) {
	ix, _ := kbWithRoot(t, map[string]string{"good.md": "# 좋은\n", "bad\xff.md": "# 나쁜\n"})
	l := list(t, ix, ListOptions{Sort: "title"})
	if len(l) != 2 || l[0].Title != "나쁜" || l[1].Title != "좋은" || l[0].Path != "bad\xff.md" {
		t.Errorf("got %+v", l)
	}
}

// Counts from the term dictionary equal a facet's, also after notes lost a
// tag or went away (their old documents deleted, perhaps not merged away).
func TestCountsSameAsFacet(t *testing.T) {
	files := map[string]string{
		"a.md": "---\ntags: [go, db]\ntype: lesson\n---\n", "b.md": "---\ntags: [go]\ntype: question\n---\n",
		"c.md": "---\ntags: [rare]\n---\n", "d.md": "# d\n",
	}
	// Enough notes that removing some leaves them deleted in a segment
	// rather than merged away at once.
	for i := 0; i < 300; i++ {
		files[fmt.Sprintf("many/n%03d.md", i)] = "---\ntags: [many]\ntype: bulk\n---\n"
	}
	root := writeNotes(t, files)
	ix := openIndex(t, root)
	if _, err := ix.Refresh(); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	os.WriteFile(filepath.Join(root, "a.md"), []byte("---\ntags: [go]\ntype: lesson\n---\nchanged\n"), 0o644)
	os.Remove(filepath.Join(root, "c.md"))
	for i := 0; i < 100; i++ {
		os.Remove(filepath.Join(root, fmt.Sprintf("many/n%03d.md", i)))
	}
	ix = openIndex(t, root)
	tags, err := Tags(ix)
	if err != nil {
		t.Fatal(err)
	}
	if want := []TagCount{{"many", 200}, {"go", 2}}; !reflect.DeepEqual(tags, want) {
		t.Errorf("tags %v, want %v", tags, want)
	}
	fc, _, err := facet(ix, nil, index.FieldTags, 100)
	if err != nil || !reflect.DeepEqual(fc, map[string]int{"go": 2, "many": 200}) {
		t.Errorf("facet %v %v", fc, err)
	}
	types, err := TypeCounts(ix, nil)
	if want := map[string]int{"lesson": 1, "question": 1, "": 1, "bulk": 200}; err != nil || !reflect.DeepEqual(types, want) {
		t.Errorf("types %v %v, want %v", types, err, want)
	}
}
