package notes

import (
	"errors"
	"os"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// readDir lists a folder's visible entries. Folders are told by the entry's
// type, which the folder listing gives; each note file costs one fstatat,
// relative to the open folder (about twice as fast as os.ReadDir plus Info
// on 10k notes), and other files nothing: the scan skips them anyway.
func readDir(dir string) ([]dirEntry, DirSig, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, DirSig{}, err
	}
	defer f.Close()
	fd := int(f.Fd())
	// The folder's own stat, before its entries: a change made after it
	// is a change from what is recorded (foldercache.go).
	var sig DirSig
	var dst unix.Stat_t
	if unix.Fstat(fd, &dst) == nil {
		sig = sigOf(&dst)
	}
	entries, err := f.ReadDir(-1)
	out := make([]dirEntry, 0, len(entries))
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, "."):
			continue
		case e.IsDir():
			out = append(out, dirEntry{name: name, mode: os.ModeDir})
			continue
		case !isMarkdown(name):
			continue
		}
		de, serr := statAt(fd, name)
		if serr != nil {
			if !errors.Is(serr, unix.ENOENT) { // removed while we looked: not a problem
				err = errors.Join(err, &os.PathError{Op: "stat", Path: name, Err: serr})
			}
			continue
		}
		out = append(out, de)
	}
	return out, sig, err
}

// folderSigs: a folder's change time says whether its entries changed, so
// the scan keeps a folder cache (foldercache.go).
const folderSigs = true

func sigOf(st *unix.Stat_t) DirSig {
	return DirSig{MTime: st.Mtim.Sec*1e9 + st.Mtim.Nsec, CTime: st.Ctim.Sec*1e9 + st.Ctim.Nsec, Inode: st.Ino, ok: true}
}

// openFolder opens a folder to stat its entries by name, with its stat.
func openFolder(dir string) (fd int, sig DirSig, err error) {
	fd, err = unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, DirSig{}, err
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return -1, DirSig{}, err
	}
	return fd, sigOf(&st), nil
}

func closeFolder(fd int) { unix.Close(fd) }

// statAt is the lstat of name in the open folder fd, as readDir takes it.
func statAt(fd int, name string) (dirEntry, error) {
	var st unix.Stat_t
	if err := unix.Fstatat(fd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return dirEntry{}, err
	}
	return dirEntry{
		name:    name,
		mode:    modeOf(st.Mode),
		size:    st.Size,
		modTime: time.Unix(st.Mtim.Sec, st.Mtim.Nsec),
		change:  ChangeSig{CTime: st.Ctim.Sec*1e9 + st.Ctim.Nsec, Inode: st.Ino},
	}, nil
}

func modeOf(m uint32) os.FileMode {
	switch m & unix.S_IFMT {
	case unix.S_IFDIR:
		return os.ModeDir
	case unix.S_IFLNK:
		return os.ModeSymlink
	case unix.S_IFREG:
		return 0
	}
	return os.ModeIrregular
}

// changeSig reads the change signal of a followed link's target.
func changeSig(fi os.FileInfo) ChangeSig {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return ChangeSig{CTime: st.Ctim.Sec*1e9 + st.Ctim.Nsec, Inode: st.Ino}
	}
	return ChangeSig{}
}
