package notes

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Blocks are goldmark's leaf blocks with their whole lines: a setext heading
// is a heading, indented code is code, a heading inside an HTML comment is
// HTML, and list and quote markers stay with their lines.
func TestBlocks(t *testing.T) {
	src := "---\ntags: [a]\n---\n# 제목\n\n질문?\n---\n\n    Q: 코드\n\n<!--\n## 숨은 질문?\n-->\n\n- a :: b\n- c\n\n> 인용\n> 둘째 줄\n\n```go\nx\n```\n본문 <br> 끝 <img alt=\"그림\">\n"
	n, _ := Parse("a.md", []byte(src), time.Time{})
	var got []string
	for _, b := range n.Blocks {
		got = append(got, fmt.Sprintf("%d:%d-%d L%d list=%v quote=%v %q %q", b.Kind, b.Line, b.EndLine, b.Level, b.InList, b.InQuote, b.Text, src[b.Start:b.End]))
	}
	want := []string{
		`2:4-4 L1 list=false quote=false "제목" "# 제목\n"`,
		`2:6-7 L2 list=false quote=false "질문?" "질문?\n---\n"`,
		`3:9-9 L0 list=false quote=false "" "    Q: 코드\n"`,
		`4:11-13 L0 list=false quote=false "" "<!--\n## 숨은 질문?\n-->\n"`,
		`1:15-15 L0 list=true quote=false "" "- a :: b\n"`,
		`1:16-16 L0 list=true quote=false "" "- c\n"`,
		`1:18-19 L0 list=false quote=true "" "> 인용\n> 둘째 줄\n"`,
		`3:21-23 L0 list=false quote=false "" "` + "```go\\nx\\n```" + `\n"`,
		`1:24-24 L0 list=false quote=false "" "본문 <br> 끝 <img alt=\"그림\">\n"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var html []string
	for _, s := range n.RawHTML {
		html = append(html, src[s.Start:s.End])
	}
	if strings.Join(html, " ") != `<br> <img alt="그림">` {
		t.Errorf("inline HTML %q", html)
	}
}
