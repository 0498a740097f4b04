package shared

import "testing"

func TestFindsTheSharedFolderWhenPresent(t *testing.T) {
	dir, ok := Dir()
	if !ok {
		t.Skip("../shared not present")
	}
	if _, ok := Path("corpora"); !ok {
		t.Errorf("%s has no corpora", dir)
	}
	n := 0
	CorpusNotes(0, func(string, []byte) { n++ })
	if n < 100 {
		t.Errorf("only %d corpus notes", n)
	}
	if _, ok := Path("no-such-thing"); ok {
		t.Error("a missing path was found")
	}
}
