package cellwidth

import "testing"

func TestString(t *testing.T) {
	for s, want := range map[string]int{
		"abc": 3, "쿠버네티스": 10, "k8s 파드": 8, "\x1b[1m굵게\x1b[0m": 4, "é": 1, "e\u0301": 1, "": 0,
	} {
		if got := String(s); got != want {
			t.Errorf("String(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestPadTruncate(t *testing.T) {
	if got := Pad("파드", 6); got != "파드  " {
		t.Errorf("Pad %q", got)
	}
	if got := Truncate("쿠버네티스 면접", 7); got != "쿠버네…" {
		t.Errorf("Truncate %q", got)
	}
	if got := Truncate("short", 7); got != "short" {
		t.Errorf("Truncate %q", got)
	}
}
