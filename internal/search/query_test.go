package search

import (
	"errors"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"쿠버네티스 롤백", "쿠버네티스 롤백"},
		{`"docker swarm" 전환`, `"docker swarm" 전환`},
		{"docker OR podman 배포", "docker OR podman 배포"},
		{"a OR b OR c", "a OR b OR c"},
		{"nginx -apache", "nginx -apache"},
		{"#쿠버네티스 tag:k8s TYPE:lesson title:장애", "tag:쿠버네티스 tag:k8s type:lesson title:장애"},
		{`title:"pod pending"`, `title:"pod pending"`},
		{`-"rolling update" x`, `x -"rolling update"`},
		{"or and", "or and"},
		{"C# 언어", "C# 언어"},
		{"“스마트 따옴표”", `"스마트 따옴표"`},
		{"http://host:80/", "http://host:80/"},
	} {
		q, err := Parse(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if got := q.String(); got != tc.want {
			t.Errorf("%q parsed as %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A word longer than the index keeps is refused (exit 2), quickly; a long
// URL is many short words and is fine.
func TestParseRefusesOverlongWords(t *testing.T) {
	for _, in := range []string{strings.Repeat("a", MaxWordLetters+1), strings.Repeat("가", 100000), `"x ` + strings.Repeat("y", 700) + `"`, "tag:" + strings.Repeat("z", 200)} {
		_, err := Parse(in)
		var se *SyntaxError
		if !errors.As(err, &se) || !strings.Contains(se.Msg, "too long") || len(se.Msg) > 200 {
			t.Errorf("%.30q: %v", in, err)
		}
	}
	for _, in := range []string{strings.Repeat("a", MaxWordLetters), "https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service-with-a-long-anchor-name"} {
		if _, err := Parse(in); err != nil {
			t.Errorf("%.30q: %v", in, err)
		}
	}
}

func TestParseKinds(t *testing.T) {
	q, err := Parse(`#도커 type:Question title:x "a b"`)
	if err != nil {
		t.Fatal(err)
	}
	kinds := []Kind{Tag, Type, Title, Text}
	for i, g := range q.Groups {
		if g[0].Kind != kinds[i] {
			t.Errorf("term %d kind %v, want %v", i, g[0].Kind, kinds[i])
		}
	}
	if !q.Groups[3][0].Phrase {
		t.Error("quoted term not a phrase")
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{
		"", "   ", `"unbalanced`, `docker "swarm`, "- docker", "docker -", "OR docker",
		"docker OR", "a OR OR b", "a OR -b", "tag:", "type: x", `""`, `ab"cd"`, `"a"b`,
	} {
		_, err := Parse(in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: got %v, want a syntax error", in, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"쿠버네티스를 \"docker swarm\" -x OR y tag:a #b", `"`, "-", "OR", "title:\"\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			return
		}
		// What parses must print back to something that parses the same way.
		again, err := Parse(q.String())
		if err != nil || again.String() != q.String() {
			t.Fatalf("%q -> %q -> %v %v", s, q.String(), again, err)
		}
	})
}

func TestParseTooManyWords(t *testing.T) {
	words := strings.Repeat("w ", MaxWords+1)
	if _, err := Parse(words); err == nil || !strings.Contains(err.Error(), "up to 64") {
		t.Errorf("Parse of %d words: %v", MaxWords+1, err)
	}
	if _, err := Parse(strings.Repeat("w ", MaxWords)); err != nil {
		t.Errorf("Parse of %d words: %v", MaxWords, err)
	}
}
