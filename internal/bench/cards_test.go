package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/index"
)

// The review commands as a user meets them, each a whole process: `kb cards
// --due`, `kb stats` and `kb quiz` up to its first card, with a card in every
// other note and ten logged reviews per note (see cardsKB). Targets
// (issue 14): cards --due and stats ≤ 40 ms at 10k notes, ≤ 250 ms at 100k.
// `kb --version` (start-up) and a no-op `kb index` (start-up, the index's
// state and the freshness check every command makes first) are timed too:
// the share of the floor every command pays.
//
// 10k notes by default; KB_BENCH_NOTES=100000 for 100k. KB_BENCH_BASE=path
// times another kb build (main, say) in the same rounds, on a copy of the
// knowledge base of its own (its caches may be in another format). Run with
// -benchtime 1x: the rounds are fixed.

// cardsKB is n generated notes, a card in every other one, and 10 reviews
// per note logged over a year, kept between runs under label; the first run
// generates it and builds the index, or copies another label's (from).
func cardsKB(b *testing.B, n int, label, from string) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("kb-bench-cards-%d-%s", n, label))
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err == nil {
		return dir
	}
	if from != "" {
		os.RemoveAll(dir)
		if out, err := exec.Command("cp", "-a", from, dir).CombinedOutput(); err != nil {
			b.Fatalf("copying %s: %v\n%s", from, err, out)
		}
		return dir
	}
	if !generatedKB(b, dir, n, "--cards-every", "2") {
		return dir
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
	writeReviewLog(b, dir, ids, 10*n)
	complete(b, dir)
	return dir
}

// BenchmarkCardsStatsProcess: medians of wall and CPU time over the rounds,
// for kb and, with KB_BENCH_BASE, the reference build.
func BenchmarkCardsStatsProcess(b *testing.B) {
	n := updateNotes(b)
	kbs := []*kbUnderTest{{label: "kb", bin: kbBinary(b), root: cardsKB(b, n, "new", "")}}
	if base := os.Getenv("KB_BENCH_BASE"); base != "" {
		kbs = append(kbs, &kbUnderTest{label: "base", bin: base, root: cardsKB(b, n, "base", kbs[0].root)})
	}
	cmds := []struct {
		name string
		args []string
		in   string
	}{
		{"--version", []string{"--version"}, ""},
		{"no-op index", []string{"index"}, ""},
		{"cards --due", []string{"cards", "--due"}, ""},
		{"stats", []string{"stats"}, ""},
		{"quiz start", []string{"quiz"}, "q\n"},
	}
	for _, k := range kbs {
		// The first runs bring the index and the review snapshot up to date.
		k.warming = true
		for _, c := range cmds {
			k.runIn(b, c.in, c.args...)
		}
		k.warming = false
	}
	rounds := 15
	if n >= 50000 {
		rounds = 9
	}
	wall := make([][][]time.Duration, len(kbs))
	cpu := make([][][]time.Duration, len(kbs))
	for i := range kbs {
		wall[i], cpu[i] = make([][]time.Duration, len(cmds)), make([][]time.Duration, len(cmds))
	}
	b.ResetTimer()
	for r := 0; r < rounds; r++ {
		for j, c := range cmds {
			for i, k := range kbs { // interleaved: both builds see the same load
				w, u := k.runIn(b, c.in, c.args...)
				wall[i][j], cpu[i][j] = append(wall[i][j], w), append(cpu[i][j], u)
			}
		}
	}
	b.StopTimer()
	var t strings.Builder
	fmt.Fprintf(&t, "\n%d notes, %d rounds, medians of wall time ms (CPU time ms, user+system)\n\n| command |", n, rounds)
	for _, k := range kbs {
		fmt.Fprintf(&t, " %s |", k.label)
	}
	if len(kbs) > 1 {
		t.WriteString(" kb ÷ base, wall (CPU) |")
	}
	t.WriteString("\n|---|" + strings.Repeat("---|", len(kbs)))
	if len(kbs) > 1 {
		t.WriteString("---|")
	}
	t.WriteString("\n")
	for j, c := range cmds {
		fmt.Fprintf(&t, "| %s |", c.name)
		for i := range kbs {
			fmt.Fprintf(&t, " %.1f (%.0f) |", ms(median(wall[i][j])), ms(median(cpu[i][j])))
		}
		if len(kbs) > 1 {
			fmt.Fprintf(&t, " %.2f (%.2f) |", float64(median(wall[0][j]))/float64(median(wall[1][j])),
				float64(median(cpu[0][j]))/float64(median(cpu[1][j])))
		}
		t.WriteString("\n")
	}
	out, _ := exec.Command("uptime").Output()
	fmt.Fprintf(&t, "\nload: %s", out)
	fmt.Print(t.String()) // b.Log would cut the table at ten lines
}

// runIn runs one whole kb process with in as its input (kb quiz reads its
// keys from it) and returns its wall and CPU time.
func (k *kbUnderTest) runIn(b *testing.B, in string, args ...string) (time.Duration, time.Duration) {
	cmd := exec.Command(k.bin, append([]string{"--dir", k.root}, args...)...)
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "KB_NOW=2026-01-01T09:00:00Z", "KB_REVIEW_DEVICE=bench-cards")
	cmd.Stdin = strings.NewReader(in)
	t0 := time.Now()
	out, err := cmd.CombinedOutput()
	d := time.Since(t0)
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
		b.Fatalf("%s %v: %v\n%s", k.bin, args, err, out)
	}
	k.checkQuiet(b, args, out)
	return d, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}
