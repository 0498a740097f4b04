package notes

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/kb-cli/kb/internal/shared"
)

var epoch = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

func lineOf(field string, n int) string { return strings.Split(field, "\n")[n-1] }

func TestParseFrontMatterAndBody(t *testing.T) {
	src := "---\ntitle: 쿠버네티스 도입기\ntags: [kubernetes, 회고]\ntype: Lesson\ncreated: 2024-03-01\n---\n\n# 다른 제목\n\n**쿠버네티스**를 도입하려고 했으나 러닝커브가 높았다.\n"
	n, warns := Parse("k8s/intro.md", []byte(src), epoch)
	if len(warns) != 0 {
		t.Fatalf("warnings: %v", warns)
	}
	if n.Title != "쿠버네티스 도입기" || n.Type != "lesson" {
		t.Errorf("title %q type %q", n.Title, n.Type)
	}
	if !reflect.DeepEqual(n.Tags, []string{"kubernetes", "회고"}) {
		t.Errorf("tags %q", n.Tags)
	}
	if !n.Created.Equal(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)) || !n.Modified.Equal(epoch) {
		t.Errorf("created %v modified %v", n.Created, n.Modified)
	}
	if got := lineOf(n.Body, 10); got != "쿠버네티스를 도입하려고 했으나 러닝커브가 높았다." {
		t.Errorf("body line 10 = %q", got)
	}
	if got := lineOf(n.HeadingText, 8); got != "다른 제목" {
		t.Errorf("heading line 8 = %q", got)
	}
	if len(n.Headings) != 1 || n.Headings[0].Line != 8 {
		t.Errorf("headings %+v", n.Headings)
	}
}

func TestTitleFallbacks(t *testing.T) {
	n, _ := Parse("dir/메모.md", []byte("intro\n\n# 첫 제목\n\n# 둘째\n"), epoch)
	if n.Title != "첫 제목" {
		t.Errorf("H1 fallback: %q", n.Title)
	}
	n, _ = Parse("dir/메모.md", []byte("## only h2\ntext\n"), epoch)
	if n.Title != "메모" {
		t.Errorf("file name fallback: %q", n.Title)
	}
}

func TestTagForms(t *testing.T) {
	for _, tc := range []struct{ fm, want string }{
		{"tags: docker, swarm  ansible", "docker swarm ansible"},
		{"tags:\n  - '#linux'\n  - 네트워크", "linux 네트워크"},
		{"tags: 12", "12"},
		{"tags:", ""},
	} {
		n, w := Parse("a.md", []byte("---\n"+tc.fm+"\n---\nbody\n"), epoch)
		if len(w) != 0 || strings.Join(n.Tags, " ") != tc.want {
			t.Errorf("%q: tags %q warnings %v", tc.fm, n.Tags, w)
		}
	}
}

func TestInlineTags(t *testing.T) {
	src := "# #notatag heading\n\n배운 점 #쿠버네티스 #k8s, (#DevOps) 이슈 #123 C#언어 a#b\n\n" +
		"`#incode` and [link](http://x.com/page#frag) http://y.com/#frag2\n\n```\n#comment in code\n```\n\n#끝-\n"
	n, _ := Parse("a.md", []byte(src), epoch)
	want := []string{"쿠버네티스", "k8s", "DevOps", "끝"}
	if !reflect.DeepEqual(n.Tags, want) {
		t.Errorf("tags %q, want %q", n.Tags, want)
	}
}

// Prose about C, function-like macros and link targets that did not become
// links hold #words that are not tags.
func TestInlineTagsNotCOrAnchors(t *testing.T) {
	src := "C에서 #include 와 #define 은 전처리기다. #ifdef DEBUG 도.\n\n" +
		"#define(x) 매크로, #include<stdio.h>, 목차는 [Part 1-4] (#part-1-4) 와 [목차](#part-2)\n\n" +
		"진짜 태그 #c언어 (#면접) #part-3\n"
	n, _ := Parse("a.md", []byte(src), epoch)
	want := []string{"c언어", "면접", "part-3"}
	if !reflect.DeepEqual(n.Tags, want) {
		t.Errorf("tags %q, want %q", n.Tags, want)
	}
}

