package bench

import (
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/search"
)

// benchQueries are what people type: a selective word in each script, a
// frequent word (in about half the generated notes), and whole questions
// with particles, endings and filler words.
var benchQueries = []string{
	"스레드", "process", "데이터", "메모리 누수",
	"프로세스랑 스레드는 뭐가 달라?", "인덱스를 사용하면 빨라지는 이유",
	"데이터베이스 정규화 하는 법", "TCP 혼잡 제어는 어떻게 동작해?",
}

// rgWords is what ripgrep is given for a query: its longest word, the
// most selective fixed string a person would try.
func rgWords(q string) string {
	best := ""
	for _, w := range strings.Fields(q) {
		w = strings.Trim(w, "?")
		if len([]rune(w)) > len([]rune(best)) {
			best = w
		}
	}
	return best
}

// BenchmarkSearchVsRipgrep10k times whole `kb search` processes against
// `rg -i -F -l` on the same notes, interleaved so both see the same load,
// and reports medians and the ratio per query. Target: kb under rg on every
// query. Run with -benchtime 1x: the rounds are fixed.
func BenchmarkSearchVsRipgrep10k(b *testing.B) {
	root := notes10k(b)
	rg, err := exec.LookPath("rg")
	if err != nil {
		b.Skip("ripgrep not installed (apt-get install ripgrep)")
	}
	bin := kbBinary(b)
	open(b, root, false)
	const rounds = 15
	var table strings.Builder
	fmt.Fprintf(&table, "\n| query | kb ms | rg ms | kb/rg |\n|---|---|---|---|\n")
	for _, q := range benchQueries {
		var kbT, rgT []time.Duration
		for r := 0; r < rounds; r++ {
			t0 := time.Now()
			runProcess(b, map[int]bool{1: true}, bin, "--dir", root, "search", q)
			kbT = append(kbT, time.Since(t0))
			t0 = time.Now()
			runProcess(b, map[int]bool{1: true}, rg, "-i", "-F", "-l", rgWords(q), root)
			rgT = append(rgT, time.Since(t0))
		}
		k, g := median(kbT), median(rgT)
		fmt.Fprintf(&table, "| %s | %.1f | %.1f | %.2f |\n", q, ms(k), ms(g), float64(k)/float64(g))
	}
	fmt.Print(table.String()) // b.Log would cut the table at ten lines
}

// BenchmarkSearchInProcess10k: the query alone, on an index opened once:
// parsing, look-ups in the index, the Bleve query, snippets. Reports p50 and
// p95 per query.
func BenchmarkSearchInProcess10k(b *testing.B) {
	root := notes10k(b)
	ix, err := index.Open(index.Options{Root: root})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Refresh(); err != nil {
		b.Fatal(err)
	}
	syn, _ := search.LoadSynonyms("")
	const rounds = 40
	var table strings.Builder
	fmt.Fprintf(&table, "\n| query | p50 ms | p95 ms |\n|---|---|---|\n")
	for _, q := range benchQueries {
		pq, err := search.Parse(q)
		if err != nil {
			b.Fatal(err)
		}
		var ts []time.Duration
		for r := 0; r < rounds; r++ {
			t0 := time.Now()
			if _, err := search.Run(ix, pq, search.Options{Limit: 10, Synonyms: syn}); err != nil {
				b.Fatal(err)
			}
			ts = append(ts, time.Since(t0))
		}
		slices.Sort(ts)
		fmt.Fprintf(&table, "| %s | %.2f | %.2f |\n", q, ms(ts[len(ts)/2]), ms(ts[len(ts)*95/100]))
	}
	fmt.Print(table.String()) // b.Log would cut the table at ten lines
}

func median(ts []time.Duration) time.Duration {
	s := slices.Clone(ts)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
