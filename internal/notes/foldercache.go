package notes

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"unsafe"

	"github.com/kb-cli/kb/internal/fsutil"
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
// The cache is only a cache: written whole by any command that listed a
// folder anew (no lock: each writer's file is consistent in itself), read
// only when its checksum holds, and each of its names checked to be a
// plain visible name before it is stat-ed.

const folderCacheMagic = "kb-folders 1\n"

// racyWindow is how long after a folder's last change its listing is not
// trusted.
var racyWindow int64 = 2e9 // ns; a variable for the tests

// dirSig is a folder's stat as the cache compares it.
type dirSig struct {
	MTime, CTime int64
	Inode        uint64
	ok           bool // false: the platform gave no change time; never trusted
}

// folderRec is one folder as listed: its entries in the order of Path.
type folderRec struct {
	rel     string // relative to the root, as the file system spells it
	sig     dirSig
	racy    bool // listed too soon after a change (or with a warning): list again
	entries []cachedEntry
}

type entryKind byte

const (
	entryFile entryKind = iota
	entryLink           // a symbolic link named .md, followed when stat-ed
	entryDir
	entryDeadLink // such a link to no file: not a note, unless it comes to be
)

// cachedEntry is a note or a subfolder: disk is its path relative to the
// root as the file system spells it; path is the note's Path when it is
// not disk itself (NFD names).
type cachedEntry struct {
	kind       entryKind
	disk, path string
}

func encodeFolderCache(recs []folderRec) []byte {
	b := make([]byte, 0, 64*len(recs))
	str := func(s string) { b = binary.AppendUvarint(b, uint64(len(s))); b = append(b, s...) }
	b = binary.AppendUvarint(b, uint64(len(recs)))
	for _, r := range recs {
		str(r.rel)
		b = binary.AppendVarint(b, r.sig.MTime)
		b = binary.AppendVarint(b, r.sig.CTime)
		b = binary.AppendUvarint(b, r.sig.Inode)
		if r.racy {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
		b = binary.AppendUvarint(b, uint64(len(r.entries)))
		for _, e := range r.entries {
			b = append(b, byte(e.kind))
			str(e.disk)
			str(e.path)
		}
	}
	return fsutil.Seal(folderCacheMagic, b)
}

var errFolderCache = errors.New("the folder cache is damaged")

// readFolderCache returns the cache's folders by rel; nil when it is
// missing or unusable (the scan then lists every folder).
func readFolderCache(path string) map[string]*folderRec {
	if path == "" {
		return nil
	}
	if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	body, err := fsutil.Unseal(folderCacheMagic, data)
	if err != nil {
		return nil
	}
	// The names are cut from the file as read, not copied.
	recs, err := decodeFolderCache(unsafe.String(unsafe.SliceData(body), len(body)))
	if err != nil {
		return nil
	}
	return recs
}

func decodeFolderCache(s string) (map[string]*folderRec, error) {
	d := &cacheDecoder{s: s}
	n := d.count()
	out := make(map[string]*folderRec, n)
	for i := 0; i < n && d.err == nil; i++ {
		r := &folderRec{rel: d.str()}
		r.sig = dirSig{MTime: d.varint(), CTime: d.varint(), Inode: d.uvarint(), ok: true}
		r.racy = d.byte() != 0
		if r.rel != "" && !validRel(r.rel) {
			return nil, errFolderCache
		}
		r.entries = make([]cachedEntry, d.count())
		for j := range r.entries {
			e := &r.entries[j]
			e.kind, e.disk, e.path = entryKind(d.byte()), d.str(), d.str()
			if e.kind > entryDeadLink || !validChild(r.rel, e.disk) || e.path != "" && e.path != toSlashNFC(e.disk) {
				return nil, errFolderCache
			}
		}
		out[r.rel] = r
	}
	if d.err != nil || d.s != "" {
		return nil, errFolderCache
	}
	return out, nil
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

// cacheDecoder reads the cache; strings are cut from the file as read.
type cacheDecoder struct {
	s   string
	err error
}

func (d *cacheDecoder) fail() {
	if d.err == nil {
		d.err = errFolderCache
	}
	d.s = ""
}

func (d *cacheDecoder) uvarint() uint64 {
	var v uint64
	for i := 0; i < len(d.s) && i < binary.MaxVarintLen64; i++ {
		c := d.s[i]
		if c < 0x80 {
			d.s = d.s[i+1:]
			return v | uint64(c)<<(7*i)
		}
		v |= uint64(c&0x7f) << (7 * i)
	}
	d.fail()
	return 0
}

func (d *cacheDecoder) varint() int64 {
	u := d.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

// count reads a number of items of at least a byte each.
func (d *cacheDecoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.s)) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *cacheDecoder) byte() byte {
	if d.s == "" {
		d.fail()
		return 0
	}
	c := d.s[0]
	d.s = d.s[1:]
	return c
}

func (d *cacheDecoder) str() string {
	n := d.count()
	v := d.s[:n]
	d.s = d.s[n:]
	return v
}