func TestTagsDeduplicatedCaseInsensitively(t *testing.T) {
	n, _ := Parse("a.md", []byte("---\ntags: [Docker]\n---\ntext #docker #DOCKER #swarm\n"), epoch)
	if !reflect.DeepEqual(n.Tags, []string{"Docker", "swarm"}) {
		t.Errorf("tags %q", n.Tags)
	}
}

func TestCodeIsIndexedSeparately(t *testing.T) {
	src := "# 롤백\n\n되돌리려면:\n\n```bash\nkubectl rollout undo deploy/web\n```\n\n    indented code\n"
	n, _ := Parse("a.md", []byte(src), epoch)
	if got := lineOf(n.Code, 6); got != "kubectl rollout undo deploy/web" {
		t.Errorf("code line 6 = %q", got)
	}
	if got := lineOf(n.Code, 9); got != "indented code" {
		t.Errorf("code line 9 = %q", got)
	}
	if strings.Contains(n.Body, "kubectl") {
		t.Errorf("code leaked into body: %q", n.Body)
	}
}

func TestMarkupStripped(t *testing.T) {
	src := "[링크 텍스트](http://example.com) ![그림 설명](a.png) <br> **굵게**와 _기울임_ `code`가\n\n" +
		"| 항목 | 값 |\n|---|---|\n| CPU | 2 |\n\n<details><summary>질문</summary>\n\n답\n</details>\n"
	n, _ := Parse("a.md", []byte(src), epoch)
	if got := lineOf(n.Body, 1); got != "링크 텍스트 그림 설명 굵게와 기울임 code가" {
		t.Errorf("line 1 = %q", got)
	}
	if got := lineOf(n.Body, 5); got != "CPU 2" {
		t.Errorf("table row = %q", got)
	}
	if strings.Contains(n.Body, "example.com") || strings.Contains(n.Body, "<") {
		t.Errorf("markup left: %q", n.Body)
	}
	if got := lineOf(n.Body, 7); got != "질문" {
		t.Errorf("html block line = %q", got)
	}
}

func TestBOMAndCRLF(t *testing.T) {
	src := "\xef\xbb\xbf---\r\ntitle: 윈도우 노트\r\n---\r\n본문 첫 줄\r\n둘째 줄\r\n"
	n, w := Parse("a.md", []byte(src), epoch)
	if len(w) != 0 || n.Title != "윈도우 노트" {
		t.Fatalf("title %q warnings %v", n.Title, w)
	}
	if got := lineOf(n.Body, 4); got != "본문 첫 줄" {
		t.Errorf("line 4 = %q", got)
	}
	if strings.Contains(n.Body, "\r") {
		t.Errorf("CR left in body")
	}
}

func TestNFCNormalisation(t *testing.T) {
	nfd := norm.NFD.String("한글 제목")
	n, _ := Parse(norm.NFD.String("폴더/한글.md"), []byte("# "+nfd+"\n"), epoch)
	if n.Title != "한글 제목" || n.Path != "폴더/한글.md" {
		t.Errorf("title %q path %q not NFC", n.Title, n.Path)
	}
}

func TestInvalidUTF8Repaired(t *testing.T) {
	n, w := Parse("bad.md", []byte("# 제목\n\n정상\n깨진 \xff\xfe 줄\n"), epoch)
	if len(w) != 1 || w[0].Line != 4 || !strings.Contains(w[0].Msg, "UTF-8") {
		t.Fatalf("warnings %v", w)
	}
	if got := lineOf(n.Body, 4); got != "깨진 \uFFFD 줄" {
		t.Errorf("line 4 = %q", got)
	}
	if w[0].String() != "bad.md:4: invalid UTF-8, replaced with U+FFFD" {
		t.Errorf("warning text %q", w[0].String())
	}
}

