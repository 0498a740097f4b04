package reliability

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestIndexTimeIsLinear indexes notes built to be slow — one long word, a
// list nested thousands deep, a run of '>' — at two sizes, 1 MiB and 4 MiB,
// and checks the CPU time per byte does not grow with the size (it grew
// fourfold or more: a 400 KB word took 32 s). Timing, so it runs only under
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
		{"link openers", func(n int) string { return strings.Repeat("[a](", n/4) + "\n" }},
		{"emphasis openers", func(n int) string { return strings.Repeat("*a_", n/3) + "\n" }},
	} {
		perByte := map[int]float64{}
		for _, size := range []int{1 << 20, 4 << 20} {
			root := filepath.Join(t.TempDir(), "kb")
			os.MkdirAll(filepath.Join(root, ".kb"), 0o755)
			os.WriteFile(filepath.Join(root, "slow.md"), []byte(tc.make(size)), 0o644)
			// CPU time, not wall time: the machine may be busy with other
			// work. The better of two rebuilds.
			var best time.Duration
			for i := 0; i < 2; i++ {
				took := indexCPU(t, root)
				if i == 0 || took < best {
					best = took
				}
			}
			perByte[size] = float64(best) / float64(size)
			t.Logf("%s: %d bytes indexed in %v of CPU: %.0f ns/byte", tc.name, size, best.Round(time.Millisecond), perByte[size])
		}
		if ratio := perByte[4<<20] / perByte[1<<20]; ratio > 1.5 {
			t.Errorf("%s: time per byte grew %.1f times from 1 MiB to 4 MiB: not linear", tc.name, ratio)
		}
	}
}

// indexCPU rebuilds the index of root and returns the CPU time kb used.
func indexCPU(t *testing.T, root string) time.Duration {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, kbBin, "index", "--rebuild")
	cmd.Env = env(root)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("kb index took longer than 2 minutes")
	}
	if err != nil || !strings.Contains(string(out), "1 added") {
		t.Fatalf("kb index: %v\n%s", err, out)
	}
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}
