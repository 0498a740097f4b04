package bench

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/fsrsfit"
	"github.com/kb-cli/kb/internal/kb"
	"github.com/kb-cli/kb/internal/reviews"
	"github.com/kb-cli/kb/internal/shared"
)

// joshReviews is ../shared/testdata/fsrs/revlog-josh.csv: 12,580 real reviews.
func joshReviews(b *testing.B) []fsrsfit.Review {
	p, ok := shared.Path("testdata", "fsrs", "revlog-josh.csv")
	if !ok {
		b.Skip("../shared/testdata/fsrs/revlog-josh.csv not present")
	}
	f, err := os.Open(p)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	var out []fsrsfit.Review
	for _, row := range rows[1:] {
		at, err := time.Parse(time.RFC3339Nano, row[2])
		if err != nil {
			b.Fatal(err)
		}
		r, _ := strconv.Atoi(row[1])
		out = append(out, fsrsfit.Review{Card: row[0], At: at, Day: int(at.Add(-4*time.Hour).Unix() / 86400), Rating: r})
	}
	return out
}

// simulated is a learner's log of n reviews (fsrsfit.Simulate, fixed seed).
func simulated(n int) []fsrsfit.Review {
	truth := fsrsfit.Weights(fsrs.DefaultWeights)
	truth[8], truth[11], truth[20] = 1.2, 2.5, 0.3
	return fsrsfit.Simulate(fsrsfit.Simulation{Truth: truth, Reviews: n, NewPerDay: 30,
		Start: time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC), Seed: 1})
}

func benchFit(b *testing.B, rs []fsrsfit.Review) {
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := fsrsfit.Fit(fsrsfit.NewDataset(rs), fsrsfit.DefaultOptions())
		if err != nil || r.Stage != fsrsfit.StageTrained {
			b.Fatal(r.Stage, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/fit")
}

// BenchmarkFitJosh12k: fitting the 12,580 real reviews of revlog-josh.
// Target: under 2 s.
func BenchmarkFitJosh12k(b *testing.B) { benchFit(b, joshReviews(b)) }

// BenchmarkFit100k: fitting 100k simulated reviews. Target: under 15 s.
func BenchmarkFit100k(b *testing.B) { benchFit(b, simulated(100000)) }

// optimizeKB is a knowledge base whose review log holds 100k simulated
// reviews; deterministic, so a cached copy is as good as a new one.
func optimizeKB(b *testing.B) string {
	dir := filepath.Join(os.TempDir(), "kb-bench-optimize-100k")
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	if err := os.MkdirAll(kb.At(dir).Reviews(), 0o755); err != nil {
		b.Fatal(err)
	}
	f, err := os.Create(filepath.Join(kb.At(dir).Reviews(), "bench.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i, r := range simulated(100000) {
		line, _ := json.Marshal(reviews.Event{ID: fmt.Sprintf("sim-%d", i), Card: r.Card, At: r.At, Kind: reviews.KindReview, Rating: r.Rating})
		w.Write(line)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	if err := os.WriteFile(filepath.Join(dir, ".complete"), nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkOptimizeProcess100k: a whole `kb optimize` on 100k reviews: read
// the log, fit to the earlier 80% and compare on the rest, fit to all.
// Target: under 15 s.
func BenchmarkOptimizeProcess100k(b *testing.B) {
	root := optimizeKB(b)
	bin := kbBinary(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, "--dir", root, "optimize")
		cmd.Env = append(os.Environ(), "NO_COLOR=1", "KB_NOW=2026-01-01T09:00:00Z")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/optimize")
}
