package gitsync

import (
	"strings"
	"testing"
)

func TestMessage(t *testing.T) {
	msg, files := message("kim@example.com", "A\tnotes/새 노트.md\nM\tnotes/b.md\nD\tnotes/c.md\nA\t.kb/reviews/kim@example.com/laptop.jsonl\nM\t.kb/imports.jsonl\n")
	first := strings.SplitN(msg, "\n", 2)[0]
	if first != "kb sync by kim@example.com: 1 note added, 1 note changed, 1 note removed, reviews (1 log), 1 other file" {
		t.Errorf("first line %q", first)
	}
	if len(files) != 5 || !strings.Contains(msg, "\nnotes/새 노트.md\n") {
		t.Errorf("files %v in %q", files, msg)
	}
	var many strings.Builder
	for i := 0; i < 25; i++ {
		many.WriteString("A\tn" + strings.Repeat("x", i) + ".md\n")
	}
	msg, _ = message("u", many.String())
	if !strings.HasPrefix(msg, "kb sync by u: 25 notes added\n") || !strings.Contains(msg, "... and 5 more") {
		t.Errorf("message %q", msg)
	}
}

func TestGitErrorHidesTheCommitMessage(t *testing.T) {
	e := &GitError{Args: []string{"commit", "--quiet", "-m", "a long message"}, Output: "Please tell me who you are.\n"}
	if e.Error() != "git commit failed: Please tell me who you are." {
		t.Errorf("%q", e.Error())
	}
}
