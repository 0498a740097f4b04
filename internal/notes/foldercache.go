package notes

import (
	"path/filepath"
	"strings"
)

// The folder cache keeps what the last scan listed in each folder, so that
// a folder that has not changed since is not listed again: its notes are
// stat-ed by name, in the order kept. Listing the folders (getdents, an
// allocation per entry, sorting) was a third of the scan's CPU time at
// 100k notes; the stat of every note stays, as it is what sees an edit.
//
// A folder is known unchanged by its own stat: any entry added, removed
// or renamed in it sets its change time (ctime, which no tool can set
// back) and usually its mtime. A change made in the same clock tick as the
// one before it can leave the change time as it was, so a folder changed
// less than racyWindow before it was listed is listed again next time, as
// git does with its index. (A file system whose clock runs more than that
// behind this machine's could defeat this; kb's notes are local files.)
//
// The cache is only a cache: the index keeps it in a file of its own
// (kb-folders), and any record that is not as it was, or names anything
// but a visible entry of its own folder, is listed anew.

// racyWindow is how long after a folder's last change its listing is not
// trusted.
var racyWindow int64 = 2e9 // ns; a variable for the tests

// DirSig is a folder's stat as the cache compares it.
type DirSig struct {
	MTime, CTime int64
	Inode        uint64
	ok           bool // as stat-ed (not as read from a cache): the stat succeeded
}

// Folders is a folder cache: each folder's record by Rel.
type Folders map[string]*FolderRec

// FolderRec is one folder as listed: its entries in the order of Path.
type FolderRec struct {
	Rel     string // relative to the root, as the file system spells it
	Sig     DirSig
	Racy    bool // listed too soon after a change (or with a warning): list again
	Entries []FolderEntry
}

// EntryKind is what a FolderEntry is.
type EntryKind byte

const (
	EntryFile EntryKind = iota
	EntryLink           // a symbolic link named .md, followed when stat-ed
	EntryDir
	EntryDeadLink // such a link to no file: not a note, unless it comes to be
)

// FolderEntry is a note or a subfolder: Disk is its path relative to the
// root as the file system spells it; Path is the note's Path when it is
// not Disk itself (NFD names).
type FolderEntry struct {
	Kind       EntryKind
	Disk, Path string
}

// valid reports whether rec could have come from a scan of a folder: a
// relative path of visible names, entries of known kinds each a visible
// name directly in it, and a Path only where the name is not in NFC.
func (rec *FolderRec) valid() bool {
	if rec.Rel != "" && !validRel(rec.Rel) {
		return false
	}
	for _, e := range rec.Entries {
		if e.Kind > EntryDeadLink || !validChild(rec.Rel, e.Disk) || e.Path != "" && e.Path != toSlashNFC(e.Disk) {
			return false
		}
	}
	return true
}

// validRel reports whether rel is a folder the scan could have listed: a
// relative path of visible names, none of them "..".
func validRel(rel string) bool {
	if !filepath.IsLocal(rel) || filepath.Clean(rel) != rel {
		return false
	}
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		if strings.HasPrefix(part, ".") {
			return false
		}
	}
	return true
}

// validChild reports whether disk is a visible entry directly in rel.
func validChild(rel, disk string) bool {
	name := disk
	if rel != "" {
		if len(disk) <= len(rel)+1 || disk[:len(rel)] != rel || disk[len(rel)] != filepath.Separator {
			return false
		}
		name = disk[len(rel)+1:]
	}
	return name != "" && !strings.HasPrefix(name, ".") && !strings.ContainsAny(name, "/\x00"+string(filepath.Separator))
}
