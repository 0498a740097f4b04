package bench

import (
	"bufio"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/kb"
)

// quizKB is 10k generated notes with a card in every other note (over 10k
// cards) and 100k review events spread over those cards over a year.
func quizKB(b *testing.B) (string, int) {
	b.Helper()
	script := genScript(b)
	// The name carries the card identity scheme: logs written for another
	// scheme would be migrated (and so changed) by the first run.
	dir := filepath.Join(os.TempDir(), "kb-bench-quiz-11k-ids2")
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err != nil {
		os.RemoveAll(dir)
		if out, err := exec.Command("python3", script, dir, "11000", "--cards-every", "2").CombinedOutput(); err != nil {
			b.Fatalf("gen-notes: %v\n%s", err, out)
		}
		ix, err := index.Open(index.Options{Root: dir})
		if err != nil {
			b.Fatal(err)
		}
		cs, err := ix.Cards()
		ix.Close()
		if err != nil {
			b.Fatal(err)
		}
		ids := make([]string, len(cs))
		for i, c := range cs {
			ids[i] = c.ID
		}
		writeReviewLog(b, dir, ids, 100000)
		os.WriteFile(filepath.Join(dir, ".complete"), []byte(fmt.Sprint(len(cs))), 0o644)
	}
	n, _ := os.ReadFile(filepath.Join(dir, ".complete"))
	var cards int
	fmt.Sscan(string(n), &cards)
	return dir, cards
}

// writeReviewLog writes n review events, in time order, for the given ids.
func writeReviewLog(b *testing.B, root string, ids []string, n int) {
	os.MkdirAll(kb.At(root).Reviews(), 0o755)
	f, err := os.Create(filepath.Join(kb.At(root).Reviews(), "bench.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	rnd := rand.New(rand.NewSource(1))
	start := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		at := start.Add(time.Duration(float64(365*24*time.Hour) * float64(i) / float64(n)))
		r := 3
		if rnd.Intn(10) == 0 {
			r = 1
		}
		fmt.Fprintf(w, `{"id":"bench-%d","card":"%s","at":"%s","kind":"review","rating":%d,"ms":%d}`+"\n",
			i, ids[rnd.Intn(len(ids))], at.Format(time.RFC3339), r, 3000+rnd.Intn(9000))
	}
	w.Flush()
	f.Close()
}

// BenchmarkCardsDueProcess10k: a whole `kb cards --due` with 10k+ cards and
// 100k logged reviews. Target: under 100 ms.
func BenchmarkCardsDueProcess10k(b *testing.B) {
	root, n := quizKB(b)
	if n < 10000 {
		b.Fatalf("only %d cards", n)
	}
	bin := kbBinary(b)
	env := append(os.Environ(), "NO_COLOR=1", "KB_NOW=2026-01-01T09:00:00Z")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, "--dir", root, "cards", "--due")
		cmd.Env = env
		if err := cmd.Run(); err != nil {
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/start")
}

// BenchmarkQuizStartProcess10k: `kb quiz` up to its first card, then quit.
func BenchmarkQuizStartProcess10k(b *testing.B) {
	root, _ := quizKB(b)
	bin := kbBinary(b)
	env := append(os.Environ(), "NO_COLOR=1", "KB_NOW=2026-01-01T09:00:00Z", "KB_REVIEW_DEVICE=bench-quiz")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, "--dir", root, "quiz")
		cmd.Env = env
		cmd.Stdin = strings.NewReader("q\n")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/start")
}

// BenchmarkStatsProcess10k: a whole `kb stats` with 10k+ cards and 100k
// logged reviews. Target: under 200 ms.
func BenchmarkStatsProcess10k(b *testing.B) {
	root, _ := quizKB(b)
	bin := kbBinary(b)
	env := append(os.Environ(), "NO_COLOR=1", "KB_NOW=2026-01-01T09:00:00Z")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, "--dir", root, "stats")
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/stats")
}
