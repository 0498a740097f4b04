package notes

import (
	"os"
	"testing"
)

// BenchmarkScan walks the knowledge base in $KB_SCAN_DIR (a generated one):
// the part of every command's start that grows with the notes. "listed"
// lists every folder (no folder cache: a first run, or every folder
// changed); "cached" takes the folders from the cache a first scan made,
// as a command does when only notes changed.
func BenchmarkScan(b *testing.B) {
	dir := os.Getenv("KB_SCAN_DIR")
	if dir == "" {
		b.Skip("KB_SCAN_DIR names no knowledge base to walk")
	}
	b.Run("listed", func(b *testing.B) {
		for b.Loop() {
			if files, _ := Scan(dir); len(files) == 0 {
				b.Fatal("no notes found")
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		_, _, cache := ScanCached(dir, nil)
		for b.Loop() {
			files, _, now := ScanCached(dir, cache)
			if len(files) == 0 || now != nil {
				b.Fatal("no notes found, or a folder was listed")
			}
		}
	})
}
