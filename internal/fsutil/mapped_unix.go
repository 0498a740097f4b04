//go:build unix

package fsutil

import (
	"os"
	"syscall"
)

// mapFile maps size bytes of f read-only: the pages are the page cache's.
// (A private writable mapping would be populated by copying every page,
// which is what reading costs.) The decoders never write to what they
// read, and a write would fault rather than reach the file.
func mapFile(f *os.File, size int64) ([]byte, error) {
	if size <= 0 || int64(int(size)) != size {
		return nil, syscall.EINVAL
	}
	return syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_PRIVATE|syscall.MAP_POPULATE)
}
