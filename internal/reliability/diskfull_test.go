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
	// Two more, after note.md by path: its card stays the first one listed.
	os.WriteFile(filepath.Join(root, "z-edit.md"), []byte("# 고칠 노트\n\n옛글자 before\n\n## 옛 질문?\n\n답.\n"), 0o644)
	os.WriteFile(filepath.Join(root, "z-gone.md"), []byte("# 지울 노트\n\n사라질글 gone\n\n## 지운 질문?\n\n답.\n"), 0o644)
	// A knowledge base never indexed before the disk turns read-only.
	fresh := filepath.Join(mnt, "fresh")
	os.MkdirAll(filepath.Join(fresh, ".kb"), 0o755)
	os.WriteFile(filepath.Join(fresh, "first.md"), []byte("# 처음 노트\n\n색인없음 unindexed\n"), 0o644)
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
	// Changes the read-only disk will keep the index from taking: one note
	// added, one changed, one removed.
	if err := os.WriteFile(filepath.Join(root, "other.md"), []byte("# 다른 노트\n\n새글자 added\n\n## 두번째 질문?\n\n답.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "z-edit.md"), []byte("# 고친 노트\n\n바뀐글자 after\n\n## 새 질문?\n\n답.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(root, "z-gone.md")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount read-only: %v", err)
	}
	check("read-only")
	// Reading still works, from the index as it was and the changed notes
	// read anew, with a warning (every reader failed "cannot lock the index"
	// once a note had changed, then answered without the changes).
	const warning = "kb: warning: the index cannot be updated (read-only file system): answering from it as it was and from the 3 note(s) changed since, read anew"
	for _, c := range []struct {
		args      []string
		has, hasn []string
		code      int // 1: nothing found
	}{
		{[]string{"search", "중요한"}, []string{"note.md"}, nil, 0},
		{[]string{"search", "새글자"}, []string{"other.md"}, nil, 0},
		{[]string{"search", "바뀐글자"}, []string{"z-edit.md"}, nil, 0},
		{[]string{"search", "사라질글"}, nil, []string{"z-gone.md"}, 1},
		{[]string{"search", "옛글자"}, nil, []string{"z-edit.md"}, 1},
		{[]string{"list"}, []string{"note.md", "other.md", "z-edit.md"}, []string{"z-gone.md"}, 0},
		{[]string{"cards"}, []string{"질문은?", "두번째 질문?", "새 질문?"}, []string{"옛 질문?", "지운 질문?"}, 0},
		{[]string{"stats"}, nil, nil, 0},
		{[]string{"tags"}, []string{"keep"}, nil, 0},
		{[]string{"show", "other.md"}, []string{"새글자"}, nil, 0},
	} {
		r := run(t, root, nil, c.args...)
		if r.code != c.code || !strings.Contains(r.stderr, warning) {
			t.Errorf("kb %s on a read-only disk: %+v", strings.Join(c.args, " "), r)
		}
		for _, s := range c.has {
			if !strings.Contains(r.stdout, s) {
				t.Errorf("kb %s on a read-only disk: no %q in %q", strings.Join(c.args, " "), s, r.stdout)
			}
		}
		for _, s := range c.hasn {
			if strings.Contains(r.stdout, s) {
				t.Errorf("kb %s on a read-only disk: %q in %q", strings.Join(c.args, " "), s, r.stdout)
			}
		}
	}
	// kb index writes: there it fails.
	if r := run(t, root, nil, "index"); r.code != 1 || !strings.Contains(r.stderr, "kb: error: the index cannot be written (read-only file system)") {
		t.Errorf("kb index on a read-only disk: %+v", r)
	}
	for _, args := range [][]string{{"search", "색인없음"}, {"list"}} {
		r := run(t, fresh, nil, args...)
		if r.code != 0 || !strings.Contains(r.stdout, "first.md") ||
			!strings.Contains(r.stderr, "kb: warning: the index cannot be built (read-only file system): answering from the notes, read anew") {
			t.Errorf("kb %s in a never indexed KB on a read-only disk: %+v", args[0], r)
		}
	}
	if _, err := os.Stat(filepath.Join(fresh, ".kb", "index")); !os.IsNotExist(err) {
		t.Errorf("an index appeared on a read-only disk: %v", err)
	}
}
