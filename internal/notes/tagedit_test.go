package notes

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestEditTagsPreservesEverythingElse(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		add, del []string
		want     string
	}{
		{"flow add", "---\ntitle: x # 제목\ntags: [a, \"b c\"]  # 태그\nz: 1\n---\nbody\n", []string{"도커"}, nil,
			"---\ntitle: x # 제목\ntags: [a, \"b c\", 도커]  # 태그\nz: 1\n---\nbody\n"},
		{"flow remove keeps quoting", "---\ntags: ['a', \"b\", c]\n---\n", nil, []string{"B"},
			"---\ntags: ['a', c]\n---\n"},
		{"flow spacing", "---\ntags: [ a,b ]\n---\n", []string{"c"}, nil, "---\ntags: [ a,b,c ]\n---\n"},
		{"flow emptied", "---\ntags: [a]\n---\n", nil, []string{"a"}, "---\ntags: []\n---\n"},
		{"block add", "---\ntags:\n  - a\n  - b # 주석\nnext: 1\n---\n", []string{"c"}, nil,
			"---\ntags:\n  - a\n  - b # 주석\n  - c\nnext: 1\n---\n"},
		{"block remove", "---\ntags:\n- a\n- b\n- c\n---\n", nil, []string{"b"}, "---\ntags:\n- a\n- c\n---\n"},
		{"block emptied", "---\ntags:\n  - a\ntitle: t\n---\n", nil, []string{"a"}, "---\ntags:\ntitle: t\n---\n"},
		{"string commas", "---\ntags: a, b\n---\n", []string{"c"}, []string{"a"}, "---\ntags: b, c\n---\n"},
		{"string spaces quoted", "---\ntags: \"a b\"\n---\n", []string{"c"}, nil, "---\ntags: \"a b c\"\n---\n"},
		{"null with comment", "---\ntags: # none yet\n---\n", []string{"a"}, nil, "---\ntags: [a] # none yet\n---\n"},
		{"null word", "---\ntags: null\n---\n", []string{"a"}, nil, "---\ntags: [a]\n---\n"},
		{"null tilde with comment", "---\ntags: ~ # later\nz: 1\n---\n", []string{"a"}, nil, "---\ntags: [a] # later\nz: 1\n---\n"},
		{"null tag", "---\ntags: !!null\n---\n", []string{"a"}, nil, "---\ntags: [a]\n---\n"},
		{"null capitalised", "---\ntags:   NULL\n---\n", []string{"a"}, nil, "---\ntags:   [a]\n---\n"},
		{"null on its own line", "---\ntags:\n  null\n---\n", []string{"a"}, nil, "---\ntags:\n  [a]\n---\n"},
		{"no tags key", "---\ntitle: 제목\n---\n본문\n", []string{"a"}, nil, "---\ntitle: 제목\ntags: [a]\n---\n본문\n"},
		{"no front matter", "# 제목\n\n본문\n", []string{"쿠버네티스"}, nil, "---\ntags: [쿠버네티스]\n---\n# 제목\n\n본문\n"},
		{"empty front matter", "---\n---\nbody\n", []string{"a"}, nil, "---\ntags: [a]\n---\nbody\n"},
		{"CRLF", "---\r\ntitle: t\r\ntags:\r\n  - a\r\n---\r\nbody\r\n", []string{"b"}, nil,
			"---\r\ntitle: t\r\ntags:\r\n  - a\r\n  - b\r\n---\r\nbody\r\n"},
		{"CRLF new front matter", "body\r\n", []string{"b"}, nil, "---\r\ntags: [b]\r\n---\r\nbody\r\n"},
		{"BOM kept first", "\xef\xbb\xbf# t\n", []string{"a"}, nil, "\xef\xbb\xbf---\ntags: [a]\n---\n# t\n"},
		{"quotes what YAML would misread", "---\ntags: [a]\n---\n", []string{"yes", "1.0", "c#", "-x"}, nil,
			"---\ntags: [a, \"yes\", \"1.0\", \"c#\", \"-x\"]\n---\n"},
		{"already present is a no-op", "---\ntags: [Docker]\n---\n", []string{"docker"}, []string{"absent"},
			"---\ntags: [Docker]\n---\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, changed, err := EditTags([]byte(tc.in), AddRemove(tc.add, tc.del))
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tc.want {
				t.Errorf("got\n%q\nwant\n%q", out, tc.want)
			}
			if changed != (tc.in != tc.want) {
				t.Errorf("changed = %v", changed)
			}
		})
	}
}

func TestEditTagsRefuses(t *testing.T) {
	for _, tc := range []struct {
		in   string
		line int
	}{
		{"---\ntitle: x\ntags: : bad\n---\n", 3},
		{"---\ntags: [a,\n  b]\n---\n", 2},
		{"---\ntags:\n  - a\n  # comment\n  - b\n---\n", 4},
		{"---\ntags: {a: 1}\n---\n", 2},
		{"---\nbase: &t [a]\ntags: *t\n---\n", 3},
		{"---\ntags: |\n  a b\n---\n", 2},
		{"---\nnot closed\n", 1},
		{"---\n- a\n---\n", 2},
	} {
		out, _, err := EditTags([]byte(tc.in), AddRemove([]string{"z"}, nil))
		var le *LineError
		if !errors.As(err, &le) || le.Line != tc.line || out != nil {
			t.Errorf("%q: got %v (out %q), want a refusal at line %d", tc.in, err, out, tc.line)
		}
	}
}

