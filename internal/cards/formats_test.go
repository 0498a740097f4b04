package cards

import (
	"strings"
	"testing"
)

func TestOneReadingOfMarkdown(t *testing.T) {
	src := "# 제목\n\n세마포어란?\n---\n\n정수 카운터.\n\n    Q: 코드 속 질문\n    A: 코드\n\n<!--\n## 주석 속 질문?\n-->\n\n## 진짜 질문?\n\n답\n"
	cs := Extract("a.md", []byte(src))
	if questions(cs) != "세마포어란? | 진짜 질문?" {
		t.Fatalf("questions: %s", questions(cs))
	}
	if cs[0].Line != 3 || !strings.HasPrefix(cs[0].Answer, "정수 카운터.") {
		t.Errorf("setext card %+v", cs[0])
	}
}

func TestContext(t *testing.T) {
	src := "# Docker Swarm 정리\n\n## 오케스트레이션\n\n### 단점은?\n\n복잡하다.\n\n#### 그럼 뭘 선택?\n\n상황에 따라.\n\n## 용어\n\n- 노드 :: 머신 한 대\n"
	cs := Extract("a.md", []byte(src))
	if len(cs) != 3 {
		t.Fatalf("cards: %s", questions(cs))
	}
	want := []string{"Docker Swarm 정리 › 오케스트레이션", "Docker Swarm 정리 › 오케스트레이션 › 단점은?", "Docker Swarm 정리 › 용어"}
	for i, c := range cs {
		if c.Breadcrumb() != want[i] || c.Title != "Docker Swarm 정리" {
			t.Errorf("card %d: %q", i, c.Breadcrumb())
		}
	}
	// A note named only by its file is called by the heading it starts with.
	named := Extract("PCB.md", []byte("## PCB & Context Switching\n\n### PCB란?\n\n블록.\n"))
	if len(named) != 1 || named[0].Breadcrumb() != "PCB & Context Switching" {
		t.Errorf("title from the first heading: %+v", named)
	}
	// A parent question's answer ends at its sub-question.
	if cs[0].Answer != "복잡하다." {
		t.Errorf("parent answer %q", cs[0].Answer)
	}
}

func TestAnswersReadAsText(t *testing.T) {
	src := "## 정규화란?\n\n중복을 줄인다.<br>그리고 이상을 막는다.\n\n<img src=\"a.png\" alt=\"정규형 그림\">\n\n![도표](b.png)\n\n```sql\nSELECT <b>1</b>;\n```\n\n`<br>` 태그는 코드다.\n\n<br>\n\n[뒤로](https://example.com)/[위로](#top)\n\n#### Reference\n\n- [위키](https://ko.wikipedia.org)\n\n**참고 자료**\n\n- [블로그](https://blog.example.com)\n\n출처: [어딘가](https://x.example.com)\n"
	cs := Extract("a.md", []byte(src))
	if len(cs) != 1 {
		t.Fatalf("cards: %s", questions(cs))
	}
	want := "중복을 줄인다.  \n그리고 이상을 막는다.\n\n[image: 정규형 그림]\n\n![도표](b.png)\n\n```sql\nSELECT <b>1</b>;\n```\n\n`<br>` 태그는 코드다."
	if cs[0].Answer != want {
		t.Errorf("answer:\n%s\nwant:\n%s", cs[0].Answer, want)
	}
	if hasRawHTML(cs[0].Answer) {
		t.Error("raw HTML left")
	}
}

func TestQuestionsReadAsText(t *testing.T) {
	cs := Extract("a.md", []byte("Q: <b>TCP</b>와 List<String>의 차이는?<br>\nA: 답\n"))
	if len(cs) != 1 || cs[0].Question != "TCP와 List<String>의 차이는?" {
		t.Errorf("cards %+v", cs)
	}
}

