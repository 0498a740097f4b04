package notes

import (
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// OnDisk is the absolute path of the note whose path (NFC, '/') is rel, as
// the file system spells it. A note's identity is its NFC path, but Linux
// keeps names byte for byte: a Hangul name written in NFD (by macOS, an
// archive, git) exists only in that form, so opening the NFC spelling would
// fail, or create a second note. Each part missing in NFC is looked up in
// its folder by comparing names in NFC; what cannot be found stays NFC (a new
// note).
func OnDisk(root, rel string) string {
	p := filepath.Join(root, filepath.FromSlash(rel))
	if _, err := os.Lstat(p); err == nil {
		return p
	}
	dir := root
	for _, part := range strings.Split(rel, "/") {
		next := filepath.Join(dir, part)
		if _, err := os.Lstat(next); err != nil {
			if names, err := readNames(dir); err == nil {
				for _, name := range names {
					if norm.NFC.String(name) == part {
						next = filepath.Join(dir, name)
						break
					}
				}
			}
		}
		dir = next
	}
	return dir
}

func readNames(dir string) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Readdirnames(-1)
}
