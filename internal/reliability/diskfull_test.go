package reliability

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFullAndReadOnlyDisk writes into a small tmpfs that is full, then
// remounted read-only: every write fails with a clear message, the original
// note is intact and no temp file is left. Needs root (to mount); skips
// otherwise.
func TestFullAndReadOnlyDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	defer exec.Command("umount", mnt).Run()
	root := filepath.Join(mnt, "kb")
	os.MkdirAll(filepath.Join(root, ".kb"), 0o755)
	note := "---\ntitle: 중요한 노트\ntags: [keep]\n---\n\n## 질문은?\n\n답.\n"
	os.WriteFile(filepath.Join(root, "note.md"), []byte(note), 0o644)
	if r := run(t, root, nil, "index"); r.code != 0 {
		t.Fatalf("index: %+v", r)
	}
	cards := run(t, root, nil, "cards", "--json")
	card := between(cards.stdout, `"id": "`, `"`)
	if r := run(t, root, nil, "review", card, "good"); r.code != 0 {
		t.Fatalf("review: %+v", r)
	}
	// Blank lines up to just before a page boundary: the next append fits
	// only in part, the torn line a full disk leaves.
	logPath := filepath.Join(root, ".kb", "reviews", "test", "test.jsonl") // user and device "test"
	logBefore, _ := os.ReadFile(logPath)
	logBefore = append(logBefore, strings.Repeat("\n", 4096-20-len(logBefore))...)
	os.WriteFile(logPath, logBefore, 0o644)

	// Fill the disk.
	filler, _ := os.Create(filepath.Join(mnt, "filler"))
	buf := make([]byte, 4096)
	for {
		if _, err := filler.Write(buf); err != nil {
			break
		}
	}
	filler.Close()

	check := func(stage string) {
		t.Helper()
		for _, c := range []struct {
			args []string
			msg  string
		}{
			{[]string{"tag", "note.md", "+새태그"}, ""},
			{[]string{"add", "새 노트", "-m", strings.Repeat("본문 ", 3000)}, ""},
			{[]string{"review", card, "good"}, ""},
		} {
			r := run(t, root, nil, c.args...)
			if r.code == 0 {
				t.Errorf("%s: kb %v succeeded on a %s disk", stage, c.args[0], stage)
			}
			if !strings.Contains(r.stderr, "kb: error:") || strings.Contains(r.stderr, "panic") {
				t.Errorf("%s: kb %v: unclear error: %q", stage, c.args[0], r.stderr)
			}
		}
		if b, _ := os.ReadFile(filepath.Join(root, "note.md")); string(b) != note {
			t.Errorf("%s: the note changed: %q", stage, b)
		}
		// A failed append is cut back: no torn line to warn about for ever.
		if b, _ := os.ReadFile(logPath); string(b) != string(logBefore) {
			t.Errorf("%s: the review log changed:\n%q\nwas\n%q", stage, b, logBefore)
		}
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			name := filepath.Base(p)
			if err == nil && !d.IsDir() && (strings.Contains(name, ".tmp-") || strings.HasPrefix(name, ".kb-new-")) {
				t.Errorf("%s: temp file left: %s", stage, p)
			}
			return nil
		})
		if _, err := os.Stat(filepath.Join(root, "notes")); err == nil {
			entries, _ := os.ReadDir(filepath.Join(root, "notes"))
			if len(entries) > 0 {
				t.Errorf("%s: a note was created: %v", stage, entries)
			}
		}
	}
	check("full")
	os.Remove(filepath.Join(mnt, "filler"))
	// A change the read-only disk will keep the index from taking.
	if err := os.WriteFile(filepath.Join(root, "other.md"), []byte("# 다른 노트\n\n## 두번째 질문?\n\n답.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount read-only: %v", err)
	}
	check("read-only")
	// Reading still works, from the index as it was, with a warning (every
	// reader failed "cannot lock the index" once a note had changed).
	for _, args := range [][]string{{"search", "중요한"}, {"list"}, {"cards"}, {"stats"}, {"tags"}, {"show", "note.md"}} {
		r := run(t, root, nil, args...)
		if r.code != 0 || !strings.Contains(r.stderr, "kb: warning: the index cannot be updated (read-only file system): answering from it as it was, without 1 changed note(s)") {
			t.Errorf("kb %s on a read-only disk: %+v", args[0], r)
		}
	}
}
