package reliability

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runWithin runs kb and fails the test if it takes longer than limit.
func runWithin(t *testing.T, root string, limit time.Duration, args ...string) result {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, kbBin, args...)
	cmd.Env = env(root)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("kb %q took longer than %s", args, limit)
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	if strings.Contains(errb.String(), "panic") || strings.Contains(errb.String(), "goroutine ") {
		t.Fatalf("kb %q panicked:\n%s", args, errb.String())
	}
	return result{code, out.String(), errb.String()}
}

// TestBadInput feeds kb the inputs of the reliability issue: each gets a
// clear message and a sane exit code, nothing is lost, nothing hangs.
func TestBadInput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds large files")
	}
	root := filepath.Join(t.TempDir(), "kb")
	write := func(rel, body string) {
		p := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var bomb strings.Builder
	bomb.WriteString("---\na: &a [x,x,x,x,x,x,x,x,x]\n")
	prev := "a"
	for _, c := range "bcdefghij" {
		fmt.Fprintf(&bomb, "%c: &%c [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", c, c, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = string(c)
	}
	bomb.WriteString("---\n# 폭탄 노트\n생존 단어\n")
	write("alias-bomb.md", bomb.String())
	write("tabs.md", "---\ntitle: 탭\ntags:\n\t- a\n---\n탭 들여쓰기 생존\n")
	write("huge-value.md", "---\ntitle: "+strings.Repeat("긴제목", 30000)+"\n---\n큰 값 생존\n")
	write("number-title.md", "---\ntitle: 12345\ntags: 42\n---\n숫자 제목 생존\n")
	write("only-front-matter.md", "---\ntitle: 앞부분만\ntags: [solo]\n---\n")
	write("nested-lists.md", strings.Repeat("- ", 10000)+"깊은 목록 생존\n")
	write("nested-quotes.md", strings.Repeat(">", 10000)+" 깊은 인용 생존\n")
	write("long-line.md", "# 긴 줄\n"+strings.Repeat("가나다라마바사아 ", 50<<20/25)+"\n") // a 50 MB line
	write("nul.md", "앞\x00뒤\n")
	write("crlf.md", "# 윈도우\r\n\r\n줄바꿈 생존\r\n")
	write("names/a #1 & [b] (c).md", "# 이상한 이름\n\n특수문자 이름 생존\n")
	write("x.md/inner.md", "# 폴더 안\n\n폴더 이름 생존\n")
	os.Symlink("..", filepath.Join(root, "names", "loop"))
	os.Symlink("missing.md", filepath.Join(root, "dangling.md"))
	os.MkdirAll(filepath.Join(root, ".kb"), 0o755)

	r := runWithin(t, root, 60*time.Second, "index")
	if r.code != 0 {
		t.Fatalf("index: %+v", r)
	}
	for _, want := range []string{"tabs.md:4:", "long-line.md: skipped:", "nul.md: skipped: binary"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("no warning %q in:\n%s", want, r.stderr)
		}
	}
	for _, word := range []string{"생존", "폭탄", "탭", "숫자", "앞부분만", "깊은", "윈도우", "특수문자", "폴더"} {
		if r := runWithin(t, root, 20*time.Second, "search", word); r.code != 0 {
			t.Errorf("search %s: %+v", word, r)
		}
	}
	// Queries kb cannot take are usage errors; odd characters are just text.
	for _, q := range []string{`"unbalanced`, "OR", "-", "OR OR", "tag:"} {
		if r := runWithin(t, root, 20*time.Second, "search", "--", q); r.code != 2 {
			t.Errorf("query %q: exit %d, want 2: %s", q, r.code, r.stderr)
		}
	}
	for _, q := range []string{"a+b", "foo:bar", "(x)", "[a-z]*", "~^\\", `\d+.*?`, "AND NOT", "&&||!"} {
		if r := runWithin(t, root, 20*time.Second, "search", "--", q); r.code > 1 {
			t.Errorf("query %q: exit %d: %s", q, r.code, r.stderr)
		}
	}
	// A 100,000-letter word is refused at once (it took over a minute, and a
	// 700-letter one wiped the index as if it were damaged).
	for _, w := range []string{strings.Repeat("y", 100000), strings.Repeat("가", 40000)} { // an argument is at most 128 KiB
		if r := runWithin(t, root, 10*time.Second, "search", w); r.code != 2 || !strings.Contains(r.stderr, "too long") || strings.Contains(r.stderr, "rebuilding") {
			t.Errorf("a %d-byte word: exit %d: %.300s", len(w), r.code, r.stderr)
		}
	}
	words := make([]string, 10000)
	for i := range words {
		words[i] = fmt.Sprintf("w%d", i)
	}
	if r := runWithin(t, root, 30*time.Second, append([]string{"search", "--"}, words...)...); r.code > 2 {
		t.Errorf("10,000 words: exit %d: %s", r.code, r.stderr)
	}
	// Nothing was changed by reading.
	if b, _ := os.ReadFile(filepath.Join(root, "tabs.md")); !bytes.Contains(b, []byte("\t- a")) {
		t.Error("a bad note was modified")
	}
}

// TestManyFilesInOneFolder: 20k notes in one folder (100k with
// KB_FLAT_FILES=100000, as make reliability runs it) index and search.
func TestManyFilesInOneFolder(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 20k files")
	}
	root := filepath.Join(t.TempDir(), "kb")
	os.MkdirAll(filepath.Join(root, "flat"), 0o755)
	os.MkdirAll(filepath.Join(root, ".kb"), 0o755)
	n := envInt("KB_FLAT_FILES", 20000)
	for i := 0; i < n; i++ {
		os.WriteFile(filepath.Join(root, "flat", fmt.Sprintf("n%06d.md", i)), []byte(fmt.Sprintf("# 노트 %d\n\n단어%d\n", i, i)), 0o644)
	}
	if r := runWithin(t, root, 300*time.Second, "index"); r.code != 0 || !strings.Contains(r.stdout, fmt.Sprintf("%d notes", n)) {
		t.Fatalf("index: %+v", r)
	}
	if r := runWithin(t, root, 20*time.Second, "search", fmt.Sprintf("단어%d", n-1)); r.code != 0 {
		t.Fatalf("search: %+v", r)
	}
}

// TestHugeReviewLogLine: one log line over 16 MiB broke review, cards, stats
// and quiz ("token too long"); now it is skipped with its file and line.
func TestHugeReviewLogLine(t *testing.T) {
	root := filepath.Join(t.TempDir(), "kb")
	os.MkdirAll(filepath.Join(root, ".kb", "reviews"), 0o755)
	os.WriteFile(filepath.Join(root, "card.md"), []byte("Q: TCP란?\nA: 연결 지향\n"), 0o644)
	huge := `{"id":"x","card":"y","q":"` + strings.Repeat("가", 6<<20) + "\"}\n" // 18 MiB
	os.WriteFile(filepath.Join(root, ".kb", "reviews", "other.jsonl"), []byte(huge), 0o644)
	want := "kb: warning: .kb/reviews/other.jsonl:1: review event of "
	for _, args := range [][]string{{"cards"}, {"review", "2c96", "good"}, {"stats"}, {"quiz"}} {
		r := runWithin(t, root, 30*time.Second, args...)
		if r.code != 0 || !strings.Contains(r.stderr, want) {
			t.Errorf("kb %s: exit %d: %.300s", args[0], r.code, r.stderr)
		}
	}
}
