package bench

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kb-cli/kb/internal/catalog"
	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/links"
)

// notes10kLinks is the 10k notes with links added, made once per machine:
// each note links to two others by file name and one by a relative Markdown
// link, and every tenth note links to a hub (note-000000), so a typical note
// has about three backlinks and the hub a thousand.
func notes10kLinks(b *testing.B) string {
	b.Helper()
	src := notes10k(b)
	dir := filepath.Join(os.TempDir(), "kb-bench-notes-10k-links-2")
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	var rels []string
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(src, p)
			rels = append(rels, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	sort.Strings(rels)
	n := len(rels)
	name := func(i int) string { return strings.TrimSuffix(filepath.Base(rels[i%n]), ".md") }
	for i, rel := range rels {
		data, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(rel)))
		if err != nil {
			b.Fatal(err)
		}
		other := rels[(i*31+7)%n]
		up, _ := filepath.Rel(filepath.Dir(rel), other)
		// Some generated notes end inside a code block, where links are not links.
		if fences := strings.Count("\n"+string(data), "\n```"); fences%2 == 1 {
			data = append(data, "\n```\n"...)
		}
		add := fmt.Sprintf("\n\n관련: [[%s]], [[%s|다음]], [질문](%s)\n", name(i*7+1), name(i+13), filepath.ToSlash(up))
		if i%10 == 0 && i > 0 {
			add += "\n허브: [[note-000000]]\n"
		}
		out := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(out, append(data, add...), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, ".complete"), nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkIndexFullLinks10k: building the index of 10k notes with ~3.1
// links each. Target: as BenchmarkIndexFull10k.
func BenchmarkIndexFullLinks10k(b *testing.B) {
	root := notes10kLinks(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if st := open(b, root, true); st.Notes != 10000 {
			b.Fatalf("indexed %d notes", st.Notes)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/index")
}

// BenchmarkBacklinksProcess10k: a whole `kb backlinks` process on a note
// with a few backlinks, as a user runs it. Target: 50 ms.
func BenchmarkBacklinksProcess10k(b *testing.B) {
	root := notes10kLinks(b)
	bin := kbBinary(b)
	open(b, root, false)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		runProcess(b, nil, bin, "--dir", root, "backlinks", fmt.Sprintf("note-%06d", 500+i*10))
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/backlinks")
}

// BenchmarkBacklinksHubProcess10k: kb backlinks on the note a thousand notes
// link to (each linking line read for context).
func BenchmarkBacklinksHubProcess10k(b *testing.B) {
	root := notes10kLinks(b)
	bin := kbBinary(b)
	open(b, root, false)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		runProcess(b, nil, bin, "--dir", root, "backlinks", "note-000000")
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/backlinks")
}

// BenchmarkBacklinksInProcess10k: the work of kb backlinks without process
// start: open the index, read the catalog, resolve the note, find and resolve
// its backlinks.
func BenchmarkBacklinksInProcess10k(b *testing.B) {
	root := notes10kLinks(b)
	open(b, root, false)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix, err := index.Open(index.Options{Root: root})
		if err != nil {
			b.Fatal(err)
		}
		c, err := links.Load(ix)
		if err != nil {
			b.Fatal(err)
		}
		n, err := catalog.ResolveIn(c.All, root, root, fmt.Sprintf("note-%06d", 500+i*10))
		if err != nil {
			b.Fatal(err)
		}
		back, err := links.Backlinks(ix, c, n.Path)
		if err != nil || len(back) == 0 {
			b.Fatalf("%d backlinks, %v", len(back), err)
		}
		ix.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/backlinks")
}
