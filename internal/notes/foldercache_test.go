//go:build linux

package notes

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/fsutil"
	"golang.org/x/text/unicode/norm"
)

// trustAfter lets listings be trusted as soon as the clock has moved on
// from the folder's last change (the kernel's timestamps are coarse: a
// tick of a few milliseconds), so that a test can change a folder and scan
// again without waiting racyWindow.
func trustAfter(t *testing.T) {
	old := racyWindow
	racyWindow = 0
	t.Cleanup(func() { racyWindow = old })
}

// tick waits past the file system's timestamp granularity.
func tick() { time.Sleep(15 * time.Millisecond) }

func writeNote(t *testing.T, root, rel, body string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// With the cache, every change to the notes shows as it does without it:
// notes added, removed, renamed, edited in place with their mtime put
// back, folders made and removed, links made, broken and mended, a note
// replaced by a folder of its name, and files the scan skips.
func TestFolderCacheSeesEveryChange(t *testing.T) {
	trustAfter(t)
	root := t.TempDir()
	cache := filepath.Join(root, ".kb", "index", "kb-folders")
	if err := os.MkdirAll(filepath.Dir(cache), 0o755); err != nil {
		t.Fatal(err)
	}
	folders := []string{"", "a", "a/b", "c", norm.NFD.String("노트")}
	for i, f := range folders {
		writeNote(t, root, filepath.Join(f, fmt.Sprintf("n%d.md", i)), "# note\n")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	notesIn := func() []string {
		var out []string
		for _, f := range folders {
			es, _ := os.ReadDir(filepath.Join(root, f))
			for _, e := range es {
				if filepath.Ext(e.Name()) == ".md" && e.Type().IsRegular() {
					out = append(out, filepath.Join(f, e.Name()))
				}
			}
		}
		return out
	}
	pick := func(ss []string) string { return ss[rng.IntN(len(ss))] }
	changes := []func(step int) string{
		func(step int) string {
			p := filepath.Join(pick(folders), fmt.Sprintf("new%d.md", step))
			writeNote(t, root, p, "# new\n")
			return "add " + p
		},
		func(int) string {
			ns := notesIn()
			if len(ns) == 0 {
				return "none to remove"
			}
			p := pick(ns)
			os.Remove(filepath.Join(root, p))
			return "remove " + p
		},
		func(step int) string {
			ns := notesIn()
			if len(ns) == 0 {
				return "none to rename"
			}
			p, q := pick(ns), filepath.Join(pick(folders), fmt.Sprintf("moved%d.md", step))
			os.Rename(filepath.Join(root, p), filepath.Join(root, q))
			return "rename " + p + " " + q
		},
		func(int) string {
			ns := notesIn()
			if len(ns) == 0 {
				return "none to edit"
			}
			p := filepath.Join(root, pick(ns))
			fi, _ := os.Stat(p)
			data, _ := os.ReadFile(p)
			data[0] ^= 1 // same size
			os.WriteFile(p, data, 0o644)
			os.Chtimes(p, fi.ModTime(), fi.ModTime())
			return "edit in place " + p
		},
		func(step int) string {
			f := filepath.Join(pick(folders), fmt.Sprintf("d%d", step))
			writeNote(t, root, filepath.Join(f, "inner.md"), "# inner\n")
			folders = append(folders, f)
			return "new folder " + f
		},
		func(step int) string {
			f := pick(folders)
			if f == "" {
				return "not the root"
			}
			os.RemoveAll(filepath.Join(root, f))
			os.MkdirAll(filepath.Join(root, f), 0o755) // keep the list of folders valid
			return "emptied " + f
		},
		func(step int) string {
			p := filepath.Join(pick(folders), fmt.Sprintf("link%d.md", step))
			target := filepath.Join(root, pick(folders), fmt.Sprintf("target%d.md", step))
			os.Symlink(target, filepath.Join(root, p))
			return "link to nothing " + p
		},
		func(step int) string {
			// Mend a broken link: its folder does not change, its target's does.
			for _, f := range folders {
				es, _ := os.ReadDir(filepath.Join(root, f))
				for _, e := range es {
					if e.Type()&os.ModeSymlink != 0 {
						target, _ := os.Readlink(filepath.Join(root, f, e.Name()))
						if _, err := os.Stat(target); err != nil {
							os.MkdirAll(filepath.Dir(target), 0o755)
							os.WriteFile(target, []byte("# target\n"), 0o644)
							return "mended " + e.Name()
						}
					}
				}
			}
			return "no broken link"
		},
		func(int) string {
			ns := notesIn()
			if len(ns) == 0 {
				return "none to replace"
			}
			p := pick(ns)
			os.Remove(filepath.Join(root, p))
			writeNote(t, root, filepath.Join(p, "under.md"), "# under\n")
			folders = append(folders, p)
			return "note made a folder " + p
		},
		func(step int) string {
			f := pick(folders)
			writeNote(t, root, filepath.Join(f, fmt.Sprintf("img%d.png", step)), "png")
			writeNote(t, root, filepath.Join(f, fmt.Sprintf(".hidden%d.md", step)), "# hidden\n")
			return "skipped files in " + f
		},
	}
	for step := 0; step < 120; step++ {
		what := changes[rng.IntN(len(changes))](step)
		tick()
		want, wantWarns := Scan(root)
		got, gotWarns := ScanCached(root, cache)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotWarns, wantWarns) {
			t.Fatalf("step %d (%s): with the cache\n%v %v\nwithout\n%v %v", step, what, got, gotWarns, want, wantWarns)
		}
		tick()
	}
	if readFolderCache(cache) == nil {
		t.Fatal("no folder cache was written")
	}
}

// A folder that has not changed is taken from the cache, not listed: a
// cache that leaves out a note of an unchanged folder is believed (which
// shows it was used), until the folder changes.
func TestFolderCacheIsUsed(t *testing.T) {
	trustAfter(t)
	root := t.TempDir()
	cache := filepath.Join(root, ".kb", "index", "kb-folders")
	os.MkdirAll(filepath.Dir(cache), 0o755)
	writeNote(t, root, "a/one.md", "# one\n")
	writeNote(t, root, "a/two.md", "# two\n")
	tick()
	if files, _ := ScanCached(root, cache); len(files) != 2 {
		t.Fatalf("first scan: %v", files)
	}
	recs := readFolderCache(cache)
	if recs == nil || recs["a"] == nil || recs["a"].racy {
		t.Fatalf("folder a not kept, or kept as racy: %+v", recs)
	}
	recs["a"].entries = recs["a"].entries[:1] // forget two.md
	var list []folderRec
	for _, r := range recs {
		list = append(list, *r)
	}
	if err := fsutil.WriteCacheFile(cache, encodeFolderCache(list)); err != nil {
		t.Fatal(err)
	}
	if files, _ := ScanCached(root, cache); len(files) != 1 || files[0].Path != "a/one.md" {
		t.Fatalf("the cache was not used: %v", files)
	}
	tick()
	writeNote(t, root, "a/three.md", "# three\n")
	tick()
	if files, _ := ScanCached(root, cache); len(files) != 3 {
		t.Fatalf("after a change in the folder: %v", files)
	}
}

// A folder listed within racyWindow of its last change is kept as racy,
// and a racy listing is not believed.
func TestFolderCacheRacyFolderIsListedAgain(t *testing.T) {
	root := t.TempDir()
	cache := filepath.Join(root, ".kb", "index", "kb-folders")
	os.MkdirAll(filepath.Dir(cache), 0o755)
	writeNote(t, root, "a/one.md", "# one\n")
	writeNote(t, root, "a/two.md", "# two\n")
	ScanCached(root, cache)
	recs := readFolderCache(cache)
	if recs == nil || !recs["a"].racy {
		t.Fatalf("a folder changed just now was not kept as racy: %+v", recs)
	}
	recs["a"].entries = recs["a"].entries[:1]
	var list []folderRec
	for _, r := range recs {
		list = append(list, *r)
	}
	fsutil.WriteCacheFile(cache, encodeFolderCache(list))
	if files, _ := ScanCached(root, cache); len(files) != 2 {
		t.Fatalf("a racy listing was believed: %v", files)
	}
}

// A cache naming anything but visible entries of their own folder is not
// read at all, nor one whose checksum fails.
func TestFolderCacheRefusesBadNames(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "kb-folders")
	good := folderRec{rel: "a", sig: dirSig{MTime: 1, CTime: 2, Inode: 3, ok: true}, entries: []cachedEntry{{kind: entryFile, disk: "a/x.md"}}}
	fsutil.WriteCacheFile(p, encodeFolderCache([]folderRec{good}))
	if recs := readFolderCache(p); recs == nil || recs["a"].entries[0].disk != "a/x.md" {
		t.Fatalf("a good cache was not read: %+v", recs)
	}
	for _, bad := range []folderRec{
		{rel: "../up", entries: []cachedEntry{{disk: "../up/x.md"}}},
		{rel: ".hidden", entries: []cachedEntry{{disk: ".hidden/x.md"}}},
		{rel: "a", entries: []cachedEntry{{disk: "a/../../etc/passwd"}}},
		{rel: "a", entries: []cachedEntry{{disk: "b/x.md"}}},
		{rel: "a", entries: []cachedEntry{{disk: "a/.x.md"}}},
		{rel: "a", entries: []cachedEntry{{disk: "a/x.md", path: "../x.md"}}},
		{rel: "", entries: []cachedEntry{{disk: ".."}}},
		{rel: "a", entries: []cachedEntry{{kind: 9, disk: "a/x.md"}}},
	} {
		fsutil.WriteCacheFile(p, encodeFolderCache([]folderRec{good, bad}))
		if recs := readFolderCache(p); recs != nil {
			t.Errorf("read a cache with %+v", bad)
		}
	}
	data := encodeFolderCache([]folderRec{good})
	data[len(data)/2] ^= 1
	os.WriteFile(p, data, 0o644)
	if readFolderCache(p) != nil {
		t.Error("read a damaged cache")
	}
}

