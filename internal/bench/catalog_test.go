package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/catalog"
	"github.com/kb-cli/kb/internal/index"
)

// The catalog's benchmarks time whole processes, as a user runs them: `kb
// list` (every note) and `kb tags`, interleaved with references under the
// same load — `rg --files` (listing the note files, no more), `kb --version`
// (start-up alone) and, with KB_BENCH_BASE (a kb binary, as the other
// benchmarks take it, or a git revision to build), the same commands by
// that build, on its own copy of the notes (another index
// schema would rebuild a shared one). Run with -benchtime 1x: rounds are
// fixed (KB_BENCH_ROUNDS, default 15). Targets (issue 14): at 10k notes kb
// list ≤ 100 ms and kb tags ≤ 40 ms; at 100k, ≤ 1 s and ≤ 250 ms.

func BenchmarkCatalogProcess10k(b *testing.B)  { benchCatalog(b, 10000) }
func BenchmarkCatalogProcess100k(b *testing.B) { benchCatalog(b, 100000) }

// catalogNotes generates n notes once in a folder of their own per tag (the
// build that indexes them): the notes are deterministic, the index is not
// shared with builds of another schema.
func catalogNotes(b *testing.B, n int, tag string) string {
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("kb-bench-catalog-%d-%s", n, tag))
	if generatedKB(b, dir, n) {
		complete(b, dir)
	}
	return dir
}

// baseBinary is KB_BENCH_BASE, if set: a kb binary, or a git revision
// built from `git archive`.
func baseBinary(b *testing.B) (bin, rev string) {
	b.Helper()
	rev = os.Getenv("KB_BENCH_BASE")
	if rev == "" {
		return "", ""
	}
	if fi, err := os.Stat(rev); err == nil && fi.Mode().IsRegular() {
		return rev, filepath.Base(rev)
	}
	src := b.TempDir()
	// The revision and folder go to sh as arguments, never into the script.
	untar := exec.Command("sh", "-c", `cd "$(git rev-parse --show-toplevel)" && git archive --format=tar "$1" | tar -x -C "$2"`, "sh", rev, src)
	if out, err := untar.CombinedOutput(); err != nil {
		b.Fatalf("git archive %s: %v\n%s", rev, err, out)
	}
	bin = filepath.Join(b.TempDir(), "kb-base")
	if out, err := goBuild(src, bin, "./cmd/kb").CombinedOutput(); err != nil {
		b.Fatalf("go build at %s: %v\n%s", rev, err, out)
	}
	return bin, rev
}

type timedCmd struct {
	name string
	run  func()
	ts   []time.Duration
}

func benchCatalog(b *testing.B, n int) {
	rg, err := exec.LookPath("rg")
	if err != nil {
		b.Skip("ripgrep not installed (apt-get install ripgrep)")
	}
	bin := kbBinary(b)
	root := catalogNotes(b, n, fmt.Sprintf("s%d", index.SchemaVersion))
	// Index once before timing; a no-op when the copy is current.
	runProcess(b, map[int]bool{0: true}, bin, "--dir", root, "index")
	kb := func(bin, root string, args ...string) func() {
		return func() { runProcess(b, map[int]bool{0: true}, bin, append([]string{"--dir", root}, args...)...) }
	}
	rows := []*timedCmd{
		{name: "kb list", run: kb(bin, root, "list")},
		{name: "kb tags", run: kb(bin, root, "tags")},
		{name: "kb --version", run: func() { runProcess(b, map[int]bool{0: true}, bin, "--version") }},
		{name: "rg --files", run: func() { runProcess(b, map[int]bool{0: true}, rg, "--files", root) }},
	}
	if base, rev := baseBinary(b); base != "" {
		broot := catalogNotes(b, n, "base-"+rev)
		runProcess(b, map[int]bool{0: true}, base, "--dir", broot, "index")
		rows = append(rows,
			&timedCmd{name: "kb list at " + rev, run: kb(base, broot, "list")},
			&timedCmd{name: "kb tags at " + rev, run: kb(base, broot, "tags")})
	}
	// kb list prints every note (a failed list would time an error message).
	list := exec.Command(bin, "--dir", root, "list")
	list.Env = append(os.Environ(), "NO_COLOR=1")
	if out, err := list.Output(); err != nil || strings.Count(string(out), "\n") != n {
		b.Fatalf("kb list: %v, %d lines for %d notes", err, strings.Count(string(out), "\n"), n)
	}
	// One untimed round warms the page cache for every command alike.
	for _, r := range rows {
		r.run()
	}
	rounds := 15
	if s := os.Getenv("KB_BENCH_ROUNDS"); s != "" {
		fmt.Sscan(s, &rounds)
	}
	b.ResetTimer()
	for i := 0; i < rounds; i++ {
		for _, r := range rows {
			t0 := time.Now()
			r.run()
			r.ts = append(r.ts, time.Since(t0))
		}
	}
	b.StopTimer()
	load, _ := os.ReadFile("/proc/loadavg")
	var table strings.Builder
	fmt.Fprintf(&table, "\n%d notes, %d interleaved rounds, load average %s\n| command | median ms | ÷ rg --files |\n|---|---|---|\n",
		n, rounds, strings.Join(strings.Fields(string(load))[:3], " "))
	rgMedian := median(rows[3].ts)
	for _, r := range rows {
		m := median(r.ts)
		fmt.Fprintf(&table, "| %s | %.1f | %.2f |\n", r.name, ms(m), float64(m)/float64(rgMedian))
	}
	fmt.Print(table.String()) // b.Log would cut the table at ten lines
}

// BenchmarkCatalogInProcess10k: the catalog's own work on an index opened
// once, without start-up or the freshness check: every note listed (read,
// sorted), tag counts, type counts.
func BenchmarkCatalogInProcess10k(b *testing.B) {
	bin := kbBinary(b)
	root := catalogNotes(b, 10000, fmt.Sprintf("s%d", index.SchemaVersion))
	runProcess(b, map[int]bool{0: true}, bin, "--dir", root, "index")
	ix, err := index.Open(index.Options{Root: root})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Refresh(); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		run  func() error
	}{
		{"list", func() error {
			l, err := catalog.List(ix, catalog.ListOptions{})
			if err == nil && len(l) != 10000 {
				err = fmt.Errorf("listed %d notes", len(l))
			}
			return err
		}},
		{"list by title", func() error { _, err := catalog.List(ix, catalog.ListOptions{Sort: "title"}); return err }},
		{"tags", func() error { _, err := catalog.Tags(ix); return err }},
		{"types", func() error { _, err := catalog.TypeCounts(ix, nil); return err }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if err := c.run(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
		})
	}
}
