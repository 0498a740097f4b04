package notes

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/kb-cli/kb/internal/fsutil"
)

// File is a note file found on disk.
type File struct {
	Path    string // NFC, '/' separated, relative to the root: the note's identity
	Disk    string // relative path as the file system spells it (may be NFD)
	Size    int64
	ModTime time.Time
	// Change is a signal beyond size and mtime (which a tool can restore):
	// on Linux the inode change time and the inode number, so a same-size
	// edit with its mtime put back, or a file replaced by another, is
	// noticed. Zero where the platform does not give them.
	Change ChangeSig
}

// ChangeSig is the inode change time (UnixNano) and inode number of a file.
type ChangeSig struct {
	CTime int64
	Inode uint64
}

// Scan lists the Markdown files under root, by Path, skipping hidden folders
// (and so .kb/). It runs before every command that reads the index, so it is
// built for speed: folders are read in parallel and each entry costs one stat
// relative to its folder.
func Scan(root string) ([]File, []Warning) {
	files, warns, _ := ScanCached(root, nil)
	return files, warns
}

// ScanCached is Scan with a folder cache (foldercache.go): a folder as old
// recorded it is not listed again. now is the cache to keep for the next
// scan, nil when it would be old again (no folder was listed) or the
// platform gives no folder stat to record.
func ScanCached(root string, old Folders) (files []File, warns []Warning, now Folders) {
	s := &scanner{root: root, queue: []string{""}, pending: 1, folders: map[string]folder{},
		old: old, start: time.Now().UnixNano(), recs: Folders{}}
	s.cond = sync.NewCond(&s.mu)
	var wg sync.WaitGroup
	for i := 0; i < scanWorkers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.work()
		}()
	}
	wg.Wait()
	n := 0
	for _, f := range s.folders {
		n += len(f.files)
	}
	files, twins := dropTwins(s.inOrder("", make([]File, 0, n)))
	s.warns = append(s.warns, twins...)
	sort.Slice(s.warns, func(i, j int) bool { return s.warns[i].Path < s.warns[j].Path })
	if s.listed && folderSigs {
		now = s.recs
	}
	return files, s.warns, now
}

// dropTwins keeps one file of each NFC path. Two names that differ only in
// Unicode form (한글.md written as NFC and as NFD) are one note to kb, which
// would otherwise index them in turn, one run each, and report the note
// updated for ever. The NFC one is kept (else the first by name) and the
// other reported until it is renamed.
func dropTwins(files []File) ([]File, []Warning) {
	if !slices.IsSortedFunc(files, fileOrder) {
		// Two folders whose names are one in NFC: their files interleave.
		slices.SortFunc(files, fileOrder)
	}
	var warns []Warning
	out := files[:0]
	for i, f := range files {
		if i > 0 && f.Path == files[i-1].Path {
			warns = append(warns, Warning{Path: f.Path, Msg: fmt.Sprintf(
				"skipped: %q and %q are the same name in two Unicode forms (NFC and NFD); rename or merge one",
				filepath.ToSlash(files[i-1].Disk), filepath.ToSlash(f.Disk))})
			continue
		}
		out = append(out, f)
	}
	return out, warns
}

// fileOrder sorts by Path, and one path's twins the NFC-spelled first, then
// by their names on disk.
func fileOrder(a, b File) int {
	if c := strings.Compare(a.Path, b.Path); c != 0 {
		return c
	}
	if (a.Disk == a.Path) != (b.Disk == b.Path) {
		if a.Disk == a.Path {
			return -1
		}
		return 1
	}
	return strings.Compare(a.Disk, b.Disk)
}

// scanWorkers: stat calls overlap well even on two cores.
const scanWorkers = 4

type scanner struct {
	root    string
	mu      sync.Mutex
	cond    *sync.Cond
	queue   []string // folders to read, relative to root
	pending int      // folders queued or being read
	folders map[string]folder
	warns   []Warning

	old    Folders // the folder cache given (nil: none)
	start  int64   // UnixNano when the scan began
	recs   Folders // each folder as found, for the next cache
	listed bool    // a folder was listed, not taken from the cache
}

// folder is what the scan found in one folder, in the order of Path: each
// folder's entries are sorted by the worker that read it, so that on a
// hundred thousand notes the sorting is shared by the workers, and inOrder
// puts the folders together without comparing across them.
type folder struct {
	files []File
	dirs  []string
	order []entryRef
}

// entryRef is an entry of a folder: files[i] for i >= 0, else dirs[-i-1].
// key is its NFC name, with a slash after a folder's: every path under a
// folder goes on with a slash, so comparing keys compares the paths.
type entryRef struct {
	key string
	i   int
}

// inOrder appends the files under the folder rel to out, by Path.
func (s *scanner) inOrder(rel string, out []File) []File {
	f := s.folders[rel]
	for _, e := range f.order {
		if e.i >= 0 {
			out = append(out, f.files[e.i])
		} else {
			out = s.inOrder(f.dirs[-e.i-1], out)
		}
	}
	return out
}