// The cache is neither written nor read through a linked folder: a
// knowledge base can commit .kb/index as a link to anywhere.
func TestFolderCacheNotThroughLinks(t *testing.T) {
	root, elsewhere := t.TempDir(), t.TempDir()
	writeNote(t, root, "a/one.md", "# one\n")
	os.MkdirAll(filepath.Join(root, ".kb"), 0o755)
	os.Symlink(elsewhere, filepath.Join(root, ".kb", "index"))
	cache := filepath.Join(root, ".kb", "index", "kb-folders")
	if files, _ := ScanCached(root, cache); len(files) != 1 {
		t.Fatalf("scan: %v", files)
	}
	if entries, _ := os.ReadDir(elsewhere); len(entries) != 0 {
		t.Errorf("written through the link: %v", entries)
	}
	// Nor is a cache there believed, even one that matches the folders.
	trustAfter(t)
	tick()
	fd, rootSig, _ := openFolder(root)
	closeFolder(fd)
	fd, aSig, _ := openFolder(filepath.Join(root, "a"))
	closeFolder(fd)
	forged := []folderRec{{rel: "", sig: rootSig, entries: []cachedEntry{{kind: entryDir, disk: "a"}}}, {rel: "a", sig: aSig}}
	fsutil.WriteCacheFile(filepath.Join(elsewhere, "kb-folders"), encodeFolderCache(forged))
	if files, _ := ScanCached(root+"/", cache); len(files) != 1 {
		t.Errorf("a cache through the link was read: %v", files)
	}
	os.Remove(filepath.Join(root, ".kb", "index"))
	os.Rename(elsewhere, filepath.Join(root, ".kb", "index"))
	if files, _ := ScanCached(root, cache); len(files) != 0 {
		t.Errorf("the same cache in a real folder was not read (the test proves nothing): %v", files)
	}
}
