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
	// Never through a link: a lock file committed as a link to a file
	// elsewhere would be created or opened there.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|NoFollow, 0o644)
	if err != nil && !exclusive {
		// A reader on a read-only disk: flock works on a read-only file, and
		// with no lock file at all nothing can change what is being read.
		if rf, rerr := os.OpenFile(path, os.O_RDONLY|NoFollow, 0); rerr == nil {
			f, err = rf, nil
		} else if errors.Is(err, syscall.EROFS) {
			return &Lock{}, nil
		}
	}
	if err != nil {
		return nil, err
	}
	if err := lockWait(f, exclusive, time.Now().Add(timeout)); err != nil {
		f.Close()
		return nil, err
	}
	return &Lock{f: f}, nil
}

// AcquireFile takes the lock on an open file (kept open by the Lock).
func AcquireFile(f *os.File, exclusive bool, timeout time.Duration) (*Lock, error) {
	if err := lockWait(f, exclusive, time.Now().Add(timeout)); err != nil {
		return nil, err
	}
	return &Lock{f: f}, nil
}

// lockWait tries for the lock until deadline, more and more patiently.
func lockWait(f *os.File, exclusive bool, deadline time.Time) error {
	wait := 2 * time.Millisecond
	for {
		ok, err := tryLock(f, exclusive)
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		if time.Now().After(deadline) {
			return ErrLocked
		}
		time.Sleep(wait)
		if wait < 50*time.Millisecond {
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

// AcquireFair is Acquire with a queue: every taker of the lock passes through
// a turnstile first, a lock on the folder gate, which a writer holds while it
// waits for the lock, readers only for the moment of taking theirs. Readers
// coming one after another can then not keep a writer out for ever: once a
// writer waits, new readers wait behind it. Where a folder cannot be locked
// (Windows), it is Acquire.
func AcquireFair(path, gate string, exclusive bool, timeout time.Duration) (*Lock, error) {
	deadline := time.Now().Add(timeout)
	if g, err := os.Open(gate); err == nil {
		defer g.Close()
		switch err := lockWait(g, exclusive, deadline); {
		case errors.Is(err, ErrLocked):
			return nil, ErrLocked
		case err == nil:
			defer unlock(g)
		}
	}
	return Acquire(path, exclusive, time.Until(deadline))
}
