package fsutil

import (
	"io"
	"os"
	"sync"
)

// ReadCache returns the whole of a cache file kb replaces only by rename
// (the manifest, the card and title caches, the review snapshot), mapped
// into memory rather than read.
//
// Every command reads these at start-up, and at 100k notes they run to
// 60 MB: read into fresh memory, the kernel copies and the process faults
// in and zeroes every page (20 ms for the 35 MB card cache), where a
// mapping of the page cache costs 2 ms.
//
// A mapping is never removed, so strings cut from it stay valid for the
// life of the process. That is also why each path is mapped only once and
// at most maxMaps files in all: a long session that reads a cache again
// (after an edit, say) reads it into memory the collector can free, and
// the files it mapped first stay only as long as the process. A file
// truncated in place by another program while kb runs would fault, which
// is why only files kb writes whole, by rename, are read this way.
//
// Where mapping is not possible (an empty file, another platform, the
// budget spent) the file is read as usual.
func ReadCache(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return ReadCacheOf(f, fi.Size())
}

// ReadCacheOf is ReadCache of an open file whose size is known.
func ReadCacheOf(f *os.File, size int64) ([]byte, error) {
	if mapOnce(f.Name()) {
		if b, err := mapFile(f, size); err == nil {
			return b, nil
		}
	}
	return ReadAll(f, size)
}

const maxMaps = 16

var mapped struct {
	sync.Mutex
	paths map[string]bool
}

// mapOnce reports whether path may be mapped: the first time it is asked,
// while fewer than maxMaps paths have been.
func mapOnce(path string) bool {
	mapped.Lock()
	defer mapped.Unlock()
	if mapped.paths[path] || len(mapped.paths) >= maxMaps {
		return false
	}
	if mapped.paths == nil {
		mapped.paths = map[string]bool{}
	}
	mapped.paths[path] = true
	return true
}

// ReadAll reads an open file of the given size in one buffer (io.ReadAll
// would grow its buffer two dozen times for a 6 MB manifest). Files that
// grow in place (the journal, the vocabulary delta) are read this way.
func ReadAll(f *os.File, size int64) ([]byte, error) {
	buf := make([]byte, 0, size+1) // +1: a file that grew since is read whole
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}