func (s *scanner) work() {
	s.mu.Lock()
	for {
		for len(s.queue) == 0 && s.pending > 0 {
			s.cond.Wait()
		}
		if len(s.queue) == 0 {
			s.mu.Unlock()
			return
		}
		rel := s.queue[len(s.queue)-1]
		s.queue = s.queue[:len(s.queue)-1]
		s.mu.Unlock()
		f, rec, listed, warns := s.folder(rel)
		dirs := f.dirs
		s.mu.Lock()
		s.folders[rel] = f
		if rec != nil {
			s.recs[rel] = rec
		}
		s.listed = s.listed || listed
		s.warns = append(s.warns, warns...)
		s.queue = append(s.queue, dirs...)
		s.pending += len(dirs) - 1
		s.cond.Broadcast()
	}
}

// dirEntry is what the scan needs of a folder entry: its lstat.
type dirEntry struct {
	name    string
	mode    fs.FileMode
	size    int64
	modTime time.Time
	change  ChangeSig
}

// sortFolder orders a folder's files and subfolders as their paths sort.
func sortFolder(files []File, dirs []string) folder {
	f := folder{files: files, dirs: dirs, order: make([]entryRef, 0, len(files)+len(dirs))}
	for i, file := range files {
		f.order = append(f.order, entryRef{path.Base(file.Path), i})
	}
	for i, d := range dirs {
		f.order = append(f.order, entryRef{norm.NFC.String(filepath.Base(d)) + "/", -i - 1})
	}
	slices.SortFunc(f.order, func(a, b entryRef) int {
		if c := strings.Compare(a.key, b.key); c != 0 || a.i < 0 || b.i < 0 {
			return c
		}
		return fileOrder(files[a.i], files[b.i])
	})
	return f
}

// folder finds what is in the folder rel: from the cache when the folder
// is as it was listed, else by listing it. rec is the folder's record for
// the next cache (nil where the platform gives no folder stat); listed
// says the folder was listed.
func (s *scanner) folder(rel string) (f folder, rec *FolderRec, listed bool, warns []Warning) {
	if old := s.old[rel]; old != nil && old.Rel == rel && !old.Racy && old.valid() {
		if f, ok := s.fromCache(old); ok {
			return f, old, false, nil
		}
	}
	files, links, dirs, sig, warns := s.dir(rel)
	f = sortFolder(files, dirs)
	if !folderSigs {
		return f, nil, true, warns
	}
	rec = &FolderRec{Rel: rel, Sig: sig, Racy: racy(sig, len(warns) > 0, s.start)}
	rec.Entries = make([]FolderEntry, 0, len(f.order)+len(links))
	for _, e := range f.order {
		if e.i < 0 {
			rec.Entries = append(rec.Entries, FolderEntry{Kind: EntryDir, Disk: dirs[-e.i-1]})
			continue
		}
		file := files[e.i]
		ce := FolderEntry{Kind: EntryFile, Disk: file.Disk}
		if links[file.Disk] {
			ce.Kind = EntryLink
			delete(links, file.Disk)
		}
		if file.Path != file.Disk {
			ce.Path = file.Path
		}
		rec.Entries = append(rec.Entries, ce)
	}
	// Links to nothing a note can be: kept to be followed again, since
	// their target can change while the folder does not.
	for _, disk := range slices.Sorted(maps.Keys(links)) {
		rec.Entries = append(rec.Entries, FolderEntry{Kind: EntryDeadLink, Disk: disk})
	}
	return f, rec, true, warns
}

// racy reports whether a folder listed at start (UnixNano) with stat sig
// must be listed again next time: it changed within racyWindow of start,
// its stat failed or gave no change time (a file system that keeps none
// would never show a change), or it warned (and so warns again).
func racy(sig DirSig, warned bool, start int64) bool {
	return !sig.ok || warned || sig.CTime <= 0 || sig.Inode == 0 || sig.CTime >= start-racyWindow
}

