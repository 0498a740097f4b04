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

// A word of any length reaches the stemmer cut, so analysing it costs time
// linear in its length: 'y' is what made the Snowball stemmer quadratic
// (400 KB took 32 s). Hangul runs are bigrams, never cut.
func TestAnalyzerCutsLongWords(t *testing.T) {
	for _, w := range []string{strings.Repeat("y", 400<<10), strings.Repeat("ay", 1000)} {
		terms := analyze(t, w+" 쿠버")
		if len(terms) != 2 || len(terms[0]) > maxTokenBytes || terms[1] != "쿠버" {
			t.Fatalf("%d-letter word: %d terms, first %d bytes", len(w), len(terms), len(terms[0]))
		}
	}
	if got := analyze(t, strings.Repeat("가나", 1000)); len(got) != 1999 {
		t.Errorf("a 2,000-syllable Hangul run made %d bigrams, want 1999", len(got))
	}
	// A query for the long word matches it: both are cut alike.
	w := strings.Repeat("deploy", 50)
	if a, b := analyze(t, w), analyze(t, w+"ing"); a[0] != b[0] {
		t.Errorf("cut differently: %q %q", a[0], b[0])
	}
}
