package index

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func analyze(t *testing.T, text string) []string {
	t.Helper()
	im, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	a := im.AnalyzerNamed(TextAnalyzer)
	if a == nil {
		t.Fatal("analyzer not registered")
	}
	var out []string
	for _, tok := range a.Analyze([]byte(text)) {
		out = append(out, string(tok.Term))
	}
	return out
}

func TestAnalyzerKorean(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// Hangul runs become bigrams, so a word matches with a particle attached.
		{"쿠버네티스를", "쿠버 버네 네티 티스 스를"},
		{"쿠버네티스", "쿠버 버네 네티 티스"},
		// Latin and Hangul split where the script changes.
		{"Swarm으로", "swarm 으로"},
		{"Kubernetes를", "kubernet 를"},
		// A single syllable stays a unigram.
		{"뷰", "뷰"},
		// English is lower-cased and stemmed (Snowball): deploy = deploying = deployment.
		{"Deploying deployments deploy", "deploy deploy deploy"},
		{"k8s IPv4 TCP/IP", "k8s ipv4 tcp ip"},
		// Full-width Latin folds to ASCII.
		{"ＤＯＣＫＥＲ", "docker"},
	} {
		if got := strings.Join(analyze(t, tc.in), " "); got != tc.want {
			t.Errorf("%q -> %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAnalyzerPositionsAdjacent(t *testing.T) {
	im, _ := newMapping()
	toks := im.AnalyzerNamed(TextAnalyzer).Analyze([]byte("쿠버네티스를 써"))
	var pos []int
	for _, tok := range toks {
		pos = append(pos, tok.Position)
	}
	// Phrase queries rely on consecutive positions within a Hangul run.
	if !reflect.DeepEqual(pos[:5], []int{1, 2, 3, 4, 5}) {
		t.Errorf("positions %v", pos)
	}
}

// A compound matches however it is spaced: Hangul runs one space apart are
// bigrammed across the space, so 메모리 누수 and 메모리누수 give the same
// terms at the same positions. A one-syllable word keeps its unigram.
func TestAnalyzerSpacing(t *testing.T) {
	im, _ := newMapping()
	a := im.AnalyzerNamed(TextAnalyzer)
	terms := func(s string) string {
		var out []string
		for _, tok := range a.Analyze([]byte(s)) {
			out = append(out, fmt.Sprintf("%s@%d", tok.Term, tok.Position))
		}
		return strings.Join(out, " ")
	}
	if sp, un := terms("메모리 누수"), terms("메모리누수"); sp != un {
		t.Errorf("spaced %q != unspaced %q", sp, un)
	}
	if got := terms("힙 정렬"); got != "힙@1 힙정@1 정렬@2" {
		t.Errorf("힙 정렬 -> %q", got)
	}
	// Two spaces, a newline or punctuation end the bridge.
	for _, s := range []string{"메모리  누수", "메모리\n누수", "메모리, 누수"} {
		if strings.Contains(terms(s), "리누") {
			t.Errorf("%q bridged: %s", s, terms(s))
		}
	}
}

// camelCase identifiers are also their parts, at consecutive positions, so
// `OOM killed` and `crash loop` find them as phrases.
func TestAnalyzerCamelCase(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"OOMKilled", "oomkil oom kill"},
		{"CrashLoopBackOff", "crashloopbackoff crash loop back off"},
		{"HTTPServer", "httpserver http server"},
		{"snake_case kebab-case", "snake case kebab case"},
	} {
		if got := strings.Join(analyze(t, tc.in), " "); got != tc.want {
			t.Errorf("%q -> %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A long word is cut, so analysing it costs time linear in its length.
func TestAnalyzerLongWord(t *testing.T) {
	got := analyze(t, strings.Repeat("a", 1<<20))
	if len(got) != 1 || len(got[0]) > maxTokenBytes {
		t.Errorf("a 1 MB word gave %d terms, the first %d bytes", len(got), len(got[0]))
	}
}
