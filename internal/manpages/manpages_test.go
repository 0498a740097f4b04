package manpages

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"kb", "kb-search", "kb-add", "kb-tag", "kb-list", "kb-show"} {
		b, err := os.ReadFile(filepath.Join(dir, cmd+".1"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), `.TH "KB" "1" "Jan 2026"`) {
			t.Errorf("%s: header: %s", cmd, b[:80])
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "kb-search.1"))
	if !strings.Contains(string(b), "kb-search - Find notes by any word") {
		t.Errorf("kb-search.1 has no NAME line")
	}
}