func TestMalformedFrontMatterKeepsBody(t *testing.T) {
	src := "---\ntitle: ok\ntags: : x\n---\n# 본문 제목\n\n내용은 색인된다\n"
	n, w := Parse("broken.md", []byte(src), epoch)
	if len(w) != 1 || w[0].Line != 3 || !strings.Contains(w[0].Msg, "invalid front matter") {
		t.Fatalf("warnings %v", w)
	}
	if n.Title != "본문 제목" || lineOf(n.Body, 7) != "내용은 색인된다" {
		t.Errorf("title %q body %q", n.Title, n.Body)
	}
}

func TestWrongTypedFieldsReported(t *testing.T) {
	src := "---\ntitle: [a, b]\ntype: lesson\ncreated: yesterday\ntags: {a: 1}\n---\nbody\n"
	n, w := Parse("a.md", []byte(src), epoch)
	lines := []int{}
	for _, x := range w {
		lines = append(lines, x.Line)
	}
	if !reflect.DeepEqual(lines, []int{2, 4, 5}) {
		t.Errorf("warning lines %v (%v)", lines, w)
	}
	if n.Type != "lesson" || n.Title != "a" {
		t.Errorf("type %q title %q", n.Type, n.Title)
	}
}

func TestUnclosedFrontMatter(t *testing.T) {
	n, w := Parse("a.md", []byte("---\ntitle: x\n\n본문\n"), epoch)
	if len(w) != 1 || w[0].Line != 1 {
		t.Fatalf("warnings %v", w)
	}
	if !strings.Contains(n.Body, "본문") {
		t.Errorf("body lost: %q", n.Body)
	}
}

func TestNonMappingFrontMatter(t *testing.T) {
	_, w := Parse("a.md", []byte("---\n- a\n- b\n---\nx\n"), epoch)
	if len(w) != 1 || w[0].Line != 2 {
		t.Fatalf("warnings %v", w)
	}
}

func TestYAMLAliasBombRejected(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\na: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n")
	prev := "a"
	for _, c := range "bcdefghi" {
		name := string(c)
		b.WriteString(name + ": &" + name + " [")
		for i := 0; i < 9; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString("*" + prev)
		}
		b.WriteString("]\n")
		prev = name
	}
	b.WriteString("---\nbody\n")
	done := make(chan struct{})
	go func() {
		Parse("bomb.md", []byte(b.String()), epoch)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("alias bomb not bounded")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: 제목\ntags: [a, b]\n---\n# H1\n\n본문 #태그 `code`\n",
		"\xef\xbb\xbf# BOM\n", "---\nunclosed", "---\n- list\n---\n", "```\nfence", "<details><summary>q</summary>a</details>",
		"\xff\xfe invalid", "| a | b |\n|---|---|\n| 1 | 2 |\n", "> quote\n> > nested\n- list\n  - nested\n",
	} {
		f.Add([]byte(s))
	}
	shared.CorpusNotes(64<<10, func(_ string, b []byte) { f.Add(b) })
	f.Fuzz(func(t *testing.T, src []byte) {
		n, _ := Parse("fuzz.md", src, epoch)
		// Whatever the input, the line-aligned fields keep one line per file line.
		lines := strings.Count(string(src), "\n") + 1
		for name, field := range map[string]string{"body": n.Body, "headings": n.HeadingText, "code": n.Code} {
			if got := strings.Count(field, "\n") + 1; got > lines {
				t.Fatalf("%s has %d lines, the file %d", name, got, lines)
			}
		}
		for _, h := range n.Headings {
			if h.Line < 1 || h.Line > lines {
				t.Fatalf("heading line %d of %d", h.Line, lines)
			}
		}
		if n.Title == "" {
			t.Fatal("empty title")
		}
	})
}
