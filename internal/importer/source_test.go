package importer

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type zipEntry struct {
	name string
	data string
	mode os.FileMode
}

func writeZip(t *testing.T, entries ...zipEntry) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e.data))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "export.zip")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestZipUnsafeEntriesAreSkipped(t *testing.T) {
	p := writeZip(t,
		zipEntry{name: "../evil.md", data: "x"},
		zipEntry{name: "/etc/passwd", data: "x"},
		zipEntry{name: `..\win.md`, data: "x"},
		zipEntry{name: "C:/win.md", data: "x"},
		zipEntry{name: "a/../../b.md", data: "x"},
		zipEntry{name: "link.md", data: "/etc/passwd", mode: os.ModeSymlink | 0o777},
		zipEntry{name: "ok 0123456789abcdef0123456789abcdef.md", data: "# OK\n\nfine"},
	)
	plan, err := Notion(p, "notion", DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Items) != 1 || plan.Items[0].Want != "notion/ok.md" {
		t.Fatalf("items: %+v", plan.Items)
	}
	var skipped []string
	for _, s := range plan.Skipped {
		skipped = append(skipped, s.Source+": "+s.Reason)
	}
	if len(skipped) != 6 {
		t.Fatalf("want 6 skipped, got %q", skipped)
	}
	for _, s := range skipped[:5] {
		if !strings.Contains(s, "unsafe name") {
			t.Errorf("skipped for the wrong reason: %s", s)
		}
	}
	if !strings.Contains(skipped[5], "not a regular file") {
		t.Errorf("a link entry: %s", skipped[5])
	}
}

func TestZipSizeLimits(t *testing.T) {
	big := strings.Repeat("가", 1000) // 3000 bytes, compresses to little
	p := writeZip(t,
		zipEntry{name: "big 0123456789abcdef0123456789abcdef.md", data: "# Big\n\n" + big},
		zipEntry{name: "small 0123456789abcdef0123456789abcdee.md", data: "# Small\n\nok"},
	)
	plan, err := Notion(p, "", Limits{MaxFiles: 10, MaxFileSize: 1000, MaxTotalSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Items) != 1 || len(plan.Skipped) != 1 || !strings.Contains(plan.Skipped[0].Reason, "larger than") {
		t.Fatalf("items %v skipped %v", plan.Items, plan.Skipped)
	}
	// Too many entries is an error, not a partial import.
	if _, err := Notion(p, "", Limits{MaxFiles: 1, MaxFileSize: 1 << 20, MaxTotalSize: 1 << 20}); err == nil {
		t.Fatal("no error for too many files")
	}
	// The total is checked on the bytes actually read.
	plan, err = Notion(p, "", Limits{MaxFiles: 10, MaxFileSize: 1 << 20, MaxTotalSize: 3000})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Skipped) == 0 || !strings.Contains(plan.Skipped[0].Reason, "in all") {
		t.Fatalf("total limit not applied: items %d skipped %v", len(plan.Items), plan.Skipped)
	}
}

// A zip whose header understates a file's size is still held to the limit.
func TestZipLyingSizeIsCaught(t *testing.T) {
	s := &source{name: "x", limits: Limits{MaxFiles: 10, MaxFileSize: 10, MaxTotalSize: 100}, files: map[string]*srcFile{
		"a.md": {size: 1, open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(strings.Repeat("x", 50))), nil }},
	}}
	if _, err := s.read("a.md"); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("err = %v", err)
	}
}

func TestCleanPath(t *testing.T) {
	for in, want := range map[string]string{
		"a/b.md": "a/b.md", "./a//b.md": "a/b.md", "a\\b.md": "a/b.md",
		"\u1112\u1161\u11ab.md": "한.md", // NFD to NFC
		"../a":                  "", "/a": "", "a/../../b": "", "C:/x": "", ".": "",
	} {
		got, ok := cleanPath(in)
		if (want == "") == ok || got != want {
			t.Errorf("cleanPath(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

// A zip of a vault with its folder imports as the folder does.
func TestZipTopFolderIsDropped(t *testing.T) {
	p := writeZip(t, zipEntry{name: "study/a.md", data: "a"}, zipEntry{name: "study/sub/b.md", data: "b"})
	plan, err := Obsidian(p, "obsidian", DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	var wants []string
	for _, it := range plan.Items {
		wants = append(wants, it.Want)
	}
	if strings.Join(wants, " ") != "obsidian/a.md obsidian/sub/b.md" {
		t.Fatalf("wants = %v", wants)
	}
}

// An attachment is copied as it is written, and held to the limits then:
// a zip entry that inflates past what its header said fails the import
// and leaves no partial file.
func TestAttachmentCopyIsLimited(t *testing.T) {
	root := t.TempDir()
	s := &source{name: "x", limits: Limits{MaxFiles: 10, MaxFileSize: 10, MaxTotalSize: 100}, files: map[string]*srcFile{
		"a.png": {size: 1, open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(strings.Repeat("x", 50))), nil }},
	}}
	p := &Plan{Kind: "t", Items: []*Item{{Source: "a.png", Want: "a.png", Copy: func() (io.ReadCloser, error) { return s.open("a.png") }}}}
	outs, err := Resolve(root, p)
	if err != nil {
		t.Fatal(err)
	}
	if err := Apply(root, p, outs, nil); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("err = %v", err)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 { // .kb (the manifest) only
		t.Fatalf("left behind: %v", entries)
	}
}

// Notion splits a big export into zips inside the zip: their pages import
// as if unpacked together.
func TestZipInsideZip(t *testing.T) {
	var inner bytes.Buffer
	zw := zip.NewWriter(&inner)
	w, _ := zw.Create("Page 0123456789abcdef0123456789abcdef.md")
	w.Write([]byte("# 페이지\n\n[child](Page%200123456789abcdef0123456789abcdef/Child%200123456789abcdef0123456789abcdee.md)\n"))
	w, _ = zw.Create("Page 0123456789abcdef0123456789abcdef/Child 0123456789abcdef0123456789abcdee.md")
	w.Write([]byte("# 자식\n"))
	zw.Close()
	p := writeZip(t, zipEntry{name: "Export-Part-1.zip", data: inner.String()})
	plan, err := Notion(p, "notion", DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	outs, err := Resolve(root, plan)
	if err != nil || len(outs) != 2 {
		t.Fatalf("%v %+v", err, outs)
	}
	if err := Apply(root, plan, outs, nil); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(root, "notion", "페이지.md"))
	if !strings.Contains(string(b), "[child](페이지/자식.md)") {
		t.Errorf("page:\n%s", b)
	}
}
