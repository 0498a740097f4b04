package capture

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)

func TestSplitTitle(t *testing.T) {
	for _, tc := range []struct{ body, title, rest string }{
		{"# 제목\n\n본문\n", "제목", "\n본문\n"},
		{"\n\n첫 줄이 제목\n둘째\n", "첫 줄이 제목", "\n\n첫 줄이 제목\n둘째\n"},
		{"## 소제목\n", "소제목", "## 소제목\n"},
		{strings.Repeat("가", 70), strings.Repeat("가", 60) + "…", strings.Repeat("가", 70)},
	} {
		title, rest := splitTitle(tc.body)
		if title != tc.title || rest != tc.rest {
			t.Errorf("%q: %q %q", tc.body, title, rest)
		}
	}
}

func TestEditorFailureKeepsText(t *testing.T) {
	root := t.TempDir()
	_, err := New(Request{Root: root, Title: "x", Type: "lesson", Now: now, Edit: func(p string) error {
		f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		f.WriteString("소중한 문장\n")
		f.Close()
		return errors.New("editor crashed")
	}})
	var rec *RecoveryError
	if !errors.As(err, &rec) {
		t.Fatalf("got %v", err)
	}
	b, _ := os.ReadFile(rec.Path)
	if !strings.Contains(string(b), "소중한 문장") || filepath.Dir(rec.Path) != filepath.Join(root, ".kb", "recovery") {
		t.Errorf("recovery %s: %q", rec.Path, b)
	}
	// An editor that fails before anything was written leaves nothing behind.
	_, err = New(Request{Root: root, Title: "y", Type: "note", Now: now.Add(time.Second), Edit: func(string) error { return errors.New("no tty") }})
	if err == nil || errors.As(err, &rec) {
		t.Errorf("got %v", err)
	}
}
