package search

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var updateWords = flag.Bool("update-words", false, "rewrite dict/words.txt from dict/synonyms.txt")

const wordsHeader = `# Generated from synonyms.txt by alignWords: do not edit. Regenerate with
# go test ./internal/search -run TestWordsFileInSync -update-words
`

// The word groups are derived from the dictionary; the file in the binary
// must be what the dictionary gives.
func TestWordsFileInSync(t *testing.T) {
	want := wordsHeader + alignWords(builtinSynonyms)
	if *updateWords {
		if err := os.WriteFile("dict/words.txt", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if builtinWords != want {
		t.Fatal("dict/words.txt is not what dict/synonyms.txt gives: go test ./internal/search -run TestWordsFileInSync -update-words")
	}
}

func TestAlignWords(t *testing.T) {
	text := `# a comment
mode switch, 모드 전환, 모드 스위칭
context switch, 문맥 교환
binary search, 이진 탐색, 이분 탐색
exhaustive search, brute force
degree of multiprogramming, 다중 프로그래밍 정도
docker image, 이미지 도커
kernel, 커널
`
	got := alignWords(text)
	want := `binary, 이분, 이진
context, 문맥
mode, 모드
search, 탐색
switch, 교환, 스위칭, 전환
스위칭, switch, 전환
이분, binary, 이진
이진, binary, 이분
전환, switch, 스위칭
`
	// A Hangul word paired with another Hangul word (모드 전환, 모드 스위칭)
	// has a line of its own; the crossed order (이미지 도커), the function
	// word (of) and unlike terms of one script (brute force) give nothing.
	if got != want {
		t.Errorf("alignWords:\n%s\nwant:\n%s", got, want)
	}
}

func TestCompose(t *testing.T) {
	s, _ := LoadSynonyms("")
	for _, c := range []struct {
		words []string
		want  string // a term the result must hold; "" for none
	}{
		{[]string{"문맥", "전환"}, "context switch"},
		{[]string{"이진", "검색"}, "binary search"},
		{[]string{"Context", "전환"}, "컨텍스트 스위칭"},
		{[]string{"문맥", "빵"}, ""},
		{[]string{"전환"}, ""},
	} {
		got := s.Compose(c.words)
		if c.want == "" {
			if len(got) > 0 {
				t.Errorf("Compose(%q) = %q, want none", c.words, got)
			}
			continue
		}
		if !slices.Contains(got, c.want) {
			t.Errorf("Compose(%q) = %q, want it to hold %q", c.words, got, c.want)
		}
	}
}

// A user's groups teach word translations too.
func TestComposeUserGroups(t *testing.T) {
	f := filepath.Join(t.TempDir(), "synonyms.txt")
	if err := os.WriteFile(f, []byte("blue green deployment, 청록 배치\ncanary deployment, 카나리 배치\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, _ := LoadSynonyms(f)
	if got := s.Compose([]string{"카나리", "배포"}); !slices.Contains(got, "canary deployment") {
		t.Errorf("Compose(카나리 배포) = %q, want canary deployment", got)
	}
}

// A user's group of thousands of terms is paired in bounded time.
func TestAlignWordsHugeGroup(t *testing.T) {
	var b strings.Builder
	for i := range 20000 {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "term%d word%d", i, i)
	}
	got := alignWords(b.String())
	if n := strings.Count(got, "\n"); n > 2*maxAlignTerms {
		t.Errorf("%d lines from one group; the pairing is not bounded", n)
	}
}
