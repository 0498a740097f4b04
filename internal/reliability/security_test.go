package reliability

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A knowledge base is shared through git, so everything committed in it is
// untrusted: these tests plant what an attacker would commit.

func newKB(t *testing.T) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "kb")
	os.MkdirAll(filepath.Join(root, ".kb"), 0o755)
	writeFile(t, filepath.Join(root, "pod.md"), "---\ntitle: Pod\ntags: [k8s]\n---\n# Pod\n\n## Pod란?\n\n가장 작은 단위.\n")
	return root
}

func writeFile(t *testing.T, p, body string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestKBConfigCannotChooseEditor: editor in a committed .kb/config.yaml is
// ignored with a warning; the user's environment and user config decide.
func TestKBConfigCannotChooseEditor(t *testing.T) {
	root := newKB(t)
	pwned := filepath.Join(t.TempDir(), "PWNED")
	writeFile(t, filepath.Join(root, ".kb", "config.yaml"), "editor: \"touch "+pwned+"; true\"\n")
	for _, args := range [][]string{{"edit", "pod"}, {"add", "새 노트"}} {
		r := runOnPty(t, root, []string{"EDITOR=true"}, args...)
		if _, err := os.Stat(pwned); err == nil {
			t.Fatalf("kb %v ran the knowledge base's editor: %+v", args, r)
		}
		if !strings.Contains(r.stderr, "config.yaml:1: editor is ignored") {
			t.Errorf("kb %v: no warning: %+v", args, r)
		}
	}
	// The user's own config still chooses, and KB_EDITOR above it.
	home := filepath.Join(root, "..", "home")
	mark := filepath.Join(t.TempDir(), "user-editor")
	writeFile(t, filepath.Join(home, ".config", "kb", "config.yaml"), "editor: \"touch "+mark+"; true\"\n")
	if r := run(t, root, []string{"EDITOR=false"}, "edit", "pod"); r.code != 0 {
		t.Fatalf("user config editor: %+v", r)
	}
	if _, err := os.Stat(mark); err != nil {
		t.Error("the user config's editor did not run")
	}
	if r := run(t, root, []string{"KB_EDITOR=false"}, "edit", "pod"); r.code == 0 {
		t.Error("KB_EDITOR should win over the user config")
	}
}

// TestPathsMustStayInside: folders from config, environment or flags are
// checked alike: inside the root, not hidden; a bad one is a usage error.
func TestPathsMustStayInside(t *testing.T) {
	root := newKB(t)
	outside := filepath.Join(root, "..", "escape-dir")
	cases := []struct {
		name   string
		config string
		env    []string
		args   []string
	}{
		{"config", "add:\n  folders:\n    note: ../escape-dir\n", nil, nil},
		{"config absolute", "add:\n  folders:\n    note: " + outside + "\n", nil, nil},
		{"config hidden", "add:\n  folders:\n    note: .hidden\n", nil, nil},
		{"env", "", []string{"KB_ADD_FOLDERS_NOTE=../escape-dir"}, nil},
		{"flag hidden", "", nil, []string{"--folder", ".hidden"}},
		{"flag hidden inside", "", nil, []string{"--folder", "a/.git/b"}},
		{"flag escape", "", nil, []string{"--folder", "a/../../escape-dir"}},
	}
	for _, c := range cases {
		writeFile(t, filepath.Join(root, ".kb", "config.yaml"), c.config)
		r := run(t, root, c.env, append([]string{"add", "탈출 " + c.name, "-m", "본문"}, c.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, "kb: error: ") {
			t.Errorf("%s: exit %d, want 2: %s", c.name, r.code, r.stderr)
		}
		if _, err := os.Stat(outside); err == nil {
			t.Fatalf("%s: a note was written outside the root", c.name)
		}
		for _, hidden := range []string{".hidden", "a"} {
			if _, err := os.Stat(filepath.Join(root, hidden)); err == nil {
				t.Fatalf("%s: %s was created", c.name, hidden)
			}
		}
	}
}

// TestSymlinksStayInside: a note linked to a file outside the root is not
// indexed or shown; kb does not write through links it did not make; a link
// to a note inside the root is edited at its target.
func TestSymlinksStayInside(t *testing.T) {
	root := newKB(t)
	secret := filepath.Join(t.TempDir(), "secret.md")
	writeFile(t, secret, "# 비밀\n\n바깥비밀단어\n")
	os.MkdirAll(filepath.Join(root, "n"), 0o755)
	if err := os.Symlink(secret, filepath.Join(root, "n", "passwd.md")); err != nil {
		t.Fatal(err)
	}
	r := run(t, root, nil, "index")
	if r.code != 0 || !strings.Contains(r.stderr, "n/passwd.md: skipped: a link to a file outside the knowledge base") {
		t.Errorf("index: %+v", r)
	}
	if r := run(t, root, nil, "search", "바깥비밀단어"); r.code != 1 {
		t.Errorf("a note outside the root was found: %+v", r)
	}
	if r := run(t, root, nil, "show", "n/passwd.md"); r.code == 0 || strings.Contains(r.stdout, "바깥비밀단어") {
		t.Errorf("a note outside the root was shown: %+v", r)
	}

	// A committed review log that is a link to a victim file.
	victim := filepath.Join(t.TempDir(), "victim.txt")
	writeFile(t, victim, "untouched\n")
	// (This user's log: the env's user and device are both "test".)
	os.MkdirAll(filepath.Join(root, ".kb", "reviews", "test"), 0o755)
	if err := os.Symlink(victim, filepath.Join(root, ".kb", "reviews", "test", "test.jsonl")); err != nil {
		t.Fatal(err)
	}
	cards := run(t, root, nil, "cards", "--json")
	card := between(cards.stdout, `"id": "`, `"`)
	if card == "" {
		t.Fatalf("no card: %+v", cards)
	}
	if r := run(t, root, nil, "review", card, "good"); r.code == 0 || !strings.Contains(r.stderr, "link") {
		t.Errorf("review through a link: %+v", r)
	}
	if b, _ := os.ReadFile(victim); string(b) != "untouched\n" {
		t.Fatalf("kb wrote through the review log's link: %q", b)
	}
	if r := run(t, root, nil, "cards"); !strings.Contains(r.stderr, "test/test.jsonl: a link to a file outside the knowledge base, skipped") {
		t.Errorf("a review log linking outside was read: %+v", r)
	}
	// A dangling one must not create its target either.
	os.Remove(filepath.Join(root, ".kb", "reviews", "test", "test.jsonl"))
	created := filepath.Join(t.TempDir(), "created.txt")
	os.Symlink(created, filepath.Join(root, ".kb", "reviews", "test", "test.jsonl"))
	run(t, root, nil, "review", card, "good")
	if _, err := os.Stat(created); err == nil {
		t.Fatal("kb created the target of a dangling review-log link")
	}

	// A linked note inside the root: kb tag edits the target, the link stays.
	os.Symlink("pod.md", filepath.Join(root, "alias.md"))
	if r := run(t, root, nil, "tag", "alias.md", "+링크"); r.code != 0 {
		t.Fatalf("tag a linked note: %+v", r)
	}
	if fi, err := os.Lstat(filepath.Join(root, "alias.md")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("kb tag replaced the link with a copy")
	}
	if b, _ := os.ReadFile(filepath.Join(root, "pod.md")); !strings.Contains(string(b), "링크") {
		t.Errorf("the link's target was not tagged:\n%s", b)
	}

	// A template linked to a private file is not read into a new note.
	key := filepath.Join(t.TempDir(), "id_rsa")
	writeFile(t, key, "PRIVATE KEY\n")
	os.MkdirAll(filepath.Join(root, ".kb", "templates"), 0o755)
	os.Symlink(key, filepath.Join(root, ".kb", "templates", "lesson.md"))
	if r := runOnPty(t, root, []string{"EDITOR=true"}, "add", "열쇠", "--type", "lesson"); r.code == 0 || !strings.Contains(r.stderr, "outside the knowledge base") {
		t.Errorf("add with a linked template: %+v", r)
	}
	if drafts, _ := filepath.Glob(filepath.Join(root, ".kb", "recovery", "*")); len(drafts) > 0 {
		t.Errorf("a draft was made from the linked template: %v", drafts)
	}

	// An index folder committed as a link is replaced, not written through.
	elsewhere := t.TempDir()
	os.RemoveAll(filepath.Join(root, ".kb", "index"))
	os.Symlink(elsewhere, filepath.Join(root, ".kb", "index"))
	if r := run(t, root, nil, "search", "Pod"); r.code != 0 {
		t.Errorf("search with a linked index: %+v", r)
	}
	if entries, _ := os.ReadDir(elsewhere); len(entries) > 0 {
		t.Errorf("the index was written through a link: %v", entries)
	}

	// A note folder that is a link to outside the root is not written into.
	away := t.TempDir()
	os.Symlink(away, filepath.Join(root, "notes"))
	if r := run(t, root, nil, "add", "링크 폴더", "-m", "본문"); r.code == 0 {
		t.Errorf("add into a linked folder: %+v", r)
	}
	if entries, _ := os.ReadDir(away); len(entries) > 0 {
		t.Errorf("kb add wrote through a linked folder: %v", entries)
	}
}

// TestNewNoteTitleAndMode: a newline in a title does not split the heading,
// and a new note's mode follows the umask like an editor's.
func TestNewNoteTitleAndMode(t *testing.T) {
	root := newKB(t)
	old := syscall.Umask(0o002)
	defer syscall.Umask(old)
	r := run(t, root, nil, "add", "첫 줄\n# 둘째 줄", "-m", "본문")
	if r.code != 0 {
		t.Fatalf("add: %+v", r)
	}
	p := strings.TrimSpace(r.stdout)
	if !filepath.IsAbs(p) { // kb prints paths relative to its working folder
		wd, _ := os.Getwd()
		p = filepath.Join(wd, p)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "\n# 첫 줄 # 둘째 줄\n") || strings.Count(string(b), "\n# ") != 1 {
		t.Errorf("the title heading was split:\n%s", b)
	}
	fi, _ := os.Stat(p)
	if fi.Mode().Perm() != 0o664 {
		t.Errorf("new note mode %v, want -rw-rw-r-- from umask 002", fi.Mode().Perm())
	}
}
