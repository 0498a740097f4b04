package bench

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// privateCopy copies the notes of a cached knowledge base (not its index)
// into a folder of this benchmark, so that building an index there never
// disturbs another benchmark using the cached one.
func privateCopy(b *testing.B, src string) string {
	b.Helper()
	dst := b.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			if d.Name() == ".kb" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !strings.HasSuffix(p, ".md") {
			return nil
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(filepath.Join(dst, rel))
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
	if err == nil {
		err = os.MkdirAll(filepath.Join(dst, ".kb"), 0o755)
	}
	if err != nil {
		b.Fatal(err)
	}
	return dst
}

// BenchmarkIndexFull10k: building the index from scratch in this process,
// for profiling (-cpuprofile, -memprofile). BenchmarkIndexBuild is the figure.
func BenchmarkIndexFull10k(b *testing.B) {
	root := privateCopy(b, notes10k(b))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if st := open(b, root, true); st.Notes != 10000 {
			b.Fatalf("indexed %d notes", st.Notes)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/index")
}

// buildRun is one `kb index --rebuild` process.
type buildRun struct {
	wall, cpu time.Duration
	rss       int64 // peak resident set, bytes
}

func buildProcess(b *testing.B, bin, root string) buildRun {
	b.Helper()
	cmd := exec.Command(bin, "--dir", root, "index", "--rebuild")
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	t0 := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(t0)
	if err != nil {
		b.Fatalf("%s index --rebuild: %v\n%s", bin, err, out)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return buildRun{
		wall: wall,
		cpu:  cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(),
		rss:  ru.Maxrss * 1024, // Linux reports KiB
	}
}

// buildTable times whole `kb index --rebuild` processes on a private copy of
// the notes and prints the rows of issue 14's table: median wall time, the
// largest peak RSS of the rounds, and the cores used (CPU time over wall
// time). With KB_BENCH_BASE set to another kb binary (an older build), it
// is timed in the same rounds, interleaved, for a before/after under the
// same load.
func buildTable(b *testing.B, src string, notes, rounds int, wallTarget, rssTarget string) {
	root := privateCopy(b, src)
	bins := []string{kbBinary(b)}
	names := []string{"kb"}
	if base := os.Getenv("KB_BENCH_BASE"); base != "" {
		bins, names = append(bins, base), append(names, "base")
	}
	runs := make([][]buildRun, len(bins))
	for r := 0; r < rounds; r++ {
		for i, bin := range bins {
			runs[i] = append(runs[i], buildProcess(b, bin, root))
		}
	}
	load, _ := os.ReadFile("/proc/loadavg")
	var t strings.Builder
	fmt.Fprintf(&t, "\n| figure | %d notes | target | binary |\n|---|---|---|---|\n", notes)
	for i, rs := range runs {
		var walls, cpus []time.Duration
		var rss int64
		var cores []float64
		for _, r := range rs {
			walls = append(walls, r.wall)
			cpus = append(cpus, r.cpu)
			rss = max(rss, r.rss)
			cores = append(cores, float64(r.cpu)/float64(r.wall))
		}
		slices.Sort(cores)
		fmt.Fprintf(&t, "| full index, wall | %.2f s (median of %d, %.2f–%.2f) | %s | %s |\n",
			median(walls).Seconds(), rounds, slices.Min(walls).Seconds(), slices.Max(walls).Seconds(), wallTarget, names[i])
		fmt.Fprintf(&t, "| full index, CPU time (user+sys) | %.2f s | | %s |\n", median(cpus).Seconds(), names[i])
		fmt.Fprintf(&t, "| full index, peak RSS | %d MiB | %s | %s |\n", rss>>20, rssTarget, names[i])
		fmt.Fprintf(&t, "| full index, cores used (CPU ÷ wall) | %.2f | 2 | %s |\n", cores[len(cores)/2], names[i])
	}
	if len(runs) == 2 {
		fmt.Fprintf(&t, "| full index, kb ÷ base | %.2f | | |\n", float64(median(wallsOf(runs[0])))/float64(median(wallsOf(runs[1]))))
	}
	fmt.Fprintf(&t, "load average: %s", load)
	fmt.Print(t.String()) // b.Log would cut the table at ten lines
}

func wallsOf(rs []buildRun) []time.Duration {
	var out []time.Duration
	for _, r := range rs {
		out = append(out, r.wall)
	}
	return out
}

// BenchmarkIndexBuild: `kb index --rebuild` as a user runs it, on 10k notes
// (targets 4 s and 250 MiB) or KB_BENCH_NOTES of them (100k: 40 s and 500
// MiB). Run with -benchtime 1x: the rounds are fixed.
func BenchmarkIndexBuild(b *testing.B) {
	root, n := benchNotes(b)
	switch {
	case n >= 100000:
		buildTable(b, root, n, 3, "≤ 40 s", "≤ 500 MiB")
	case n == 10000:
		buildTable(b, root, n, 5, "≤ 4 s", "≤ 250 MiB")
	default:
		buildTable(b, root, n, 3, "", "")
	}
}
