package notes

import (
	"os"
	"testing"
)

// BenchmarkScan walks the knowledge base in $KB_SCAN_DIR (a generated one):
// the part of every command's start that grows with the notes.
func BenchmarkScan(b *testing.B) {
	dir := os.Getenv("KB_SCAN_DIR")
	if dir == "" {
		b.Skip("KB_SCAN_DIR names no knowledge base to walk")
	}
	for i := 0; i < b.N; i++ {
		files, _ := Scan(dir)
		if len(files) == 0 {
			b.Fatal("no notes found")
		}
	}
}
