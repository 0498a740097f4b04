package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kb-cli/kb/internal/kb"
	"github.com/kb-cli/kb/internal/reviews"
)

func staticItem(src, want string, data string, links ...string) *Item {
	return &Item{Source: src, Want: want, Note: strings.HasSuffix(want, ".md"),
		Render: func(final func(string) string) ([]byte, []reviews.Event, error) {
			out := data
			for _, l := range links {
				out += "\n" + relLink(final(src), final(l))
			}
			return []byte(out), nil, nil
		}}
}

func TestResolveAndApply(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "in"), 0o755)
	os.WriteFile(filepath.Join(root, "in", "a.md"), []byte("mine"), 0o644)
	plan := func() *Plan {
		return &Plan{Kind: "test", Items: []*Item{
			staticItem("A", "in/a.md", "imported a", "B"),
			staticItem("B", "in/sub/b.md", "imported b", "A"),
			staticItem("B2", "in/sub/B.md", "another b"),
			staticItem("evil", "../evil.md", "x"),
			staticItem("hidden", "in/.kb/config.yaml", "x"),
		}}
	}
	p := plan()
	outs, err := Resolve(root, p)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, o := range outs {
		got = append(got, o.Action+" "+o.Path)
	}
	want := "rename in/a-2.md|create in/sub/b.md|rename in/sub/B-2.md|skip ../evil.md|skip in/.kb/config.yaml"
	if strings.Join(got, "|") != want {
		t.Fatalf("got %s\nwant %s", strings.Join(got, "|"), want)
	}
	if err := Apply(root, p, outs, nil); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "in", "a.md")); string(b) != "mine" {
		t.Fatal("overwrote the user's note")
	}
	// Links follow the renamed note.
	if b, _ := os.ReadFile(filepath.Join(root, "in", "sub", "b.md")); string(b) != "imported b\n../a-2.md" {
		t.Errorf("b = %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "in", "a-2.md")); string(b) != "imported a\nsub/b.md" {
		t.Errorf("a = %q", b)
	}
	// Again: everything imported before, even after an edit.
	os.WriteFile(filepath.Join(root, "in", "a-2.md"), []byte("edited"), 0o644)
	outs, err = Resolve(root, plan())
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outs {
		if o.Action != Skipped {
			t.Errorf("second run: %+v", o)
		}
	}
	if !strings.Contains(outs[0].Reason, "imported before as in/a-2.md") {
		t.Errorf("reason %q", outs[0].Reason)
	}
}

// A folder that is a link (out of the root, say) is never written through.
func TestApplyRefusesLinkedFolders(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	if err := os.Symlink(outside, filepath.Join(root, "linked")); err != nil {
		t.Skip("no symlinks here")
	}
	p := &Plan{Kind: "test", Items: []*Item{staticItem("x", "linked/x.md", "x")}}
	outs, err := Resolve(root, p)
	if err != nil {
		t.Fatal(err)
	}
	err = Apply(root, p, outs, nil)
	if err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
		t.Fatalf("err = %v", err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Fatalf("wrote through the link: %v", entries)
	}
}

// A manifest that is a committed link is not appended to.
func TestManifestLinkRefused(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	victim := filepath.Join(outside, "victim")
	os.WriteFile(victim, []byte("untouched\n"), 0o644)
	os.MkdirAll(filepath.Join(root, ".kb"), 0o755)
	if err := os.Symlink(victim, kb.At(root).Imports()); err != nil {
		t.Skip("no symlinks here")
	}
	p := &Plan{Kind: "test", Items: []*Item{staticItem("x", "x.md", "x")}}
	if _, err := Resolve(root, p); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("read a linked manifest: %v", err)
	}
	if err := Apply(root, p, []Outcome{{Source: "x", Path: "x.md", Action: Create}}, nil); err == nil {
		t.Fatal("imported through a linked manifest")
	}
	if b, _ := os.ReadFile(victim); string(b) != "untouched\n" {
		t.Fatalf("victim = %q", b)
	}
}
