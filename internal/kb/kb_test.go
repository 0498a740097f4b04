package kb

import (
	"os"
	"path/filepath"
	"testing"
)

func TestInitIsIdempotent(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "notes")
	created, err := Init(dir, "# settings\n")
	if err != nil || !created {
		t.Fatalf("first init: %v %v", created, err)
	}
	cfg := At(dir).Config()
	if b, _ := os.ReadFile(cfg); string(b) != "# settings\n" {
		t.Errorf("config: %q", b)
	}
	os.WriteFile(cfg, []byte("editor: nano\n"), 0o644)
	created, err = Init(dir, "# settings\n")
	if err != nil || created {
		t.Fatalf("second init: %v %v", created, err)
	}
	if b, _ := os.ReadFile(cfg); string(b) != "editor: nano\n" {
		t.Errorf("config overwritten: %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, DirName, ".gitignore")); string(b) != gitignore {
		t.Errorf(".gitignore: %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, DirName, ".gitattributes")); string(b) != "reviews/*.jsonl merge=union\nreviews/*/*.jsonl merge=union\nimports.jsonl merge=union\n" {
		t.Errorf(".gitattributes: %q", b)
	}
}

func TestFindRoot(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, DirName), 0o755)
	deep := filepath.Join(root, "a", "b")
	os.MkdirAll(deep, 0o755)
	if got, ok := FindRoot(deep); !ok || got != root {
		t.Errorf("got %q %v", got, ok)
	}
	if _, ok := FindRoot(t.TempDir()); ok {
		t.Error("found a root where there is none")
	}
}

// A knowledge base made before review logs were per user gets the line for
// the users' folders, once; a linked file is left alone.
func TestUpgradeGitattributes(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, DirName), 0o755)
	p := filepath.Join(dir, DirName, ".gitattributes")
	os.WriteFile(p, []byte("# mine\nreviews/*.jsonl merge=union"), 0o644)
	for i := 0; i < 2; i++ {
		if err := UpgradeGitattributes(dir); err != nil {
			t.Fatal(err)
		}
	}
	if b, _ := os.ReadFile(p); string(b) != "# mine\nreviews/*.jsonl merge=union\nreviews/*/*.jsonl merge=union\nimports.jsonl merge=union\n" {
		t.Errorf(".gitattributes: %q", b)
	}
	victim := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(victim, []byte("secret\n"), 0o644)
	os.Remove(p)
	if err := os.Symlink(victim, p); err != nil {
		t.Skip("no symlinks here")
	}
	if err := UpgradeGitattributes(dir); err == nil {
		t.Error("upgraded a linked .gitattributes")
	}
	if fi, _ := os.Lstat(p); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced")
	}
}
