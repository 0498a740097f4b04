package index

import (
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
