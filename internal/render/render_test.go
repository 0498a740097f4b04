package render

import (
	"strings"
	"testing"
)

const note = "---\ntitle: 제목\ntags: [k8s, 장애]\ntype: lesson\ncreated: 2025-03-01\n---\n\n# 도입 회고\n\n" +
	"**쿠버네티스**를 *검토*했다. `kubectl` 사용. [문서](http://x.com)\n\n" +
	"- 첫째\n- 둘째\n  - 안쪽\n\n1. 하나\n2. 둘\n\n> 인용문\n\n```bash\nkubectl get po\n```\n\n" +
	"| 항목 | 값 |\n|---|---|\n| CPU | 2 |\n| 메모리 | 4Gi |\n"

func TestPlain(t *testing.T) {
	got := Note([]byte(note), Style{})
	for _, want := range []string{
		"lesson · #k8s #장애 · 2025-03-01\n",
		"도입 회고\n",
		"쿠버네티스를 검토했다. kubectl 사용. 문서 (http://x.com)\n",
		"• 첫째\n• 둘째\n  • 안쪽\n",
		"1. 하나\n2. 둘\n",
		"│ 인용문\n",
		"  bash\n  kubectl get po\n",
		"항목    값\n──────  ───\nCPU     2\n메모리  4Gi\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "\x1b") || strings.Contains(got, "title:") {
		t.Errorf("plain output has escapes or front matter:\n%s", got)
	}
}

func TestColor(t *testing.T) {
	got := Note([]byte(note), Style{Color: true})
	for _, want := range []string{"\x1b[1;4;35m도입 회고\x1b[0m", "\x1b[1m쿠버네티스\x1b[0m를", "\x1b[33mkubectl\x1b[0m"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in %q", want, got)
		}
	}
}
