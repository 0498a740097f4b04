// Package fsutil holds the careful file operations kb uses on user data:
// atomic replacement of files and inter-process locks with a bounded wait.
package fsutil

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFileAtomic replaces name with data so that a reader, or a crash at any
// moment, sees either the old or the new content, never a mix: the data goes to
// a temp file in the same folder, is fsynced, and is renamed over name. An
// existing file's mode is kept; a new file gets perm less the umask.
func WriteFileAtomic(name string, data []byte, perm fs.FileMode) error {
	return writeAtomic(name, data, perm, true)
}

// WriteCacheFile is WriteFileAtomic without waiting for the disk: for a
// cache that is checksummed and rebuilt when lost, written often enough
// that an fsync would cost more than the cache saves.
func WriteCacheFile(name string, data []byte) error {
	return writeAtomic(name, data, 0o644, false)
}

func writeAtomic(name string, data []byte, perm fs.FileMode, durable bool) (err error) {
	keep := false
	if fi, err := os.Stat(name); err == nil {
		perm, keep = fi.Mode().Perm(), true
	}
	dir := filepath.Dir(name)
	CleanOnce(dir)
	tmp, err := CreateTemp(dir, "."+filepath.Base(name)+tmpInfix, "", perm)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if keep {
		if err = tmp.Chmod(perm); err != nil {
			return err
		}
	}
	if durable {
		if err = tmp.Sync(); err != nil {
			return err
		}
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), name); err != nil {
		return err
	}
	if durable {
		SyncDir(dir)
	}
	return nil
}

// SyncDir makes a rename or link in dir durable. Some file systems refuse to fsync a folder;
// the rename has happened by then, so a failure here is not reported.
func SyncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// BareError drops the path from a *fs.PathError, for messages that name the
// file already.
func BareError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