func TestLongAnswersAreCut(t *testing.T) {
	para := strings.Repeat("가나다라마바사. ", 50) // 450 characters
	src := "## 긴 질문?\n\n" + para + "\n\n" + para + "\n\n" + para + "\n\n" + para + "\n"
	c := Extract("n/long.md", []byte(src))[0]
	if !strings.HasSuffix(c.Answer, "… (more: n/long.md:7)") || len([]rune(c.Answer)) > 1500 {
		t.Errorf("answer of %d characters ends %q", len([]rune(c.Answer)), c.Answer[len(c.Answer)-40:])
	}
	// One huge code block is cut and its fence closed.
	code := "## 코드는?\n\n```go\n" + strings.Repeat("fmt.Println(\"한 줄의 코드입니다\")\n", 100) + "```\n"
	c = Extract("c.md", []byte(code))[0]
	if !strings.Contains(c.Answer, "\n```\n\n… (more: c.md:") || len([]rune(c.Answer)) > 1500 {
		t.Errorf("code answer ends %q", c.Answer[len(c.Answer)-60:])
	}
}

func TestOnlyQuestionsAreCards(t *testing.T) {
	src := "# README\n\n## What is this?\n\n- [네트워크](network.md)\n- [운영체제](os.md)\n\n## 정규화란?\n\n### 1. 목적은?\n\n중복 제거.\n\n<details><summary>예제 보기</summary>\n\n코드\n\n</details>\n\n<details><summary>왜 쓰는가?</summary>\n\n재사용.\n\n</details>\n"
	cs := Extract("a.md", []byte(src))
	if questions(cs) != "1. 목적은? | 왜 쓰는가?" {
		t.Fatalf("questions: %s", questions(cs))
	}
	if cs[1].Kind != KindDetails || cs[1].Answer != "재사용." {
		t.Errorf("details card %+v", cs[1])
	}
	// A README: what it is, then headings that are links to other pages.
	readme := "# What is this?\n\n면접 준비 자료 모음입니다.\n\n### [받았던 질문들](https://example.com/issues/59)\n\n공유해 주세요.\n\n### [회사에 궁금한 점이 있으신가요?](Reverse/README.md)\n\n역질문 목록.\n"
	if cs := Extract("README.md", []byte(readme)); len(cs) != 0 {
		t.Errorf("README index: %s", questions(cs))
	}
	cs = Extract("a.md", []byte("---\nquiz: details\n---\n<details><summary>CAP 정리</summary>\n\n셋 중 둘.\n\n</details>\n"))
	if questions(cs) != "CAP 정리" || cs[0].Answer != "셋 중 둘." {
		t.Errorf("quiz: details: %+v", cs)
	}
}

func TestNewFormats(t *testing.T) {
	src := "TCP ::: 연결 지향 프로토콜\n\n멱등성이란\n무엇인가\n?\n여러 번 해도\n같은 결과\n\n수도\n??\n서울\n\n- 쿠버네티스의 {{c1::파드}}는 {{c2::컨테이너::묶음}}의 묶음이다.\n\nDNS는 ==이름==을 ==주소==로 바꾼다. `==코드==`\n"
	cs := Extract("a.md", []byte(src))
	got := map[string]string{}
	var kinds []string
	for _, c := range cs {
		got[c.Question] = c.Answer
		kinds = append(kinds, c.Kind)
	}
	want := map[string]string{
		"TCP": "연결 지향 프로토콜", "연결 지향 프로토콜": "TCP",
		"멱등성이란\n무엇인가": "여러 번 해도\n같은 결과",
		"수도":          "서울", "서울": "수도",
		"쿠버네티스의 [...]는 컨테이너의 묶음이다.":     "쿠버네티스의 **파드**는 컨테이너의 묶음이다.",
		"쿠버네티스의 파드는 [묶음]의 묶음이다.":        "쿠버네티스의 파드는 **컨테이너**의 묶음이다.",
		"DNS는 [...]을 주소로 바꾼다. `==코드==`": "DNS는 **이름**을 주소로 바꾼다. `==코드==`",
		"DNS는 이름을 [...]로 바꾼다. `==코드==`": "DNS는 이름을 **주소**로 바꾼다. `==코드==`",
	}
	if len(cs) != len(want) {
		t.Errorf("%d cards: %s", len(cs), questions(cs))
	}
	for q, a := range want {
		if got[q] != a {
			t.Errorf("%q: answer %q, want %q", q, got[q], a)
		}
	}
	if strings.Join(kinds, ",") != "reversed,reversed,multiline,multiline,multiline,cloze,cloze,cloze,cloze" {
		t.Errorf("kinds %v", kinds)
	}
}
