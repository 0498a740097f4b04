package reliability

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestIndexTimeIsLinear indexes notes built to be slow — one long word, a
// list nested thousands deep, a run of '>' — at two sizes, 1 MiB and 4 MiB,
// and checks the time per byte does not grow with the size (it grew fourfold
// or more: a 400 KB word took 32 s). Wall-clock time, so it runs only under
// make reliability (KB_LINEAR_CHECK=1).
func TestIndexTimeIsLinear(t *testing.T) {
	if os.Getenv("KB_LINEAR_CHECK") == "" {
		t.Skip("timing test: make reliability runs it (KB_LINEAR_CHECK=1)")
	}
	nested := func(size int) string {
		var b strings.Builder
		for i := 0; b.Len() < size; i++ {
			b.WriteString(strings.Repeat("  ", i) + "- 깊은 항목\n")
		}
		return b.String()
	}
	for _, tc := range []struct {
		name string
		make func(size int) string
	}{
		{"long word", func(n int) string { return "# 긴 단어\n\n" + strings.Repeat("y", n) + "\n" }},
		{"deep nesting", nested},
		{"quote run", func(n int) string { return strings.Repeat(">", n) + " 깊은 인용\n" }},
	} {
		perByte := map[int]float64{}
		for _, size := range []int{1 << 20, 4 << 20} {
			root := filepath.Join(t.TempDir(), "kb")
			os.MkdirAll(filepath.Join(root, ".kb"), 0o755)
			os.WriteFile(filepath.Join(root, "base.md"), []byte("# 기준\n"), 0o644)
			start := time.Now()
			runWithin(t, root, 120*time.Second, "index")
			base := time.Since(start)
			os.WriteFile(filepath.Join(root, "slow.md"), []byte(tc.make(size)), 0o644)
			start = time.Now()
			r := runWithin(t, root, 120*time.Second, "index")
			took := time.Since(start)
			if r.code != 0 || !strings.Contains(r.stdout, "1 added") {
				t.Fatalf("%s: %+v", tc.name, r)
			}
			perByte[size] = float64(max(took-base, time.Millisecond)) / float64(size)
			t.Logf("%s: %d bytes indexed in %v: %.0f ns/byte", tc.name, size, took.Round(time.Millisecond), perByte[size])
		}
		if ratio := perByte[4<<20] / perByte[1<<20]; ratio > 3 {
			t.Errorf("%s: time per byte grew %.1f times from 1 MiB to 4 MiB: not linear", tc.name, ratio)
		}
	}
}
