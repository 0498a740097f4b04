package index

import (
	"fmt"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// tiedNotes writes notes that all score the same on "tied", in an order
// unlike their paths', and two that score higher; it returns the root.
func tiedNotes(t *testing.T) string {
	root := t.TempDir()
	writeNote(t, root, ".kb/.keep", "")
	for _, name := range []string{"m", "C", "x", "a", "Q", "b", "z", "k"} {
		writeNote(t, root, name+".md", fmt.Sprintf("# note %s\n\ntied word\n", name))
	}
	writeNote(t, root, "top1.md", "# tied\n\ntied tied tied\n")
	writeNote(t, root, "top2.md", "# tied tied\n\ntied\n")
	return root
}

func tiedQuery() query.Query {
	var alts []query.Query
	for _, f := range []string{FieldTitle, FieldBody} {
		tq := bleve.NewTermQuery(Terms("tied")[0]) // as the analyzer stems it
		tq.SetField(f)
		alts = append(alts, tq)
	}
	return bleve.NewDisjunctionQuery(alts...)
}

// want is the page Bleve's own sort on score and path gives.
func want(t *testing.T, ix *Index, q query.Query, n int) []string {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, n, 0, false)
	req.SortBy([]string{"-_score", FieldPath})
	res, err := ix.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range res.Hits {
		out = append(out, d.ID)
	}
	return out
}

// Top gives the page Bleve's sort on score and path gives, cut anywhere in
// the tied notes, with every match counted and the page's fields and term
// locations read.
func TestTopBreaksTiesByPath(t *testing.T) {
	root := tiedNotes(t)
	ix, _ := openWarned(t, root)
	for _, n := range []int{1, 2, 3, 5, 10, 20} {
		top, total, err := ix.Top(tiedQuery(), n, []string{FieldPath, FieldBody})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range top {
			got = append(got, d.ID)
			if d.Fields[FieldPath] != d.ID || d.Fields[FieldBody] == nil {
				t.Errorf("n=%d: %s: fields %v", n, d.ID, d.Fields)
			}
			if len(d.Locations[FieldBody][Terms("tied")[0]]) == 0 {
				t.Errorf("n=%d: %s: no term locations in the body: %v", n, d.ID, d.Locations)
			}
		}
		if w := want(t, ix, tiedQuery(), n); !slices.Equal(got, w) {
			t.Errorf("n=%d: Top gives %v, Bleve's sort %v", n, got, w)
		}
		if total != 10 {
			t.Errorf("n=%d: total %d, want 10", n, total)
		}
	}
	// The tied notes themselves, by path as the index lower-cases it.
	top, _, _ := ix.Top(tiedQuery(), 10, nil)
	var tied []string
	for _, d := range top[2:] {
		tied = append(tied, d.ID)
	}
	if w := []string{"a.md", "b.md", "C.md", "k.md", "m.md", "Q.md", "x.md", "z.md"}; !slices.Equal(tied, w) {
		t.Errorf("tied notes in the order %v, want %v", tied, w)
	}
}

// On a disk kb cannot write, Top answers from the stale index and the notes
// changed since, as Bleve's sort does (the new note ranks on the counts of
// the index in memory, so not necessarily among its ties).
func TestTopReadOnly(t *testing.T) {
	root := tiedNotes(t)
	refresh(t, Options{Root: root})
	writeNote(t, root, "d.md", "# note d\n\ntied word\n")
	cannotWriteIndex(t, root)
	ix, _ := openWarned(t, root)
	top, total, err := ix.Top(tiedQuery(), 5, []string{FieldPath})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range top {
		got = append(got, d.ID)
	}
	if w := want(t, ix, tiedQuery(), 5); total != 11 || !slices.Equal(got, w) {
		t.Errorf("read-only Top: %v of %d, want %v of 11", got, total, w)
	}
	if all, _, _ := ix.Top(tiedQuery(), 20, []string{FieldPath}); !slices.ContainsFunc(all, func(d *search.DocumentMatch) bool { return d.Fields[FieldPath] == "d.md" }) {
		t.Error("read-only Top misses the note added since the index was written")
	}
}

// No match, and a page of none, are empty answers.
func TestTopEmpty(t *testing.T) {
	ix, _ := openWarned(t, tiedNotes(t))
	tq := bleve.NewTermQuery("absent")
	tq.SetField(FieldBody)
	if top, total, err := ix.Top(tq, 10, nil); err != nil || len(top) != 0 || total != 0 {
		t.Errorf("Top(absent) = %v, %d, %v", top, total, err)
	}
	if top, total, err := ix.Top(tiedQuery(), 0, nil); err != nil || len(top) != 0 || total != 10 {
		t.Errorf("Top(n=0) = %v, %d, %v", top, total, err)
	}
}
