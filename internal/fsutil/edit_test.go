package fsutil

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Writers of one file take turns: none of 20 concurrent edits is lost.
func TestEditFileSerializesWriters(t *testing.T) {
	p := filepath.Join(t.TempDir(), "t.md")
	os.WriteFile(p, []byte("start\n"), 0o644)
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, err := EditFile(p, 10*time.Second, func(b []byte) ([]byte, error) {
				return append(b, fmt.Sprintf("w%d\n", i)...), nil
			})
			if err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	b, _ := os.ReadFile(p)
	for i := 0; i < 20; i++ {
		if !strings.Contains(string(b), fmt.Sprintf("w%d\n", i)) {
			t.Errorf("w%d lost:\n%s", i, b)
		}
	}
}

// A rewrite by another program between read and rename is never overwritten:
// the edit is done again on the new content.
func TestEditFileRedoesAfterOutsideChange(t *testing.T) {
	p := filepath.Join(t.TempDir(), "t.md")
	os.WriteFile(p, []byte("old\n"), 0o644)
	calls := 0
	changed, err := EditFile(p, time.Second, func(b []byte) ([]byte, error) {
		calls++
		if calls == 1 { // someone else saves the file meanwhile
			os.WriteFile(p, []byte("theirs\n"), 0o644)
		}
		return append([]byte("tagged "), b...), nil
	})
	b, _ := os.ReadFile(p)
	if err != nil || !changed || string(b) != "tagged theirs\n" || calls != 2 {
		t.Errorf("err %v changed %v calls %d content %q", err, changed, calls, b)
	}
	// One that never stops changing is refused, theirs kept.
	_, err = EditFile(p, time.Second, func(b []byte) ([]byte, error) {
		os.WriteFile(p, []byte(fmt.Sprintf("theirs %d\n", time.Now().UnixNano())), 0o644)
		return []byte("mine\n"), nil
	})
	if b, _ := os.ReadFile(p); err != ErrChangedMeanwhile || strings.HasPrefix(string(b), "mine") {
		t.Errorf("err %v content %q", err, b)
	}
}

// Lines appended meanwhile are carried over.
func TestEditFileKeepsAppends(t *testing.T) {
	p := filepath.Join(t.TempDir(), "t.md")
	os.WriteFile(p, []byte("a\n"), 0o644)
	_, err := EditFile(p, time.Second, func(b []byte) ([]byte, error) {
		f, _ := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
		f.WriteString("appended\n")
		f.Close()
		return append([]byte("edited "), b...), nil
	})
	if b, _ := os.ReadFile(p); err != nil || string(b) != "edited a\nappended\n" {
		t.Errorf("err %v content %q", err, b)
	}
}
