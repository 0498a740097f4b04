package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The cost of keeping the index in step with the notes, as a user meets it:
// a `kb index` that finds nothing to do, and a search right after editing one
// note, timed against the same search with nothing changed, interleaved in
// one run so that both see the same machine load. Targets (issue 14): no-op
// index ≤ 25 ms at 10k notes, ≤ 180 ms at 100k; edit then search ≤ 1.2× the
// unchanged search.
//
// 10k notes by default; KB_BENCH_NOTES=100000 for 100k. KB_BENCH_OLD=path
// times another kb build (an older commit) in the same rounds, on a copy of
// its own (two builds of different index versions cannot share an index).
// Run with -benchtime 1x: the rounds are fixed.

// updateNotes is how many notes the update benchmarks generate.
func updateNotes(b *testing.B) int {
	n := 10000
	if s := os.Getenv("KB_BENCH_NOTES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("KB_BENCH_NOTES=%q: want a number of notes", s)
		}
		n = v
	}
	return n
}

// updateKB is a generated knowledge base of n notes that these benchmarks
// may edit, one per label, kept between runs: the edits only lengthen a few
// notes, and a first index at 100k takes minutes.
func updateKB(b *testing.B, n int, label string) string {
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("kb-bench-update-%d-%s", n, label))
	if generatedKB(b, dir, n) {
		complete(b, dir)
	}
	return dir
}

// kbUnderTest is one kb build and the knowledge base it works on.
type kbUnderTest struct {
	// warming: the runs that bring the index up to date, where a rebuild for
	// another index format (a cached copy of an older build's) is expected.
	warming          bool
	label, bin, root string
	edited           []string // notes the edit rounds append to, in turn
}

func kbsUnderTest(b *testing.B) []*kbUnderTest {
	n := updateNotes(b)
	kbs := []*kbUnderTest{{label: "kb", bin: kbBinary(b), root: updateKB(b, n, "new")}}
	if old := os.Getenv("KB_BENCH_OLD"); old != "" {
		kbs = append(kbs, &kbUnderTest{label: "old kb", bin: old, root: updateKB(b, n, "old")})
	}
	for _, k := range kbs {
		// Bring each index up to date (the first run builds it).
		k.warming = true
		k.run(b, "index")
		k.warming = false
		for i := 0; i < 5; i++ {
			k.edited = append(k.edited, filepath.Join(k.root, fmt.Sprintf("%02d", i), fmt.Sprintf("note-%06d.md", i)))
		}
		if _, err := os.Stat(k.edited[0]); err != nil {
			b.Fatalf("the generator's layout changed: %v", err)
		}
	}
	return kbs
}

// run runs one whole kb process and returns how long it took.
func (k *kbUnderTest) run(b *testing.B, args ...string) time.Duration {
	d, _ := k.runCPU(b, args...)
	return d
}

// runCPU runs one whole kb process and returns how long it took and the
// CPU time it used (user and system): on a machine other work keeps busy,
// the CPU time says more than the wall time of what the process costs.
func (k *kbUnderTest) runCPU(b *testing.B, args ...string) (time.Duration, time.Duration) {
	cmd := exec.Command(k.bin, append([]string{"--dir", k.root}, args...)...)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	t0 := time.Now()
	out, err := cmd.CombinedOutput()
	d := time.Since(t0)
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
		b.Fatalf("%s %v: %v\n%s", k.bin, args, err, out)
	}
	k.checkQuiet(b, args, out)
	return d, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

// checkQuiet fails on a warning: a timed run that warns is not the run it
// means to time. While warming, a rebuild for a new index format is fine.
func (k *kbUnderTest) checkQuiet(b *testing.B, args []string, out []byte) {
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "warning") && !(k.warming && strings.Contains(line, "the index format changed")) {
			b.Fatalf("%s %v warned:\n%s", k.bin, args, out)
		}
	}
}

// edit appends a line to one note, as an editor saving it would.
func (k *kbUnderTest) edit(b *testing.B, round int) {
	p := k.edited[round%len(k.edited)]
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	fmt.Fprintf(f, "\n편집 %d: 스레드 메모리\n", round)
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkUpdateProcess: no-op `kb index`, `kb search` with nothing changed
// and `kb search` right after an edit, each a whole process, plus `kb
// --version` as the floor every process pays; medians over the rounds.
func BenchmarkUpdateProcess(b *testing.B) {
	kbs := kbsUnderTest(b)
	rounds := 15
	if updateNotes(b) >= 50000 {
		rounds = 9
	}
	const word = "스레드"
	type times struct{ version, noop, noopCPU, search, searchCPU, edited, editedCPU []time.Duration }
	ts := make([]times, len(kbs))
	b.ResetTimer()
	for r := 0; r < rounds; r++ {
		for i, k := range kbs {
			ts[i].version = append(ts[i].version, k.run(b, "--version"))
			add := func(wall, cpu *[]time.Duration, args ...string) {
				w, c := k.runCPU(b, args...)
				*wall, *cpu = append(*wall, w), append(*cpu, c)
			}
			add(&ts[i].noop, &ts[i].noopCPU, "index")
			add(&ts[i].search, &ts[i].searchCPU, "search", word)
			k.edit(b, r)
			add(&ts[i].edited, &ts[i].editedCPU, "search", word)
		}
	}
	b.StopTimer()
	var table strings.Builder
	fmt.Fprintf(&table, "\n%d notes, %d rounds, medians of wall time (CPU time, user+system)\n\n"+
		"| build | --version ms | no-op index ms | search ms | edit+search ms | edit+search ÷ search |\n|---|---|---|---|---|---|\n",
		updateNotes(b), rounds)
	for i, k := range kbs {
		s, e := median(ts[i].search), median(ts[i].edited)
		fmt.Fprintf(&table, "| %s | %.1f | %.1f (%.0f) | %.1f (%.0f) | %.1f (%.0f) | %.2f |\n",
			k.label, ms(median(ts[i].version)), ms(median(ts[i].noop)), ms(median(ts[i].noopCPU)),
			ms(s), ms(median(ts[i].searchCPU)), ms(e), ms(median(ts[i].editedCPU)), float64(e)/float64(s))
	}
	out, _ := exec.Command("uptime").Output()
	fmt.Fprintf(&table, "\nload: %s", out)
	fmt.Print(table.String()) // b.Log would cut the table at ten lines
}
