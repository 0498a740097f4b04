package gitsync

import (
	"os"
	"path/filepath"
	"testing"
)

func TestUserEmail(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("GIT_CONFIG_GLOBAL", "")
	repo := t.TempDir()
	sub := filepath.Join(repo, "notes")
	os.MkdirAll(filepath.Join(repo, ".git"), 0o755)
	os.MkdirAll(sub, 0o755)
	if got := UserEmail(sub); got != "" {
		t.Fatalf("no config: %q", got)
	}
	os.WriteFile(filepath.Join(home, ".gitconfig"), []byte("[core]\n\temail = not@this\n[user]\n\tname = Kim\n\temail = kim@home.example ; a comment\n"), 0o644)
	if got := UserEmail(sub); got != "kim@home.example" {
		t.Fatalf("global: %q", got)
	}
	// The repository's own setting wins.
	os.WriteFile(filepath.Join(repo, ".git", "config"), []byte("[User]\n  Email = \"kim@work.example\"\n"), 0o644)
	if got := UserEmail(sub); got != "kim@work.example" {
		t.Fatalf("repository: %q", got)
	}
	// A worktree: .git is a file naming the real folder.
	wt := t.TempDir()
	os.WriteFile(filepath.Join(wt, ".git"), []byte("gitdir: "+filepath.Join(repo, ".git")+"\n"), 0o644)
	if got := UserEmail(wt); got != "kim@work.example" {
		t.Fatalf("worktree: %q", got)
	}
}