// fromCache finds the folder as rec lists it, if the folder has not
// changed since: each note stat-ed by name. ok is false when anything is
// not as listed; the folder is then listed anew.
func (s *scanner) fromCache(rec *FolderRec) (f folder, ok bool) {
	fd, sig, err := openFolder(filepath.Join(s.root, rec.Rel))
	if err != nil {
		return folder{}, false
	}
	defer closeFolder(fd)
	if !sig.ok || sig.MTime != rec.Sig.MTime || sig.CTime != rec.Sig.CTime || sig.Inode != rec.Sig.Inode {
		return folder{}, false
	}
	f.files = make([]File, 0, len(rec.Entries))
	f.order = make([]entryRef, 0, len(rec.Entries))
	for _, e := range rec.Entries {
		if e.Kind == EntryDir {
			f.order = append(f.order, entryRef{i: -len(f.dirs) - 1})
			f.dirs = append(f.dirs, e.Disk)
			continue
		}
		name := e.Disk[len(rec.Rel):]
		if rec.Rel != "" {
			name = name[1:]
		}
		st, err := statAt(fd, name)
		if err != nil {
			return folder{}, false
		}
		file := File{Path: e.Path, Disk: e.Disk, Size: st.size, ModTime: st.modTime, Change: st.change}
		if file.Path == "" {
			file.Path = e.Disk
		}
		switch {
		case e.Kind == EntryFile && st.mode.IsRegular():
		case e.Kind != EntryFile && st.mode&fs.ModeSymlink != 0:
			fi, err := os.Stat(filepath.Join(s.root, e.Disk))
			target := err == nil && fi.Mode().IsRegular()
			if e.Kind == EntryDeadLink && target {
				return folder{}, false // now a note: its place in the order is not kept
			}
			if !target {
				continue // as dir skips it
			}
			file.Size, file.ModTime, file.Change = fi.Size(), fi.ModTime(), changeSig(fi)
		default:
			return folder{}, false
		}
		f.order = append(f.order, entryRef{i: len(f.files)})
		f.files = append(f.files, file)
	}
	return f, true
}

// dir lists the folder rel: its notes, which of them (by Disk) are links
// and every link named .md whose target is no note, its subfolders, and
// its own stat.
func (s *scanner) dir(rel string) (files []File, links map[string]bool, dirs []string, sig DirSig, warns []Warning) {
	entries, sig, err := readDir(filepath.Join(s.root, rel))
	if err != nil {
		warns = append(warns, Warning{Path: toSlashNFC(filepath.Join(".", rel)), Msg: "cannot read folder: " + fsutil.BareError(err)})
	}
	files = make([]File, 0, len(entries))
	for _, e := range entries {
		child := filepath.Join(rel, e.name)
		switch {
		case e.mode.IsDir():
			dirs = append(dirs, child)
		case !isMarkdown(e.name):
		case e.mode.IsRegular():
			files = append(files, File{Path: toSlashNFC(child), Disk: child, Size: e.size, ModTime: e.modTime, Change: e.change})
		case e.mode&fs.ModeSymlink != 0:
			// Follow links to files only: a linked folder can loop back on itself.
			if links == nil {
				links = map[string]bool{}
			}
			links[child] = true
			if fi, err := os.Stat(filepath.Join(s.root, child)); err == nil && fi.Mode().IsRegular() {
				files = append(files, File{Path: toSlashNFC(child), Disk: child, Size: fi.Size(), ModTime: fi.ModTime(), Change: changeSig(fi)})
			}
		}
	}
	return files, links, dirs, sig, warns
}

func isMarkdown(name string) bool { return strings.EqualFold(filepath.Ext(name), ".md") }

func toSlashNFC(p string) string { return norm.NFC.String(filepath.ToSlash(p)) }

// ErrSkipped marks a file kb does not index (too large, binary); the message
// says why. ErrTooLarge is the too-large kind of it.
var (
	ErrSkipped  = errors.New("skipped")
	ErrTooLarge = fmt.Errorf("%w: too large", ErrSkipped)
)

// tooLarge wraps both sentinels with a message of its own.
type tooLarge struct{ msg string }

func (e tooLarge) Error() string        { return ErrSkipped.Error() + ": " + e.msg }
func (e tooLarge) Is(target error) bool { return target == ErrSkipped || target == ErrTooLarge }

// Read loads a note file for parsing, refusing files over maxSize bytes and
// binary files (a NUL byte in the first 8 KiB).
func Read(root string, f File, maxSize int64) ([]byte, error) {
	if maxSize > 0 && f.Size > maxSize {
		return nil, tooLarge{fmt.Sprintf("%s is larger than the %s limit (index.max_file_size)", HumanSize(f.Size), HumanSize(maxSize))}
	}
	p := filepath.Join(root, f.Disk)
	if fi, err := os.Lstat(p); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		// A committed link can point anywhere (/etc/passwd): only links to
		// files inside the knowledge base are notes.
		if target, err := filepath.EvalSymlinks(p); err != nil || !fsutil.Inside(root, target) {
			return nil, fmt.Errorf("%w: a link to a file outside the knowledge base", ErrSkipped)
		}
	}
	fh, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	var r io.Reader = fh
	if maxSize > 0 {
		r = io.LimitReader(fh, maxSize+1)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if maxSize > 0 && int64(len(data)) > maxSize { // grew since it was listed
		return nil, tooLarge{fmt.Sprintf("larger than the %s limit (index.max_file_size)", HumanSize(maxSize))}
	}
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return nil, fmt.Errorf("%w: binary file (contains NUL bytes)", ErrSkipped)
	}
	return data, nil
}

// HumanSize formats a byte count the way people read it: 5 MiB, 300 KiB.
func HumanSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%.3g MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.3g KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
