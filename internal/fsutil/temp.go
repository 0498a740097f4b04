package fsutil

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// CreateTemp makes a new file in dir named prefix+random+suffix, with mode
// perm less the umask, as an editor would make it (os.CreateTemp always
// makes 0600).
func CreateTemp(dir, prefix, suffix string, perm fs.FileMode) (*os.File, error) {
	for try := 0; ; try++ {
		var b [6]byte
		_, _ = rand.Read(b[:])
		name := filepath.Join(dir, prefix+hex.EncodeToString(b[:])+suffix)
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL|NoFollow, perm)
		if errors.Is(err, fs.ErrExist) && try < 100 {
			continue
		}
		return f, err
	}
}

// Temp files kb makes beside the files it writes: .kb-new-*.md while a new
// note is created, .NAME.tmp-* while a file is replaced. Both start with a
// dot, so no scan of the notes ever sees them.
const (
	NewNotePrefix = ".kb-new-"
	tmpInfix      = ".tmp-"
)

// IsTemp reports whether a file name is one of kb's temp files.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, NewNotePrefix) ||
		(strings.HasPrefix(name, ".") && strings.Contains(name, tmpInfix))
}

// StaleAge is how old a temp file must be before it is taken for the
// leftover of a killed kb: writing one takes milliseconds.
const StaleAge = 10 * time.Minute

// cleaned are the folders this process has looked at for leftovers already.
var cleaned sync.Map

// CleanOnce removes stale temp files in dir the first time this process
// writes there: one more listing of the folder per command, not per file.
func CleanOnce(dir string) {
	if _, done := cleaned.LoadOrStore(dir, true); !done {
		RemoveStale(dir, time.Now())
	}
}

// RemoveStale removes kb's temp files in dir last changed before now minus
// StaleAge, left by a kb that was killed mid-write, and says how many went.
// File times are the file system's, so now is the wall clock's too.
func RemoveStale(dir string, now time.Time) int {
	d, err := os.Open(dir)
	if err != nil {
		return 0
	}
	names, _ := d.Readdirnames(-1)
	d.Close()
	n := 0
	for _, name := range names {
		if !IsTemp(name) {
			continue
		}
		p := filepath.Join(dir, name)
		if fi, err := os.Lstat(p); err == nil && fi.Mode().IsRegular() && now.Sub(fi.ModTime()) > StaleAge {
			if os.Remove(p) == nil {
				n++
			}
		}
	}
	return n
}

// LinkError means kb was asked to write through a symbolic link it did not
// make, which could lead anywhere: kb refuses.
type LinkError struct{ Path string }

func (e *LinkError) Error() string {
	return e.Path + " is a symbolic link; kb does not write through links it did not make"
}

// MkdirInside makes the folder rel (relative to root) and the ones above it,
// refusing if any of them, existing, is a symbolic link or not a folder: a
// link committed in a knowledge base must not lead kb's writes elsewhere.
func MkdirInside(root, rel string) (string, error) {
	dir := root
	if rel == "" || rel == "." {
		return dir, nil
	}
	for _, part := range strings.Split(filepath.ToSlash(filepath.Clean(rel)), "/") {
		dir = filepath.Join(dir, part)
		fi, err := os.Lstat(dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return "", err
			}
			continue
		case err != nil:
			return "", err
		case fi.Mode()&fs.ModeSymlink != 0:
			return "", &LinkError{Path: dir}
		case !fi.IsDir():
			return "", errors.New(dir + " is not a folder")
		}
	}
	return dir, nil
}
