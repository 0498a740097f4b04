// Package shared finds the shared/ folder that developers and CI have beside
// the project (../shared from its root): real Korean notes for evaluations and
// fuzz seeds, and the note generator for benchmarks. Tests that use it skip
// when it is absent.
package shared

import (
	"os"
	"path/filepath"
	"strings"
)

// Dir is the shared folder: the sibling of the folder holding go.mod, found
// from the working directory (a package's folder when tests run).
func Dir() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(filepath.Dir(dir), "shared")
			fi, err := os.Stat(p)
			return p, err == nil && fi.IsDir()
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// Path is a path inside the shared folder, if it exists.
func Path(elem ...string) (string, bool) {
	dir, ok := Dir()
	if !ok {
		return "", false
	}
	p := filepath.Join(append([]string{dir}, elem...)...)
	_, err := os.Stat(p)
	return p, err == nil
}

// CorpusNotes calls fn with every Markdown file of shared/corpora up to
// maxSize bytes (its path relative to the corpora, and its content).
func CorpusNotes(maxSize int, fn func(rel string, data []byte)) {
	root, ok := Path("corpora")
	if !ok {
		return
	}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return nil
		}
		if b, err := os.ReadFile(p); err == nil && (maxSize <= 0 || len(b) <= maxSize) {
			rel, _ := filepath.Rel(root, p)
			fn(filepath.ToSlash(rel), b)
		}
		return nil
	})
}
