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
	var cache Folders
	folders := []string{"", "a", "a/b", "c", norm.NFD.String("노트")}
	for i, f := range folders {
		writeNote(t, root, filepath.Join(f, fmt.Sprintf("n%d.md", i)), "# note\n")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	used := 0 // scans that listed no folder
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
		got, gotWarns, now := ScanCached(root, cache)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotWarns, wantWarns) {
			t.Fatalf("step %d (%s): with the cache\n%v %v\nwithout\n%v %v", step, what, got, gotWarns, want, wantWarns)
		}
		if now != nil {
			cache = now
		} else {
			used++
		}
		tick()
	}
	if used == 0 {
		t.Fatal("no scan took every folder from the cache")
	}
}

// A folder that has not changed is taken from the cache, not listed: a
// cache that leaves out a note of an unchanged folder is believed (which
// shows it was used), until the folder changes.
func TestFolderCacheIsUsed(t *testing.T) {
	trustAfter(t)
	root := t.TempDir()
	writeNote(t, root, "a/one.md", "# one\n")
	writeNote(t, root, "a/two.md", "# two\n")
	tick()
	files, _, cache := ScanCached(root, nil)
	if len(files) != 2 || cache["a"] == nil || cache["a"].Racy {
		t.Fatalf("first scan: %v, folder a %+v", files, cache["a"])
	}
	cache["a"].Entries = cache["a"].Entries[:1] // forget two.md
	files, _, now := ScanCached(root, cache)
	if len(files) != 1 || files[0].Path != "a/one.md" || now != nil {
		t.Fatalf("the cache was not used: %v, new cache %v", files, now)
	}
	tick()
	writeNote(t, root, "a/three.md", "# three\n")
	tick()
	if files, _, now = ScanCached(root, cache); len(files) != 3 || now == nil || len(now["a"].Entries) != 3 {
		t.Fatalf("after a change in the folder: %v, new cache %v", files, now)
	}
}

// A folder listed within racyWindow of its last change is kept as racy,
// and a racy listing is not believed.
func TestFolderCacheRacyFolderIsListedAgain(t *testing.T) {
	root := t.TempDir()
	writeNote(t, root, "a/one.md", "# one\n")
	writeNote(t, root, "a/two.md", "# two\n")
	_, _, cache := ScanCached(root, nil)
	if cache == nil || !cache["a"].Racy {
		t.Fatalf("a folder changed just now was not kept as racy: %+v", cache)
	}
	cache["a"].Entries = cache["a"].Entries[:1]
	if files, _, _ := ScanCached(root, cache); len(files) != 2 {
		t.Fatalf("a racy listing was believed: %v", files)
	}
}

// A record naming anything but visible entries of its own folder is not
// believed: the folder is listed.
func TestFolderCacheRefusesBadNames(t *testing.T) {
	trustAfter(t)
	root := t.TempDir()
	writeNote(t, root, "a/x.md", "# x\n")
	outside := filepath.Join(t.TempDir(), "passwd.md")
	os.WriteFile(outside, []byte("secret"), 0o644)
	up, _ := filepath.Rel(filepath.Join(root, "a"), outside)
	tick()
	_, _, good := ScanCached(root, nil)
	want, _ := Scan(root)
	for _, bad := range [][]FolderEntry{
		{{Kind: EntryFile, Disk: "a/" + up}}, // a file outside the root, there to be found
		{{Kind: EntryFile, Disk: "a/x.md"}, {Kind: EntryFile, Disk: "a/" + up}},
		{{Kind: EntryFile, Disk: "b/x.md"}},
		{{Kind: EntryFile, Disk: "a/.x.md"}},
		{{Kind: EntryFile, Disk: "a/x.md", Path: "../x.md"}},
		{{Kind: EntryDir, Disk: "a/.."}},
		{{Kind: 9, Disk: "a/x.md"}},
	} {
		forged := Folders{"": good[""], "a": &FolderRec{Rel: "a", Sig: good["a"].Sig, Entries: bad}}
		if got, _, _ := ScanCached(root, forged); !reflect.DeepEqual(got, want) {
			t.Fatalf("with %+v: %v, want %v", bad, got, want)
		}
	}
	forged := Folders{"": good[""], "a": &FolderRec{Rel: "../a", Sig: good["a"].Sig, Entries: good["a"].Entries[:0]}}
	if got, _, _ := ScanCached(root, forged); !reflect.DeepEqual(got, want) {
		t.Errorf("a record of another folder was used: %v", got)
	}
}

// Which listings are not kept to be believed.
func TestFolderRacy(t *testing.T) {
	start := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC).UnixNano()
	old := DirSig{MTime: start - 10e9, CTime: start - 10e9, Inode: 7, ok: true}
	with := func(f func(*DirSig)) DirSig { s := old; f(&s); return s }
	for _, c := range []struct {
		name   string
		sig    DirSig
		warned bool
		want   bool
	}{
		{"changed long ago", old, false, false},
		{"warned", old, true, true},
		{"no stat", with(func(s *DirSig) { s.ok = false }), false, true},
		{"changed a second before", with(func(s *DirSig) { s.CTime = start - 1e9 }), false, true},
		{"changed after the scan began", with(func(s *DirSig) { s.CTime = start + 1 }), false, true},
		{"no change time", with(func(s *DirSig) { s.CTime = 0 }), false, true},
		{"no inode", with(func(s *DirSig) { s.Inode = 0 }), false, true},
	} {
		if got := racy(c.sig, c.warned, start); got != c.want {
			t.Errorf("%s: racy %v, want %v", c.name, got, c.want)
		}
	}
}
