package catalog

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kb-cli/kb/internal/index"
)

func writeNotes(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for rel, body := range files {
		p := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func openIndex(t *testing.T, root string) *index.Index {
	t.Helper()
	ix, err := index.Open(index.Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func kbWithRoot(t *testing.T, files map[string]string) (*index.Index, string) {
	t.Helper()
	root := writeNotes(t, files)
	return openIndex(t, root), root
}
