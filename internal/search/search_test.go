package search

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kb-cli/kb/internal/index"
)

func kbWith(t *testing.T, files map[string]string) *index.Index {
	t.Helper()
	ix, _ := kbWithRoot(t, files)
	return ix
}

func kbWithRoot(t *testing.T, files map[string]string) (*index.Index, string) {
	t.Helper()
	root := t.TempDir()
	for rel, body := range files {
		p := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ix, err := index.Open(index.Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix, root
}

func run(t *testing.T, ix *index.Index, q string) []Hit {
	t.Helper()
	pq, err := Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(ix, pq, Options{Synonyms: testSynonyms})
	if err != nil {
		t.Fatal(err)
	}
	return res.Hits
}

var testSynonyms, _ = LoadSynonyms("")

func paths(hits []Hit) string {
	var p []string
	for _, h := range hits {
		p = append(p, h.Path)
	}
	return strings.Join(p, " ")
}

func marked(h Hit) string {
	var b strings.Builder
	at := 0
	for _, m := range h.Marks {
		b.WriteString(h.Snippet[at:m.Start] + "[" + h.Snippet[m.Start:m.End] + "]")
		at = m.End
	}
	return b.String() + h.Snippet[at:]
}

func TestKoreanWordsHighlightedWhole(t *testing.T) {
	ix := kbWith(t, map[string]string{
		"a.md": "# 도입기\n\n처음에는 쿠버네티스를 도입하려고 했으나 쿠버네티스는 어려웠다. 인터네티즌 아님.\n",
	})
	hits := run(t, ix, "쿠버네티스")
	if len(hits) != 1 {
		t.Fatalf("hits %v", paths(hits))
	}
	// Both occurrences marked whole; the stray 네티 in 인터네티즌 is not a match.
	want := "처음에는 [쿠버네티스]를 도입하려고 했으나 [쿠버네티스]는 어려웠다. 인터네티즌 아님."
	if got := marked(hits[0]); got != want {
		t.Errorf("snippet\n got %s\nwant %s", got, want)
	}
	if hits[0].Line != 3 {
		t.Errorf("line %d", hits[0].Line)
	}
}

func TestPhraseNotScatteredBigrams(t *testing.T) {
	ix := kbWith(t, map[string]string{
		"a.md": "쿠버 이야기와 티스 이야기, 버네 네티\n",
		"b.md": "쿠버네티스 클러스터\n",
	})
	if got := paths(run(t, ix, "쿠버네티스")); got != "b.md" {
		t.Errorf("got %q", got)
	}
}

func TestTitleAndHeadingsOutrankPassingMentions(t *testing.T) {
	long := strings.Repeat("운영 중에 여러 가지 일이 있었다. ", 30)
	ix := kbWith(t, map[string]string{
		"dedicated.md": "# 레디스 캐시 전략\n\n캐시 무효화가 어렵다.\n",
		"passing.md":   "# 회고\n\n" + long + "레디스 얘기도 잠깐 나왔다. " + long + "\n",
		"heading.md":   "# 장애 모음\n\n## 레디스 메모리 부족\n\n" + long + "\n",
	})
	got := paths(run(t, ix, "레디스"))
	if !strings.HasPrefix(got, "dedicated.md heading.md") {
		t.Errorf("ranking %q", got)
	}
}

func TestExactTitleFirst(t *testing.T) {
	ix := kbWith(t, map[string]string{
		"a.md": "# 도커 네트워크 정리\n\n도커 네트워크 도커 네트워크 도커 네트워크 브리지 오버레이 호스트\n## 도커 네트워크\n",
		"b.md": "# 도커 네트워크\n\n짧은 메모\n",
	})
	if got := paths(run(t, ix, "도커 네트워크")); !strings.HasPrefix(got, "b.md") {
		t.Errorf("ranking %q", got)
	}
}

func TestSnippetTrimmedOnWordBoundaries(t *testing.T) {
	before := strings.Repeat("앞부분 문장이 길게 이어진다 ", 20)
	after := strings.Repeat(" 뒷부분도 계속 길게 이어진다", 20)
	ix := kbWith(t, map[string]string{"a.md": before + "여기에 핵심단어가 있다" + after + "\n"})
	h := run(t, ix, "핵심단어")[0]
	if len(h.Snippet) > maxSnippet+2*len(ellipsis) {
		t.Errorf("snippet too long: %d", len(h.Snippet))
	}
	if !strings.HasPrefix(h.Snippet, ellipsis) || !strings.HasSuffix(h.Snippet, ellipsis) {
		t.Errorf("no ellipses: %q", h.Snippet)
	}
	inner := strings.TrimSuffix(strings.TrimPrefix(h.Snippet, ellipsis), ellipsis)
	whole := map[string]bool{}
	for _, w := range strings.Fields(before + "여기에 핵심단어가 있다" + after) {
		whole[w] = true
	}
	for _, w := range strings.Fields(inner) {
		if !whole[w] {
			t.Errorf("cut word %q", w)
		}
	}
	if !strings.HasPrefix(inner, "앞부분") && !strings.HasPrefix(inner, "문장이") && !strings.HasPrefix(inner, "길게") && !strings.HasPrefix(inner, "이어진다") && !strings.HasPrefix(inner, "여기에") {
		t.Errorf("snippet does not start on a word: %q", inner)
	}
	if !strings.Contains(marked(h), "[핵심단어]") {
		t.Errorf("mark lost: %s", marked(h))
	}
}

func TestTitleOnlyMatchShowsFirstLine(t *testing.T) {
	ix := kbWith(t, map[string]string{"a.md": "---\ntitle: 앤서블 정리\n---\n\n첫 문단입니다.\n"})
	h := run(t, ix, "앤서블")[0]
	if h.Snippet != "첫 문단입니다." || h.Line != 5 {
		t.Errorf("%+v", h)
	}
}

func TestMergeAndTrimUnits(t *testing.T) {
	got := merge([]Span{{6, 12}, {0, 6}, {3, 9}, {20, 25}, {21, 22}})
	if len(got) != 2 || got[0] != (Span{0, 12}) || got[1] != (Span{20, 25}) {
		t.Errorf("merge %v", got)
	}
	s, m := trim("short", []Span{{0, 5}})
	if s != "short" || m[0] != (Span{0, 5}) {
		t.Errorf("trim short %q %v", s, m)
	}
}

func TestOneSyllableStemKeepsTheWord(t *testing.T) {
	ix := kbWith(t, map[string]string{"a.md": "깊은 목록\n", "b.md": "힙 정렬, 힙은 트리\n"})
	if got := paths(run(t, ix, "깊은")); got != "a.md" {
		t.Errorf("깊은: %q", got)
	}
	if got := paths(run(t, ix, "힙은")); got != "b.md" {
		t.Errorf("힙은: %q", got)
	}
}

// A prefix that spells out a whole word finds it although the index holds
// its stem (ndots is stored as ndot): the picker searches a word still being
// typed as a prefix.
func TestPrefixOfAStemmedWord(t *testing.T) {
	ix := kbWith(t, map[string]string{"dns.md": "# DNS ndots 지연\n\nndots 5 때문에 느리다.\n", "other.md": "# 다른 노트\n"})
	for _, q := range []string{"ndots*", "ndot*", "ndo*", "processes*"} {
		got := paths(run(t, ix, q))
		want := "dns.md"
		if q == "processes*" {
			want = ""
		}
		if got != want {
			t.Errorf("%s: %q, want %q", q, got, want)
		}
	}
}
