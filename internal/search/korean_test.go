package search

import (
	"strings"
	"testing"
)

func TestStem(t *testing.T) {
	for in, want := range map[string]string{
		"세마포어와": "세마포어", "쿠버네티스를": "쿠버네티스", "교착상태가": "교착상태", "발생하는": "발생",
		"브라우저의": "브라우저", "공개키로": "공개키", "트랜잭션의": "트랜잭션", "네트워크에서는": "네트워크",
		"도커": "", "docker": "", "힙은": "힙", "이": "", "JVM의": "JVM", "Docker로": "Docker", "k8s를": "k8s",
		"Swarm으로": "Swarm", "docker가나": "", "ab다": "",
	} {
		if got := stem(in); got != want {
			t.Errorf("stem(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGeneric(t *testing.T) {
	for _, w := range []string{"차이", "차이는", "과정", "The", "difference"} {
		if !isGeneric(w) {
			t.Errorf("%q should be generic", w)
		}
	}
	for _, w := range []string{"세마포어", "docker", "누수"} {
		if isGeneric(w) {
			t.Errorf("%q should not be generic", w)
		}
	}
}

func TestSynonyms(t *testing.T) {
	s, warns := LoadSynonyms("")
	if len(warns) != 0 || s.Len() < 200 {
		t.Fatalf("%d groups, warnings %v", s.Len(), warns)
	}
	got := strings.Join(s.Lookup("K8S"), ",")
	if !strings.Contains(got, "쿠버네티스") || !strings.Contains(got, "kubernetes") {
		t.Errorf("k8s -> %s", got)
	}
	if got := strings.Join(s.Lookup("가비지컬렉션"), ","); !strings.Contains(got, "garbage collection") || !strings.Contains(got, "gc") {
		t.Errorf("가비지컬렉션 -> %s", got)
	}
	if s.Lookup("nothing-like-this") != nil {
		t.Error("unknown term has synonyms")
	}
}
