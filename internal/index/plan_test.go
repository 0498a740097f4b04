package index

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/notes"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// file is a note file on disk for the planner tests.
func file(path string, size int64) notes.File {
	return notes.File{Path: path, Disk: path, Size: size, ModTime: t0, Change: notes.ChangeSig{CTime: 7, Inode: 9}}
}

// indexed is the manifest entry of a file as the index holds it.
func indexed(f notes.File, hash byte) entry {
	return entry{Path: f.Path, Size: f.Size, ModTime: f.ModTime.UnixNano(), Change: f.Change, Hash: [16]byte{hash}}
}

func manifestOf(es ...entry) *manifest {
	m := newManifest()
	m.entries = append(m.entries, es...)
	slices.SortFunc(m.entries, func(a, b entry) int { return strings.Compare(a.Path, b.Path) })
	return m
}

func filePaths(fs []notes.File) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Path)
	}
	return strings.Join(out, " ")
}

func TestDiff(t *testing.T) {
	a, b := file("a.md", 10), file("b.md", 20)
	skipped := indexed(file("big.md", 5000), 3)
	skipped.Skipped, skipped.TooLarge = "too large", true
	tests := []struct {
		name             string
		disk             []notes.File
		m                *manifest
		maxSize          int64
		changed, removed string
		unchanged        int
	}{
		{"unchanged", []notes.File{a, b}, manifestOf(indexed(a, 1), indexed(b, 2)), 0, "", "", 2},
		{"new", []notes.File{a, b}, manifestOf(indexed(a, 1)), 0, "b.md", "", 1},
		{"deleted", []notes.File{b}, manifestOf(indexed(a, 1), indexed(b, 2)), 0, "", "a.md", 1},
		{"everything new", []notes.File{a, b}, manifestOf(), 0, "a.md b.md", "", 0},
		{"everything deleted", nil, manifestOf(indexed(a, 1), indexed(b, 2)), 0, "", "a.md b.md", 0},
		{"size", []notes.File{file("a.md", 11)}, manifestOf(indexed(a, 1)), 0, "a.md", "", 0},
		{"mtime", []notes.File{{Path: "a.md", Disk: "a.md", Size: 10, ModTime: t0.Add(time.Nanosecond), Change: a.Change}},
			manifestOf(indexed(a, 1)), 0, "a.md", "", 0},
		// An edit that keeps the size and puts the mtime back still moves the
		// inode change time.
		{"same size, mtime restored", []notes.File{{Path: "a.md", Disk: "a.md", Size: 10, ModTime: t0, Change: notes.ChangeSig{CTime: 8, Inode: 9}}},
			manifestOf(indexed(a, 1)), 0, "a.md", "", 0},
		{"replaced by another inode", []notes.File{{Path: "a.md", Disk: "a.md", Size: 10, ModTime: t0, Change: notes.ChangeSig{CTime: 7, Inode: 10}}},
			manifestOf(indexed(a, 1)), 0, "a.md", "", 0},
		{"respelled on disk (NFD)", []notes.File{{Path: "a.md", Disk: "A.md", Size: 10, ModTime: t0, Change: a.Change}},
			manifestOf(indexed(a, 1)), 0, "a.md", "", 0},
		{"renamed: old path gone, new one new", []notes.File{b, file("c.md", 10)}, manifestOf(indexed(a, 1), indexed(b, 2)), 0, "c.md", "a.md", 1},
		{"skipped, limit unchanged", []notes.File{file("big.md", 5000)}, manifestOf(skipped), 1000, "", "", 1},
		{"skipped, limit raised", []notes.File{file("big.md", 5000)}, manifestOf(skipped), 10000, "big.md", "", 0},
		{"skipped, limit removed", []notes.File{file("big.md", 5000)}, manifestOf(skipped), 0, "big.md", "", 0},
		{"indexed, limit lowered", []notes.File{a}, manifestOf(indexed(a, 1)), 5, "a.md", "", 0},
		{"interleaved", []notes.File{file("b/1.md", 1), file("b/3.md", 3), file("c.md", 4)},
			manifestOf(indexed(file("a.md", 0), 1), indexed(file("b/1.md", 1), 1), indexed(file("b/2.md", 2), 2), indexed(file("d.md", 5), 5)),
			0, "b/3.md c.md", "a.md b/2.md d.md", 1},
		{"files out of order", []notes.File{b, a}, manifestOf(indexed(a, 1)), 0, "b.md", "", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := diff(tc.disk, tc.m, tc.maxSize)
			var removed []string
			for _, e := range c.removed {
				removed = append(removed, e.Path)
			}
			if got := filePaths(c.changed); got != tc.changed {
				t.Errorf("changed %q, want %q", got, tc.changed)
			}
			if got := strings.Join(removed, " "); got != tc.removed {
				t.Errorf("removed %q, want %q", got, tc.removed)
			}
			if c.unchanged != tc.unchanged {
				t.Errorf("unchanged %d, want %d", c.unchanged, tc.unchanged)
			}
			if c.empty() != (tc.changed == "" && tc.removed == "") {
				t.Errorf("empty() = %v", c.empty())
			}
		})
	}
}

