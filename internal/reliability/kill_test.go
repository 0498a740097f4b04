package reliability

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/notes"
	"github.com/kb-cli/kb/internal/reviews"
)

// A knowledge base of notes with tags, inline tags and cards.
func seedKB(t *testing.T) string {
	root := filepath.Join(t.TempDir(), "kb")
	for i := 0; i < 40; i++ {
		body := fmt.Sprintf("---\ntitle: 노트 %d\ntags: [k8s, linux]\n---\n# 노트 %d\n\n배운 점 #k8s 쿠버네티스를 운영했다 %d.\n\n## 질문 %d은 무엇인가?\n\n답 %d.\n", i, i, i, i, i)
		p := filepath.Join(root, fmt.Sprintf("d%d", i%4), fmt.Sprintf("n%02d.md", i))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	os.MkdirAll(filepath.Join(root, ".kb"), 0o755)
	if r := run(t, root, nil, "index"); r.code != 0 {
		t.Fatalf("index: %+v", r)
	}
	return root
}

// snapshot reads every note.
func snapshot(t *testing.T, root string) map[string]string {
	files := map[string]string{}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.Contains(p, "/.") {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			files[rel] = string(b)
		}
		return nil
	})
	return files
}

type operation struct {
	name string
	args func(i int) []string
	// after is what a note may be once run i of the operation has changed it
	// (nil: it changes no existing note).
	after func(i int, before string) string
}

var operations = []operation{
	{"add", func(i int) []string {
		return []string{"add", fmt.Sprintf("새 노트 %d", i), "-m", strings.Repeat("본문 ", 2000)}
	}, nil},
	{"tag", func(i int) []string { return []string{"tag", "d1/n05.md", fmt.Sprintf("+t%d", i)} },
		func(i int, before string) string {
			out, _, _ := notes.EditTags([]byte(before), notes.AddRemove([]string{fmt.Sprintf("t%d", i)}, nil))
			return string(out)
		}},
	{"rename", func(i int) []string { return []string{"tag", "--rename", "k8s", "kubernetes"} },
		func(_ int, before string) string {
			out, _, _ := notes.EditTags([]byte(before), notes.Rename("k8s", "kubernetes"))
			out, _, _ = notes.RenameInlineTag(out, "k8s", "kubernetes")
			return string(out)
		}},
	{"review", func(i int) []string { return []string{"review", reviewCard, "good"} }, nil},
	{"rebuild", func(i int) []string { return []string{"index", "--rebuild"} }, nil},
}

// reviewCard is the card the review operation rates, found once the KB exists.
var reviewCard string

// TestKillAtAnyPoint kills kb at random moments in every writing command and
// checks that no note is ever partial or missing, the review log stays
// readable (at most a torn last line, reported and skipped) and the next
// command works. KB_KILL_RUNS sets the number of kills (make reliability runs more).
func TestKillAtAnyPoint(t *testing.T) {
	if testing.Short() {
		t.Skip("kills real processes")
	}
	root := seedKB(t)
	cards := run(t, root, nil, "cards", "--json")
	if reviewCard = between(cards.stdout, `"id": "`, `"`); reviewCard == "" {
		t.Fatalf("no card: %+v", cards)
	}
	runs := envInt("KB_KILL_RUNS", 60)
	rnd := rand.New(rand.NewSource(1))
	killed, finished := 0, 0
	for i := 0; i < runs; i++ {
		op := operations[i%len(operations)]
		before := snapshot(t, root)
		cmd := exec.Command(kbBin, op.args(i)...)
		cmd.Env = env(root, fmt.Sprintf("KB_NOW=2026-01-%02dT09:00:00Z", 1+i%28))
		var errb bytes.Buffer
		cmd.Stderr = &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rnd.Intn(60000)) * time.Microsecond
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
			finished++
		case <-time.After(delay):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			killed++
		}
		after := snapshot(t, root)
		for p, old := range before {
			now, ok := after[p]
			if !ok {
				t.Fatalf("run %d (%s): %s went missing", i, op.name, p)
			}
			if now == old {
				continue
			}
			if op.after != nil && now == op.after(i, old) {
				continue
			}
			t.Fatalf("run %d (%s): %s is neither the old nor the new version:\n%s", i, op.name, p, now)
		}
		for p, content := range after {
			if _, ok := before[p]; !ok && !strings.HasSuffix(strings.TrimSpace(content), strings.TrimSpace(strings.Repeat("본문 ", 2000))) {
				t.Fatalf("run %d (%s): new note %s is partial", i, op.name, p)
			}
		}
		_, problems, err := reviews.NewStore(reviews.Scope{Root: root, User: "test"}, "test", time.Second).ReadAll(time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if len(problems) > 1 {
			t.Fatalf("run %d: review log problems %v", i, problems)
		}
		// The next command works (rebuilding the index if it must).
		if r := run(t, root, nil, "search", "쿠버네티스"); r.code != 0 {
			t.Fatalf("run %d (%s): search after the kill: %+v", i, op.name, r)
		}
	}
	t.Logf("%d runs: %d killed mid-way, %d finished first", runs, killed, finished)
	if r := run(t, root, nil, "index"); r.code != 0 {
		t.Fatalf("final index: %+v", r)
	}
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	if j := strings.Index(s, b); j >= 0 {
		return s[:j]
	}
	return ""
}

