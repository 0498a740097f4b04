package catalog

import (
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
