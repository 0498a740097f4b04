package index

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/kb-cli/kb/internal/kb"
	"github.com/kb-cli/kb/internal/notes"
)

func sampleFolders() notes.Folders {
	return notes.Folders{
		"": {Rel: "", Sig: notes.DirSig{MTime: 1, CTime: -2, Inode: 3}, Entries: []notes.FolderEntry{
			{Kind: notes.EntryDir, Disk: "a"}, {Kind: notes.EntryFile, Disk: "b.md"}}},
		"a": {Rel: "a", Sig: notes.DirSig{MTime: 4, CTime: 5, Inode: 6}, Racy: true, Entries: []notes.FolderEntry{
			{Kind: notes.EntryLink, Disk: "a/노트.md", Path: "a/노트.md"}, {Kind: notes.EntryDeadLink, Disk: "a/z.md"}}},
	}
}

// The folder cache reads back as written, and not at all when damaged or
// cut short.
func TestFoldersRoundTrip(t *testing.T) {
	root := t.TempDir()
	lay := kb.At(root)
	os.MkdirAll(lay.Index(), 0o755)
	want := sampleFolders()
	writeFolders(lay, want)
	if got := readFolders(lay); !reflect.DeepEqual(got, want) {
		t.Fatalf("read back %+v, want %+v", got, want)
	}
	data, _ := os.ReadFile(lay.Folders())
	for _, bad := range [][]byte{data[:len(data)-1], append([]byte{}, data[:len(data)/2]...), nil} {
		os.WriteFile(lay.Folders(), bad, 0o644)
		if got := readFolders(lay); got != nil {
			t.Errorf("a damaged cache (%d bytes) was read: %+v", len(bad), got)
		}
	}
	flipped := append([]byte{}, data...)
	flipped[len(flipped)/2] ^= 1
	os.WriteFile(lay.Folders(), flipped, 0o644)
	if readFolders(lay) != nil {
		t.Error("a cache with a flipped bit was read")
	}
}

// The cache is neither written nor read through a link: a knowledge base
// can commit .kb/index as a link to anywhere.
func TestFoldersNotThroughLinks(t *testing.T) {
	root, elsewhere := t.TempDir(), t.TempDir()
	lay := kb.At(root)
	os.MkdirAll(lay.Dir(), 0o755)
	os.Symlink(elsewhere, lay.Index())
	writeFolders(lay, sampleFolders())
	if entries, _ := os.ReadDir(elsewhere); len(entries) != 0 {
		t.Fatalf("written through the link: %v", entries)
	}
	// A cache there is not read either, though it is sound.
	os.Remove(lay.Index())
	os.MkdirAll(lay.Index(), 0o755)
	writeFolders(lay, sampleFolders())
	os.Rename(lay.Folders(), filepath.Join(elsewhere, "kb-folders"))
	os.Remove(lay.Index())
	os.Symlink(elsewhere, lay.Index())
	if got := readFolders(lay); got != nil {
		t.Errorf("read through the link: %+v", got)
	}
	// Nor is the file itself a link.
	os.Remove(lay.Index())
	os.MkdirAll(lay.Index(), 0o755)
	os.Symlink(filepath.Join(elsewhere, "kb-folders"), lay.Folders())
	if got := readFolders(lay); got != nil {
		t.Errorf("read through a linked file: %+v", got)
	}
}