func TestDecide(t *testing.T) {
	a := file("a.md", 10)
	skippedA := indexed(a, 1)
	skippedA.Skipped = "binary file"
	tests := []struct {
		name    string
		m       *manifest
		removed []entry // as diff found them
		r       result
		kind    kind
		unindex bool
		from    string
	}{
		{"new", manifestOf(), nil, result{file: a, hash: [16]byte{1}}, add, false, ""},
		{"changed", manifestOf(indexed(a, 1)), nil, result{file: a, hash: [16]byte{2}}, update, false, ""},
		{"touched: same content", manifestOf(indexed(a, 1)), nil, result{file: a, hash: [16]byte{1}}, touch, false, ""},
		{"renamed", manifestOf(indexed(file("old.md", 10), 1)), []entry{indexed(file("old.md", 10), 1)},
			result{file: a, hash: [16]byte{1}}, rename, false, "old.md"},
		{"new, unlike the removed", manifestOf(indexed(file("old.md", 10), 1)), []entry{indexed(file("old.md", 10), 1)},
			result{file: a, hash: [16]byte{2}}, add, false, ""},
		{"a skipped note removed is no rename", manifestOf(), []entry{skippedA},
			result{file: file("b.md", 10), hash: [16]byte{1}}, add, false, ""},
		{"skipped, was indexed", manifestOf(indexed(a, 1)), nil, result{file: a, skip: "binary file"}, skip, true, ""},
		{"skipped, was new", manifestOf(), nil, result{file: a, skip: "binary file"}, skip, false, ""},
		{"skipped, was skipped", manifestOf(skippedA), nil, result{file: a, skip: "binary file"}, skip, false, ""},
		{"was skipped, now indexed", manifestOf(skippedA), nil, result{file: a, hash: [16]byte{1}}, add, false, ""},
		{"unreadable: kept", manifestOf(indexed(a, 1)), nil, result{file: a, err: errors.New("permission denied")}, keep, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := newPlanner(tc.m, tc.removed).decide(tc.r)
			if got.kind != tc.kind || got.unindex != tc.unindex || got.from != tc.from {
				t.Fatalf("got %+v, want kind %d unindex %v from %q", got, tc.kind, tc.unindex, tc.from)
			}
			if got.kind != keep && (got.entry.Path != tc.r.file.Path || got.entry.Hash != tc.r.hash || got.entry.Skipped != tc.r.skip) {
				t.Errorf("entry %+v", got.entry)
			}
		})
	}
}

// Two new notes with the content of one removed note: one rename, one add.
func TestDecideRenamesOnce(t *testing.T) {
	old := indexed(file("old.md", 10), 1)
	p := newPlanner(manifestOf(old), []entry{old})
	var kinds []kind
	for _, path := range []string{"x.md", "y.md"} {
		kinds = append(kinds, p.decide(result{file: file(path, 10), hash: [16]byte{1}}).kind)
	}
	if fmt.Sprint(kinds) != fmt.Sprint([]kind{rename, add}) {
		t.Fatalf("%v", kinds)
	}
}

func TestManifestApply(t *testing.T) {
	es := func(m *manifest) string {
		var out []string
		for _, e := range m.entries {
			out = append(out, fmt.Sprintf("%s:%d", e.Path, e.Size))
		}
		return strings.Join(out, " ")
	}
	m := manifestOf(entry{Path: "b", Size: 1}, entry{Path: "d", Size: 1})
	m.apply([]change{{put: entry{Path: "d", Size: 2}}}) // in place
	if got := es(m); got != "b:1 d:2" {
		t.Fatal(got)
	}
	m.apply([]change{
		{put: entry{Path: "a", Size: 1}}, {put: entry{Path: "c", Size: 1}}, {put: entry{Path: "e", Size: 1}},
		{del: true, key: "b"}, {put: entry{Path: "e", Size: 3}}, {del: true, key: "zz"},
		{put: entry{Path: "f", Size: 1}}, {del: true, key: "f"},
	})
	if got := es(m); got != "a:1 c:1 d:2 e:3" {
		t.Fatal(got)
	}
	m.entries[1].Skipped = "binary"
	m.nIndex = -1
	if m.indexed() != 3 {
		t.Fatal(m.indexed())
	}
	m.apply([]change{{del: true, key: "a"}})
	if m.indexed() != 2 {
		t.Fatal(m.indexed())
	}
}
