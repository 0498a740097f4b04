package index

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// A query Bleve cannot run (a fuzzy term too long for its automaton) is the
// query's error, not damage: the index is neither wiped nor rebuilt.
func TestQueryErrorIsNotDamage(t *testing.T) {
	root := t.TempDir()
	writeNote(t, root, "a.md", "# hello world\n")
	refresh(t, Options{Root: root})
	var warns []string
	ix, err := Open(Options{Root: root, Warn: func(s string) { warns = append(warns, s) }})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var b strings.Builder
	for i := 0; i < 700; i++ {
		b.WriteByte("abcdefghijklmnopqrstuvwxyz"[(i*7+i/3)%26])
	}
	q := bleve.NewFuzzyQuery(b.String())
	q.SetFuzziness(2)
	if _, err := ix.Search(bleve.NewSearchRequest(q)); err == nil {
		t.Fatal("a 700-letter fuzzy term searched without error")
	}
	if len(warns) > 0 || ix.stats.Rebuilt {
		t.Errorf("a query error rebuilt the index: %q", warns)
	}
}
