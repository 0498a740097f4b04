package iostreams

import (
	"strings"
	"testing"
	"time"
)

func TestColorsOnlyOnTTY(t *testing.T) {
	s, _, _, _ := Test()
	if got := s.Colors().Bold("x"); got != "x" {
		t.Errorf("colour on a pipe: %q", got)
	}
	s.SetTTY(false, true, false)
	if got := s.Colors().Bold("x"); got != "\x1b[1mx\x1b[0m" {
		t.Errorf("no colour on a TTY: %q", got)
	}
	s.noColor = true
	if s.ColorEnabled() {
		t.Error("NO_COLOR ignored")
	}
}

func TestProgress(t *testing.T) {
	s, _, _, errOut := Test()
	clock := time.Unix(0, 0)
	mk := func() *Progress {
		p := s.NewProgress("indexing")
		p.now = func() time.Time { return clock }
		p.start = clock
		return p
	}
	p := mk()
	p.Update(5, 10)
	clock = clock.Add(time.Second)
	p.Update(6, 10)
	if errOut.Len() != 0 {
		t.Fatalf("bar drawn on a pipe: %q", errOut)
	}
	s.SetTTY(false, false, true)
	clock = time.Unix(0, 0)
	p = mk()
	p.Update(1, 10)
	if errOut.Len() != 0 {
		t.Fatalf("bar drawn for short work: %q", errOut)
	}
	clock = clock.Add(time.Second)
	p.Update(5, 10)
	if !strings.Contains(errOut.String(), "indexing") || !strings.Contains(errOut.String(), "5/10") {
		t.Fatalf("bar: %q", errOut)
	}
	p.Done()
	if !strings.HasSuffix(errOut.String(), "\r\x1b[K") {
		t.Errorf("bar not cleared: %q", errOut)
	}
}
