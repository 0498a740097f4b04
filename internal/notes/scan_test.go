package notes

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// Scan returns the files by Path, sorted folder by folder: names that sort
// differently alone and in paths ('-' < '.' < '/'), Hangul in NFC and NFD,
// and two folders whose names are one in NFC (their files interleave).
func TestScanSortsByPath(t *testing.T) {
	root := t.TempDir()
	nfd := norm.NFD.String("노트")
	for _, p := range []string{
		"a.md", "a/x.md", "a/b/c.md", "a-b/y.md", "a b.md", "a.md.d/z.md", "ab.md", "A.md", "z.md",
		"노트/1.md", nfd + "/2.md", "노트/3.md", "노트.md", "노트-2/3.md", "가/" + nfd + ".md", "가/노트 2.md",
	} {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("# x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, warns := Scan(root)
	if len(warns) != 0 {
		t.Fatalf("warnings %v", warns)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Path)
	}
	want := slices.Clone(got)
	slices.Sort(want)
	if len(got) != 16 || !slices.Equal(got, want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
