package index

import (
	"errors"
	"os"
	"unsafe"

	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/kb"
	"github.com/kb-cli/kb/internal/notes"
)

// The folder cache (notes.Folders) is kept in kb-folders beside the index,
// in the format of the other files here. Every command's scan reads it and
// whichever command listed a folder anew writes it, without the index lock
// (each writer's file is whole and consistent in itself) and without fsync:
// it is checksummed, and lost or damaged it only makes the next scan list
// every folder.

const foldersMagic = "kb-folders 1\n"

// readFolders returns the folder cache, or nil when there is none to use:
// missing, damaged, or reached through a link (.kb or its index folder
// committed as one, say).
func readFolders(lay kb.Layout) notes.Folders {
	if !foldersHome(lay) {
		return nil
	}
	if fi, err := os.Lstat(lay.Folders()); err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	data, err := os.ReadFile(lay.Folders())
	if err != nil {
		return nil
	}
	body, err := fsutil.Unseal(foldersMagic, data)
	if err != nil {
		return nil
	}
	// The names are cut from the file as read, not copied.
	f, err := decodeFolders(unsafe.String(unsafe.SliceData(body), len(body)))
	if err != nil {
		return nil
	}
	return f
}

// writeFolders keeps f for the next scan; a cache that cannot be written is
// only slower.
func writeFolders(lay kb.Layout, f notes.Folders) {
	if foldersHome(lay) {
		_ = fsutil.WriteCacheFile(lay.Folders(), fsutil.Seal(foldersMagic, encodeFolders(f)))
	}
}

// foldersHome reports whether .kb and its index folder are folders, not
// links: the cache is never read or written through one.
func foldersHome(lay kb.Layout) bool {
	for _, dir := range []string{lay.Dir(), lay.Index()} {
		if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
			return false
		}
	}
	return true
}

func encodeFolders(f notes.Folders) []byte {
	e := &encoder{b: make([]byte, 0, 64*len(f))}
	e.uvarint(uint64(len(f)))
	for _, r := range f {
		e.str(r.Rel)
		e.varint(r.Sig.MTime)
		e.varint(r.Sig.CTime)
		e.uvarint(r.Sig.Inode)
		e.bool(r.Racy)
		e.uvarint(uint64(len(r.Entries)))
		for _, en := range r.Entries {
			e.uvarint(uint64(en.Kind))
			e.str(en.Disk)
			e.str(en.Path)
		}
	}
	return e.b
}

var errFoldersDamaged = errors.New("the folder cache is damaged")

// decodeFolders reads what encodeFolders wrote. The scan checks each record
// it uses (the names in it are a folder's visible entries).
func decodeFolders(s string) (notes.Folders, error) {
	r := &reader{s: s}
	n := r.count()
	out := make(notes.Folders, n)
	for i := 0; i < n && r.err == nil; i++ {
		rec := &notes.FolderRec{Rel: r.str()}
		rec.Sig = notes.DirSig{MTime: r.varint(), CTime: r.varint(), Inode: r.uvarint()}
		rec.Racy = r.bool()
		rec.Entries = make([]notes.FolderEntry, r.count())
		for j := range rec.Entries {
			en := &rec.Entries[j]
			en.Kind = notes.EntryKind(r.uvarint())
			en.Disk, en.Path = r.str(), r.str()
		}
		out[rec.Rel] = rec
	}
	if r.err != nil || len(r.s) != 0 {
		return nil, errFoldersDamaged
	}
	return out, nil
}
