package importer

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kb-cli/kb/internal/notes"
)

func TestParseProperties(t *testing.T) {
	body := "\nDate: April 1, 2021\nTags: 회고, devops\n상태: 완료\n\n본문 Status: x\n"
	props, rest := parseProperties(body)
	want := []Property{{"Date", "April 1, 2021"}, {"Tags", "회고, devops"}, {"상태", "완료"}}
	if len(props) != len(want) {
		t.Fatalf("props = %v", props)
	}
	for i := range want {
		if props[i] != want[i] {
			t.Errorf("prop %d = %v, want %v", i, props[i], want[i])
		}
	}
	if rest != "본문 Status: x\n" {
		t.Errorf("rest = %q", rest)
	}
	// A paragraph with a line that is not a property is body, all of it.
	for _, b := range []string{
		"\nNote: this matters\nand so does this\n\nmore",
		"\n- item: one\n",
		"\n**Bold**: text\n",
		"\n# Heading: x\n",
		"\nhttps://example.com\n",
	} {
		if props, rest := parseProperties(b); props != nil || rest != b {
			t.Errorf("parseProperties(%q) = %v, %q", b, props, rest)
		}
	}
}

func TestHeaderFromProperties(t *testing.T) {
	h := header("T", []Property{{"Date", "April 1, 2021"}, {"Tags", "회고, dev ops, #k8s, 회고"}, {"Status", "Done"}, {"Type", "lesson"}, {"작성일", "2021년 4월 2일 오후 3:04"}})
	if !h.Created.Equal(time.Date(2021, 4, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("created = %v", h.Created)
	}
	if strings.Join(h.Tags, "|") != "회고|dev-ops|k8s" {
		t.Errorf("tags = %v", h.Tags)
	}
	want := [][2]string{{"Status", "Done"}, {"notion Type", "lesson"}, {"작성일", "2021년 4월 2일 오후 3:04"}}
	if len(h.Extra) != len(want) {
		t.Fatalf("extra = %v", h.Extra)
	}
	for i := range want {
		if h.Extra[i] != want[i] {
			t.Errorf("extra %d = %v, want %v", i, h.Extra[i], want[i])
		}
	}
}

func TestParseNotionDate(t *testing.T) {
	for in, want := range map[string]string{
		"April 1, 2021":                 "2021-04-01T00:00:00Z",
		"April 1, 2021 3:04 PM":         "2021-04-01T15:04:00Z",
		"2021/04/01":                    "2021-04-01T00:00:00Z",
		"2021년 4월 1일 오후 3:04":           "2021-04-01T15:04:00Z",
		"2021년 4월 1일 오전 12:30":          "2021-04-01T00:30:00Z",
		"April 1, 2021 → April 3, 2021": "2021-04-01T00:00:00Z",
	} {
		got, ok := parseNotionDate(in)
		if !ok || got.Format(time.RFC3339) != want {
			t.Errorf("parseNotionDate(%q) = %v, %v; want %s", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "soon", "오후 3:04", "2021년 13월 1일"} {
		if _, ok := parseNotionDate(bad); ok {
			t.Errorf("parseNotionDate(%q) accepted", bad)
		}
	}
}

// FuzzProperties: any text is read without a panic; properties have a key,
// no line breaks, and the rest is a suffix of the input.
func FuzzProperties(f *testing.F) {
	for _, s := range []string{"\nDate: April 1, 2021\nTags: a, b\n\nbody", "\n\n", "Key: \n", "a: b: c\n\nx", "\r\nK: v\r\n\r\nz", "\n오후 3:04: 값"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		props, rest := parseProperties(body)
		if !strings.HasSuffix(body, rest) {
			t.Fatalf("rest %q is not a suffix of %q", rest, body)
		}
		for _, p := range props {
			if p.Key == "" || strings.ContainsAny(p.Key+p.Value, "\n") {
				t.Fatalf("bad property %q", p)
			}
		}
		h := header("t", props)
		for _, tag := range h.Tags {
			if tag == "" || strings.ContainsAny(tag, " ,\n") || !utf8.ValidString(tag) && utf8.ValidString(body) {
				t.Fatalf("bad tag %q", tag)
			}
		}
		for _, p := range props {
			parseNotionDate(p.Value)
		}
		// What kb writes from them reads back: same title, tags, no warning.
		if !utf8.ValidString(body) {
			return
		}
		n, warns := notes.Parse("x.md", notes.ComposeHeader(h, rest), time.Time{})
		if len(warns) > 0 || n.Title != "t" || len(n.Tags) < len(h.Tags) {
			t.Fatalf("composed note reads back as %q %v with %v", n.Title, n.Tags, warns)
		}
		for i, tag := range h.Tags { // the body's #tags come after
			if !strings.EqualFold(n.Tags[i], tag) {
				t.Fatalf("tags %v read back as %v", h.Tags, n.Tags)
			}
		}
	})
}