// TestDraftSurvivesKill: kb add opens the editor on a draft in
// .kb/recovery/, so when kb is killed while the editor is open the text is
// still in the knowledge base, not in a temp folder.
func TestDraftSurvivesKill(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("needs /proc to find kb from the editor")
	}
	root := newKB(t)
	// The editor writes, then kills the kb that started it (its nearest
	// ancestor named kb) and waits to be killed in turn.
	editor := filepath.Join(t.TempDir(), "killing-editor")
	writeFile(t, editor, `#!/bin/sh
printf '잃으면 안 되는 문장\n' >> "$1"
p=$PPID
while [ "$p" -gt 1 ] && [ "$(cat /proc/$p/comm)" != kb ]; do p=$(cut -d' ' -f4 /proc/$p/stat); done
kill -9 "$p"
`)
	os.Chmod(editor, 0o755)
	r := runOnPty(t, root, []string{"EDITOR=" + editor}, "add", "죽은 편집")
	if r.code != -1 && r.code != 137 {
		t.Fatalf("kb was not killed: %+v", r)
	}
	drafts, _ := filepath.Glob(filepath.Join(root, ".kb", "recovery", "*.md"))
	if len(drafts) != 1 {
		t.Fatalf("drafts in .kb/recovery: %v", drafts)
	}
	if b, _ := os.ReadFile(drafts[0]); !strings.Contains(string(b), "잃으면 안 되는 문장") || !strings.Contains(string(b), "# 죽은 편집") {
		t.Errorf("draft %s:\n%s", drafts[0], b)
	}
	// A finished add leaves no draft behind.
	os.Remove(drafts[0])
	appender := filepath.Join(t.TempDir(), "append-editor")
	writeFile(t, appender, "#!/bin/sh\nprintf '본문\\n' >> \"$1\"\n")
	os.Chmod(appender, 0o755)
	if r := runOnPty(t, root, []string{"EDITOR=" + appender}, "add", "산 편집"); r.code != 0 {
		t.Fatalf("add: %+v", r)
	}
	if drafts, _ := filepath.Glob(filepath.Join(root, ".kb", "recovery", "*.md")); len(drafts) != 0 {
		t.Errorf("drafts left: %v", drafts)
	}
}

// TestLeftoversIgnoredAndCleaned: the temp files a killed kb leaves are never
// indexed or listed, and the next write to their folder removes them once
// they are stale (fresh ones may be another kb's, still writing).
func TestLeftoversIgnoredAndCleaned(t *testing.T) {
	root := newKB(t)
	old := time.Now().Add(-time.Hour)
	leftovers := []string{".kb-new-a1b2c3.md", ".pod.md.tmp-123456", "notes/.kb-new-d4e5f6.md"}
	for _, rel := range leftovers {
		p := filepath.Join(root, rel)
		writeFile(t, p, "# 남은 파일\n\n잔여물단어\n")
		os.Chtimes(p, old, old)
	}
	writeFile(t, filepath.Join(root, "notes", ".kb-new-fresh.md"), "# 쓰는 중\n\n잔여물단어\n")
	if r := run(t, root, nil, "search", "잔여물단어"); r.code != 1 {
		t.Errorf("a leftover was indexed: %+v", r)
	}
	if r := run(t, root, nil, "list"); strings.Contains(r.stdout, "남은 파일") || strings.Contains(r.stdout, "쓰는 중") {
		t.Errorf("a leftover was listed: %+v", r)
	}
	if r := run(t, root, nil, "tag", "pod", "+정리"); r.code != 0 {
		t.Fatal(r)
	}
	if r := run(t, root, nil, "add", "새 노트", "-m", "본문"); r.code != 0 {
		t.Fatal(r)
	}
	for _, rel := range leftovers {
		if _, err := os.Stat(filepath.Join(root, rel)); err == nil {
			t.Errorf("stale %s was not removed", rel)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "notes", ".kb-new-fresh.md")); err != nil {
		t.Error("a fresh temp file was removed")
	}
}
