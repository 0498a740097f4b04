package catalog

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestResolve(t *testing.T) {
	ix, root := kbWithRoot(t, map[string]string{
		"k8s/pod.md":         "# Pod 라이프사이클\n",
		"k8s/deploy.md":      "# Deployment 롤백\n",
		"net/dns.md":         "# DNS 질의\n",
		"net/dns-ndots.md":   "# DNS ndots 지연\n",
		"q/k8s-interview.md": "# 쿠버네티스 면접 질문\n",
	})
	for ref, want := range map[string]string{
		"k8s/pod.md":      "k8s/pod.md",
		"k8s/pod":         "k8s/pod.md",
		"deploy":          "k8s/deploy.md",
		"pod 라이프사이클":      "k8s/pod.md",
		"deployment":      "k8s/deploy.md",
		"dns 질의":          "net/dns.md",
		"dns.md":          "net/dns.md",
		"DNS nd":          "net/dns-ndots.md",
		root + "/k8s/pod": "k8s/pod.md",
		"쿠버네티스면접":         "q/k8s-interview.md",
		"쿠버네티스 면접":        "q/k8s-interview.md",
		"쿠버네티스면접 질문":      "q/k8s-interview.md",
	} {
		n, err := Resolve(ix, root, root, ref)
		if err != nil || n.Path != want {
			t.Errorf("%q: %v %v, want %s", ref, n.Path, err, want)
		}
	}
	n, err := Resolve(ix, root, filepath.Join(root, "k8s"), "pod.md")
	if err != nil || n.Path != "k8s/pod.md" {
		t.Errorf("relative to cwd: %v %v", n.Path, err)
	}
	var amb *AmbiguousError
	if _, err := Resolve(ix, root, root, "DN"); !errors.As(err, &amb) || len(amb.Candidates) != 2 {
		t.Errorf("ambiguous: %v", err)
	}
	var nf *NotFoundError
	if _, err := Resolve(ix, root, root, "deploymnt 롤백"); !errors.As(err, &nf) || len(nf.Closest) == 0 || nf.Closest[0] != "Deployment 롤백" {
		t.Errorf("not found: %#v", err)
	}
}
