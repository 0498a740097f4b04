package fsutil

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// ErrLocked is returned when a lock is still held by another process after the wait.
var ErrLocked = errors.New("locked by another process")

// Lock is an advisory lock on a file, shared between processes.
type Lock struct{ f *os.File }

// Acquire takes the lock on path (created if needed), exclusive or shared,
// waiting at most timeout. The lock goes away with the process if it is killed.
func Acquire(path string, exclusive bool, timeout time.Duration) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil && !exclusive {
		// A reader on a read-only disk: flock works on a read-only file, and
		// with no lock file at all nothing can change what is being read.
		if rf, rerr := os.Open(path); rerr == nil {
			f, err = rf, nil
		} else if errors.Is(err, syscall.EROFS) {
			return &Lock{}, nil
		}
	}
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(timeout)
	wait := 5 * time.Millisecond
	for {
		ok, err := tryLock(f, exclusive)
		if err != nil {
			f.Close()
			return nil, err
		}
		if ok {
			return &Lock{f: f}, nil
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, ErrLocked
		}
		time.Sleep(wait)
		if wait < 100*time.Millisecond {
			wait *= 2
		}
	}
}

// Release drops the lock. It is safe to call on a nil Lock.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	unlock(l.f)
	err := l.f.Close()
	l.f = nil
	return err
}
