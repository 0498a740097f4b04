package kb

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The layout is the on-disk format: a path that moves strands every
// knowledge base made before, so each is pinned here.
func TestLayoutPaths(t *testing.T) {
	l := At(filepath.FromSlash("/home/u/notes"))
	for _, c := range []struct{ got, want string }{
		{l.Dir(), ".kb"},
		{l.Config(), ".kb/config.yaml"},
		{l.GitIgnore(), ".kb/.gitignore"},
		{l.GitAttributes(), ".kb/.gitattributes"},
		{l.Reviews(), ".kb/reviews"},
		{l.UserReviews(""), ".kb/reviews"},
		{l.UserReviews("alice"), ".kb/reviews/alice"},
		{l.Templates(), ".kb/templates"},
		{l.Template("lesson"), ".kb/templates/lesson.md"},
		{l.Synonyms(), ".kb/synonyms.txt"},
		{l.Imports(), ".kb/imports.jsonl"},
		{l.Recovery(), ".kb/recovery"},
		{l.Trash(), ".kb/trash"},
		{l.IndexLock(), ".kb/index.lock"},
		{l.Index(), ".kb/index"},
		{l.Manifest(), ".kb/index/kb-manifest"},
		{l.Journal(), ".kb/index/kb-journal"},
		{l.CardData(), ".kb/index/kb-cards"},
		{l.Titles(), ".kb/index/kb-titles"},
		{l.Folders(), ".kb/index/kb-folders"},
		{l.Vocabulary(), ".kb/index/kb-vocab"},
		{l.VocabularyDelta(), ".kb/index/kb-vocab-delta"},
		{l.ReviewSnapshot(""), ".kb/index/review-snapshot"},
		{l.ReviewSnapshot("bob"), ".kb/index/review-snapshot-bob"},
		{l.ParameterMetrics(), ".kb/index/parameter-metrics.json"},
	} {
		if rel := l.Rel(c.got); rel != c.want {
			t.Errorf("%s: want %s", rel, c.want)
		}
		if !strings.HasPrefix(c.got, l.Root) {
			t.Errorf("%s is not under the root", c.got)
		}
	}
}

// What the .gitignore keeps out of git is the layout's caches and this
// machine's folders, by the names the layout gives them.
func TestGitignoreFollowsLayout(t *testing.T) {
	l := At(t.TempDir())
	for _, c := range []struct {
		path string
		dir  bool
	}{{l.Index(), true}, {l.IndexLock(), false}, {l.Recovery(), true}, {l.Trash(), true}} {
		entry := "/" + strings.TrimPrefix(l.Rel(c.path), DirName+"/")
		if c.dir {
			entry += "/"
		}
		if !strings.Contains(gitignore, "\n"+entry+"\n") {
			t.Errorf(".gitignore lacks %s", entry)
		}
	}
}

func TestInternal(t *testing.T) {
	for rel, want := range map[string]bool{
		".kb": true, ".kb/trash/x.md": true, ".kbx/a.md": false, "a/.kb/b.md": false, "notes/a.md": false, ".kb.md": false,
	} {
		if Internal(rel) != want {
			t.Errorf("Internal(%q) = %v", rel, !want)
		}
	}
}

func TestMkdirRefusesLinks(t *testing.T) {
	root := t.TempDir()
	l := At(root)
	dir, err := l.Mkdir(l.UserReviews("alice"))
	if err != nil || dir != l.UserReviews("alice") {
		t.Fatalf("%q %v", dir, err)
	}
	os.Remove(l.Trash())
	if err := os.Symlink(t.TempDir(), l.Trash()); err != nil {
		t.Skip("no symlinks here")
	}
	if _, err := l.Mkdir(filepath.Join(l.Trash(), "x")); err == nil {
		t.Error("made a folder through a link")
	}
}

// No package but this one spells a path under .kb: the others ask Layout.
// Prose (help text, messages) may name .kb; a path has no spaces.
func TestNoKBPathsOutsideLayout(t *testing.T) {
	root := moduleRoot(t)
	self, _ := filepath.Abs(".")
	checked := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "vendor") || p == self {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		checked++
		rel, _ := filepath.Rel(root, p)
		for _, f := range kbPaths(t, rel, src) {
			t.Errorf("%s: a .kb path spelled outside internal/kb; use kb.Layout", f)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("only %d files checked from %s: the walk is wrong", checked, root)
	}
}

// The check itself finds each way a path was spelled before Layout.
func TestKBPathsFinds(t *testing.T) {
	src := `package x
import ("path/filepath"; "github.com/kb-cli/kb/internal/kb")
var (
	a = filepath.Join(root, ".kb", "index")
	b = ".kb/reviews/"
	c = ":(exclude).kb/reviews"
	d = filepath.Join(root, kb.DirName, "trash")
	ok1 = "cannot update .kb/.gitattributes: "
	ok2 = "notes.kb"
	ok3 = kb.DirName
)`
	got := kbPaths(t, "x.go", []byte(src))
	if len(got) != 4 {
		t.Errorf("found %d, want 4: %q", len(got), got)
	}
}

var kbPathRe = regexp.MustCompile(`(^|[^\w.-])\.kb([/\\]|$)`)

// kbPaths lists where src spells a path under .kb: a string literal without
// spaces with .kb as a path element, or kb.DirName joined into a path.
func kbPaths(t *testing.T, name string, src []byte) []string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BasicLit:
			if n.Kind != token.STRING {
				break
			}
			s, err := strconv.Unquote(n.Value)
			if err == nil && !strings.ContainsAny(s, " \t\n") && kbPathRe.MatchString(s) {
				out = append(out, fset.Position(n.Pos()).String()+": "+n.Value)
			}
		case *ast.CallExpr:
			fun, ok := n.Fun.(*ast.SelectorExpr)
			if !ok || fun.Sel.Name != "Join" {
				break
			}
			for _, a := range n.Args {
				if sel, ok := a.(*ast.SelectorExpr); ok && sel.Sel.Name == "DirName" {
					out = append(out, fset.Position(a.Pos()).String()+": DirName joined")
				}
			}
		}
		return true
	})
	return out
}

func moduleRoot(t *testing.T) string {
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}
