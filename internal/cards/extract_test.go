package cards

import (
	"os"
	"strings"
	"testing"

	"github.com/kb-cli/kb/internal/shared"
)

func questions(cs []Card) string {
	var q []string
	for _, c := range cs {
		q = append(q, c.Question)
	}
	return strings.Join(q, " | ")
}

func TestHeadingCards(t *testing.T) {
	src := "---\ntags: [k8s]\n---\n# Pod 정리\n\n## Pod가 Pending이면?\n\n스케줄링을 본다.\n\n### 하위 제목\n\n하위 내용\n\n## 다음 절\n\n내용\n\n#### 깊은 질문？\n\n깊은 답\n\n```\n# 코드 속 질문?\n```\n"
	cs := Extract("k8s/pod.md", []byte(src))
	if questions(cs) != "Pod가 Pending이면? | 깊은 질문？" {
		t.Fatalf("questions: %s", questions(cs))
	}
	c := cs[0]
	if c.Line != 6 || c.Deck != "k8s" || c.Path != "k8s/pod.md" || strings.Join(c.Tags, ",") != "k8s" {
		t.Errorf("card %+v", c)
	}
	if c.Answer != "스케줄링을 본다.\n\n### 하위 제목\n\n하위 내용" {
		t.Errorf("answer %q", c.Answer)
	}
	if cs[1].Answer != "깊은 답\n\n```\n# 코드 속 질문?\n```" {
		t.Errorf("deep answer %q", cs[1].Answer)
	}
}

func TestQACards(t *testing.T) {
	src := "Q: TCP와 UDP의 차이는?\nA: TCP는 연결 지향,\nUDP는 비연결.\n\n  - 신뢰성 차이\n\n다른 문단\n\n**Q:** 두 번째 질문\n이어지는 질문\n\n**A:** 두 번째 답\nQ: 세 번째\nA: 셋\n"
	cs := Extract("net.md", []byte(src))
	if questions(cs) != "TCP와 UDP의 차이는? | 두 번째 질문 이어지는 질문 | 세 번째" {
		t.Fatalf("questions: %s", questions(cs))
	}
	if cs[0].Answer != "TCP는 연결 지향,\nUDP는 비연결.\n\n  - 신뢰성 차이" {
		t.Errorf("answer 0 %q", cs[0].Answer)
	}
	if cs[1].Answer != "두 번째 답" || cs[2].Answer != "셋" || cs[0].Line != 1 || cs[1].Line != 9 {
		t.Errorf("cards %+v", cs)
	}
}

func TestInlineAndDetails(t *testing.T) {
	src := "- 멱등성이란? :: 여러 번 실행해도 결과가 같은 성질\n| a :: b | c |\n`x :: y`\n\n<details>\n<summary>What is a Pod?</summary>\n\nThe smallest deployable unit.\n\n</details>\n\n<details><summary><b>Docker</b> vs VM?</summary>shared kernel</details>\n\n<details><summary>코드</summary>\n\n```go\nx := 1\n```\n</details>\n"
	cs := Extract("q.md", []byte(src))
	if questions(cs) != "멱등성이란? | What is a Pod? | Docker vs VM?" {
		t.Fatalf("questions: %s", questions(cs))
	}
	last := cs[len(cs)-1]
	if last.Answer != "shared kernel" || cs[len(cs)-2].Answer != "The smallest deployable unit." {
		t.Errorf("details answers: %q / %q", cs[len(cs)-2].Answer, last.Answer)
	}
}

func TestQuizFrontMatter(t *testing.T) {
	if cs := Extract("a.md", []byte("---\nquiz: false\n---\n## 질문?\n답\n")); len(cs) != 0 {
		t.Errorf("quiz: false gave %v", cs)
	}
	cs := Extract("a.md", []byte("---\nquiz: headings\ndeck: 면접\n---\n# 제목\n## 첫째\n답1\n## 둘째\n답2\n### 셋째\n"))
	if questions(cs) != "첫째 | 둘째" || cs[0].Deck != "면접" || cs[1].Answer != "답2\n### 셋째" {
		t.Errorf("quiz: headings: %+v", cs)
	}
}

func TestIdentity(t *testing.T) {
	a := Extract("a/x.md", []byte("## Pod가  Pending 이면?\n답\n"))[0]
	b := Extract("a/x.md", []byte("## pod가 pending 이면 ？\n답\n"))[0]
	if a.ID != b.ID {
		t.Errorf("formatting changed the id: %s %s", a.ID, b.ID)
	}
	if c := Extract("a/x.md", []byte("## Pod가 Running이면?\n답\n"))[0]; c.ID == a.ID {
		t.Error("different questions share an id")
	}
	// The same question in two notes, under two headings of one note, or
	// twice under the same heading: a card each.
	other := Extract("b/y.md", []byte("## Pod가 Pending 이면?\n답\n"))[0]
	if other.ID == a.ID {
		t.Error("the same question in two notes shares an id")
	}
	cs := Extract("a.md", []byte("# T\n## Swarm\n### 장점은?\n하나\n## HPA\n### 장점은?\n둘\n### 장점은?\n셋\n"))
	if len(cs) != 3 || cs[0].ID == cs[1].ID || cs[1].ID == cs[2].ID || cs[0].ID == cs[2].ID {
		t.Fatalf("cards %+v", cs)
	}
	if cs[0].Answer != "하나" || cs[2].Answer != "셋" {
		t.Errorf("answers %q %q", cs[0].Answer, cs[2].Answer)
	}
	// Old logs name cards by this: it must never change.
	if got := LegacyID("TCP와 UDP의 차이는?"); got != "88d6a2b196ec" {
		t.Errorf("the legacy id changed: %s", got)
	}
}

func TestRealInterviewList(t *testing.T) {
	p, ok := shared.Path("corpora", "tech-interview-for-developer", "Interview", "Interview List.md")
	if !ok {
		t.Skip("../shared/corpora not present")
	}
	src, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	cs := Extract("Interview/Interview List.md", src)
	if len(cs) < 20 {
		t.Fatalf("only %d cards from the interview list", len(cs))
	}
	for _, c := range cs {
		if !strings.HasSuffix(c.Question, "?") && !strings.HasSuffix(c.Question, "？") {
			t.Errorf("not a question: %q", c.Question)
		}
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"## 질문?\n답\n", "Q: a\nA: b\n\n  - c\n", "- q :: a\n", "<details><summary>q</summary>a</details>",
		"---\nquiz: headings\n---\n## h\n", "```\n## in code?\n```\n", "<details>\n<summary>", "Q:\nA:",
	} {
		f.Add(s)
	}
	shared.CorpusNotes(64<<10, func(_ string, b []byte) { f.Add(string(b)) })
	f.Fuzz(func(t *testing.T, src string) {
		lines := strings.Count(src, "\n") + 1
		for _, c := range Extract("fuzz/a.md", []byte(src)) {
			if c.Question == "" || len(c.ID) != 12 {
				t.Fatalf("card %+v", c)
			}
			if c.Line < 1 || c.Line > lines {
				t.Fatalf("line %d of %d", c.Line, lines)
			}
			if c.Deck == "" { // the front matter's deck, else the top folder
				t.Fatalf("deck %q", c.Deck)
			}
		}
	})
}
