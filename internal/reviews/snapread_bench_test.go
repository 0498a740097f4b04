package reviews

import (
	"os"
	"testing"
)

// BenchmarkReadSnapshot reads and decodes a knowledge base's review
// snapshot, as every review command does at start: KB_SNAPSHOT=<file>
// (.kb/index/review-snapshot of a generated knowledge base).
func BenchmarkReadSnapshot(b *testing.B) {
	p := os.Getenv("KB_SNAPSHOT")
	if p == "" {
		b.Skip("KB_SNAPSHOT names no snapshot file")
	}
	b.ReportAllocs()
	for b.Loop() {
		if snap, damage := readSnapshot(p, ""); snap == nil && damage != "" {
			b.Fatal(damage)
		}
	}
}
