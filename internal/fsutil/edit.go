package fsutil

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// ErrChangedMeanwhile means another program kept changing a file while kb
// was rewriting it; kb left that program's version in place.
var ErrChangedMeanwhile = errors.New("the file kept changing while kb rewrote it (another program is writing it); nothing was changed, try again")

// ResolveInside is the file name stands for: itself, or the target of the
// symbolic link it is, which must lie inside root. kb rewrites a linked note
// at its target and leaves the link as it was.
func ResolveInside(root, name string) (string, error) {
	fi, err := os.Lstat(name)
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		return name, err
	}
	target, err := filepath.EvalSymlinks(name)
	if err != nil {
		return "", err
	}
	if !Inside(root, target) {
		return "", fmt.Errorf("%s is a link to %s, outside the knowledge base; kb does not write there", name, target)
	}
	return target, nil
}

// Inside reports whether the real path p (links resolved) lies inside root.
func Inside(root, p string) bool {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(realRoot, p)
	return err == nil && filepath.IsLocal(rel)
}

// EditFile rewrites a file with what edit makes of its content, so that no
// change by anyone else is lost:
//
//   - kb's own writers of the file take turns: each holds a lock on the file
//     (re-taken if the file was replaced while it waited) from read to rename;
//   - a change by another program between the read and the rename is seen
//     (size, modification time, identity) and the edit is done again on the
//     new content, up to a few times, else ErrChangedMeanwhile;
//   - lines another program appended meanwhile (the content read still there,
//     more after it) are carried over to the new file after the rename.
//
// edit returns nil for "no change". changed reports whether the file was
// written. name must not be a link (see ResolveInside).
func EditFile(name string, timeout time.Duration, edit func([]byte) ([]byte, error)) (changed bool, err error) {
	deadline := time.Now().Add(timeout)
	for redo := 0; redo < 8; {
		f, err := os.OpenFile(name, os.O_RDONLY|NoFollow, 0)
		if err != nil {
			return false, err
		}
		changed, again, err := editLocked(f, name, deadline, edit)
		f.Close()
		switch again {
		case replaced:
			// Another writer replaced it while this one waited: lock the new one.
			if time.Now().After(deadline) {
				return false, ErrLocked
			}
		case redoEdit:
			redo++
		default:
			return changed, err
		}
	}
	return false, ErrChangedMeanwhile
}

const (
	done     = iota
	replaced // by the time the lock was ours, the file was another
	redoEdit // the file changed between read and rename
)

// editLocked does one attempt; again says why another is needed.
func editLocked(f *os.File, name string, deadline time.Time, edit func([]byte) ([]byte, error)) (changed bool, again int, err error) {
	if err := lockWait(f, true, deadline); err != nil {
		return false, done, err
	}
	defer unlock(f)
	before, err := f.Stat()
	if err != nil {
		return false, done, err
	}
	if now, err := os.Lstat(name); err != nil || !os.SameFile(before, now) {
		return false, replaced, nil
	}
	data, err := io.ReadAll(io.NewSectionReader(f, 0, before.Size()))
	if err != nil {
		return false, done, err
	}
	out, err := edit(data)
	if err != nil || out == nil {
		return false, done, err
	}
	dir := filepath.Dir(name)
	CleanOnce(dir)
	tmp, err := CreateTemp(dir, "."+filepath.Base(name)+tmpInfix, "", before.Mode().Perm())
	if err != nil {
		return false, done, err
	}
	defer func() {
		if tmp != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(out); err != nil {
		return false, done, err
	}
	if err = tmp.Chmod(before.Mode().Perm()); err != nil {
		return false, done, err
	}
	if err = tmp.Sync(); err != nil {
		return false, done, err
	}
	ok, growing := unchanged(f, name, before, data)
	if !ok {
		return false, redoEdit, nil // someone else rewrote it: start again from theirs
	}
	if err = tmp.Close(); err != nil {
		return false, done, err
	}
	if err = os.Rename(tmp.Name(), name); err != nil {
		return false, done, err
	}
	tmp = nil
	SyncDir(dir)
	carryAppends(f, name, before.Size(), growing)
	return true, done, nil
}

// unchanged reports whether the file is still the one read, as it was read,
// or only grew at its end (a log being appended to): what was appended is
// carried over after the rename.
func unchanged(f *os.File, name string, before os.FileInfo, data []byte) (ok, growing bool) {
	at, err := os.Lstat(name)
	if err != nil || !os.SameFile(before, at) {
		return false, false
	}
	now, err := f.Stat()
	switch {
	case err != nil || now.Size() < before.Size():
		return false, false
	case now.Size() == before.Size() && now.ModTime().Equal(before.ModTime()):
		return true, false
	}
	// Changed: fine only if what was read is still there, unchanged, at the start.
	again := make([]byte, len(data))
	if _, err := f.ReadAt(again, 0); err != nil {
		return false, false
	}
	return string(again) == string(data), true
}

// carryAppends copies to the new file whatever another program appended to
// the old one (still open as f) after it was read: a program that opened the
// file just before the rename writes to the old one. When the file is being
// appended to (growing), it waits a moment for such writes to land and stops
// once the old file stays the same size; else it looks once.
func carryAppends(old *os.File, name string, size int64, growing bool) {
	for quiet, first := 0, true; quiet < 2; first = false {
		if !first {
			time.Sleep(time.Millisecond)
		}
		fi, err := old.Stat()
		if err != nil || fi.Size() <= size {
			if first && !growing {
				return
			}
			quiet++
			continue
		}
		quiet = 0
		extra := make([]byte, fi.Size()-size)
		if _, err := old.ReadAt(extra, size); err != nil && err != io.EOF {
			return
		}
		nf, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND|NoFollow, 0)
		if err != nil {
			return
		}
		_, err = nf.Write(extra)
		nf.Sync()
		nf.Close()
		if err != nil {
			return
		}
		size = fi.Size()
	}
}
