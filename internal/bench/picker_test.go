package bench

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/picker"
	"github.com/kb-cli/kb/internal/search"
)

// typed are queries entered key by key in the picker, then erased: every
// prefix is a search, as it is for the person typing.
var typed = []string{"스레드 동기화", "process memory", "인덱스를 쓰는 이유", "TCP 혼잡"}

// BenchmarkPickerKeystroke10k: what one key costs in kb search -i on an
// index opened once: the search for the new query and drawing the screen
// (hits and preview). Target: p95 under 10 ms.
func BenchmarkPickerKeystroke10k(b *testing.B) {
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
	var ts []time.Duration
	for i := 0; i < b.N; i++ {
		for _, q := range typed {
			m := picker.New(picker.NewIndexSource(ix, root, search.Options{Synonyms: syn}), "")
			keys := make([]picker.Key, 0, 2*len(q))
			for _, r := range q {
				keys = append(keys, picker.Key{Kind: picker.Char, Rune: r})
			}
			for range []rune(q) {
				keys = append(keys, picker.Key{Kind: picker.Backspace})
			}
			for _, k := range keys {
				t0 := time.Now()
				m.Handle(k, 10)
				m.Render(120, 40, picker.Style{Color: true})
				ts = append(ts, time.Since(t0))
			}
		}
	}
	slices.Sort(ts)
	var sum time.Duration
	for _, t := range ts {
		sum += t
	}
	b.ReportMetric(ms(ts[len(ts)/2]), "p50-ms/key")
	b.ReportMetric(ms(ts[len(ts)*95/100]), "p95-ms/key")
	b.ReportMetric(ms(ts[len(ts)-1]), "max-ms/key")
	b.Logf("%d keys: mean %.2f ms, p50 %.2f, p95 %.2f, max %.2f (typed %s)", len(ts), ms(sum/time.Duration(len(ts))),
		ms(ts[len(ts)/2]), ms(ts[len(ts)*95/100]), ms(ts[len(ts)-1]), strings.Join(typed, " | "))
}

// BenchmarkVersionProcess: `kb --version`, the start-up every command pays
// (package initialisation, flags, no index). The picker adds no dependency;
// this is where one that initialises at start would show.
func BenchmarkVersionProcess(b *testing.B) {
	bin := kbBinary(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		runProcess(b, map[int]bool{0: true}, bin, "--version")
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/start")
}
