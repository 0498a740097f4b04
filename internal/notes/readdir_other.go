//go:build !linux

package notes

import (
	"errors"
	"io/fs"
	"os"
	"strings"
)

func readDir(dir string) ([]dirEntry, DirSig, error) {
	entries, err := os.ReadDir(dir)
	out := make([]dirEntry, 0, len(entries))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		fi, ierr := e.Info()
		if ierr != nil {
			if !errors.Is(ierr, fs.ErrNotExist) {
				err = errors.Join(err, ierr)
			}
			continue
		}
		out = append(out, dirEntry{name: e.Name(), mode: fi.Mode(), size: fi.Size(), modTime: fi.ModTime()})
	}
	return out, DirSig{}, err
}

const folderSigs = false

// Other platforms keep no folder cache: DirSig is never ok there, so these
// are never reached.
func openFolder(string) (int, DirSig, error) { return -1, DirSig{}, errors.ErrUnsupported }
func closeFolder(int)                        {}
func statAt(int, string) (dirEntry, error)   { return dirEntry{}, errors.ErrUnsupported }

// changeSig: other platforms give no inode change time kb reads; size and
// mtime are the whole signal there.
func changeSig(os.FileInfo) ChangeSig { return ChangeSig{} }