func TestRename(t *testing.T) {
	out, _, err := EditTags([]byte("---\ntags: [k8s, linux]\n---\n"), Rename("K8S", "kubernetes"))
	if err != nil || string(out) != "---\ntags: [kubernetes, linux]\n---\n" {
		t.Errorf("%q %v", out, err)
	}
	out, _, _ = EditTags([]byte("---\ntags: [k8s, kubernetes]\n---\n"), Rename("k8s", "kubernetes"))
	if string(out) != "---\ntags: [kubernetes]\n---\n" {
		t.Errorf("merge: %q", out)
	}
}

// frontTags reads back the tags kb sees in the front matter and the other
// keys; ok is false when the front matter is missing or has any problem.
func frontTags(src []byte) (tags []string, fields map[string]any, ok bool) {
	fm, has, err := SplitFrontMatter(bytes.TrimPrefix(src, bom))
	if err != nil || !has {
		return nil, nil, false
	}
	meta, errs := ParseMeta(fm)
	if len(errs) > 0 {
		return nil, nil, false
	}
	delete(meta.Fields, "tags")
	delete(meta.Fields, "tag")
	return meta.Tags, meta.Fields, true
}

func FuzzEditTags(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: x\ntags: [a, b]\n---\nbody #c\n", "---\ntags:\n  - a\n  - b\n---\n", "---\ntags: a b\n---\n",
		"# no fm\n", "---\r\ntags: 'x'\r\n---\r\n", "\xef\xbb\xbf---\n---\n", "---\ntags:\nkey: v\n---\n",
		"---\ntags: null\n---\n", "---\ntags: ~ # c\n---\n", "---\ntags: !!null\n---\n", "---\ntags: !!null ''\n---\n",
	} {
		f.Add([]byte(s), "new", "a")
	}
	f.Fuzz(func(t *testing.T, src []byte, add, del string) {
		if (add != "" && ValidTag(add) != nil) || (del != "" && ValidTag(del) != nil) {
			return // the command line refuses such tags
		}
		before, fields, ok := frontTags(src)
		if _, has, _ := SplitFrontMatter(bytes.TrimPrefix(src, bom)); has && !ok {
			return // front matter with problems: refusals are tested on their own
		}
		var adds, dels []string
		if add != "" {
			adds = []string{add}
		}
		if del != "" {
			dels = []string{del}
		}
		out, changed, err := EditTags(src, AddRemove(adds, dels))
		if err != nil {
			return // refusing is always allowed
		}
		if !changed {
			if !bytes.Equal(out, src) {
				t.Fatalf("unchanged but different:\n%q\n%q", src, out)
			}
			return
		}
		after, fieldsAfter, ok := frontTags(out)
		if !ok {
			t.Fatalf("edited front matter does not parse:\n%q\n%q", src, out)
		}
		if fields != nil && !reflect.DeepEqual(fields, fieldsAfter) {
			t.Fatalf("other keys changed:\n%q\n%q", src, out)
		}
		want := AddRemove(adds, dels)(before)
		if strings.Join(SplitTagList(strings.Join(after, " ")), " ") != strings.Join(SplitTagList(strings.Join(want, " ")), " ") {
			t.Fatalf("tags %q, want %q\n%q\n%q", after, want, src, out)
		}
		// The body after the front matter is untouched.
		_, ok1, _ := SplitFrontMatter(bytes.TrimPrefix(src, bom))
		if ok1 {
			fmIn, _, _ := SplitFrontMatter(bytes.TrimPrefix(src, bom))
			fmOut, _, _ := SplitFrontMatter(bytes.TrimPrefix(out, bom))
			if !bytes.Equal(bytes.TrimPrefix(src, bom)[fmIn.BodyOffset:], bytes.TrimPrefix(out, bom)[fmOut.BodyOffset:]) {
				t.Fatalf("body changed:\n%q\n%q", src, out)
			}
		}
	})
}

func TestRenameInlineTag(t *testing.T) {
	src := "---\ntags: [k8s]\n---\n# #k8s 제목\n\n배운 점 #k8s, #K8S-운영 #k8s/pod\n`#k8s` 코드\n\n```\n#k8s\n```\n링크 http://x.com/#k8s 끝 #k8s\n"
	out, lines, err := RenameInlineTag([]byte(src), "k8s", "kubernetes")
	if err != nil {
		t.Fatal(err)
	}
	want := "---\ntags: [k8s]\n---\n# #k8s 제목\n\n배운 점 #kubernetes, #K8S-운영 #k8s/pod\n`#k8s` 코드\n\n```\n#k8s\n```\n링크 http://x.com/#k8s 끝 #kubernetes\n"
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	if !reflect.DeepEqual(lines, []int{6, 12}) {
		t.Errorf("lines %v", lines)
	}
	same, lines, _ := RenameInlineTag([]byte("no tags here\n"), "k8s", "x")
	if string(same) != "no tags here\n" || lines != nil {
		t.Errorf("%q %v", same, lines)
	}
}
