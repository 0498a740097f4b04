package ansi

import "testing"

func TestStyler(t *testing.T) {
	on, off := Styler{On: true}, Styler{}
	if got := on.Bold("굵게"); got != "\x1b[1m굵게\x1b[0m" {
		t.Errorf("bold %q", got)
	}
	if got := on.Style(Color256(46), "■"); got != "\x1b[38;5;46m■\x1b[0m" {
		t.Errorf("256 %q", got)
	}
	if off.Highlight("x") != "x" || on.Dim("") != "" {
		t.Error("off or empty text got codes")
	}
	if got := Strip("a" + on.Highlight("노트") + on.Style(TitleStyle, "b")); got != "a노트b" {
		t.Errorf("strip %q", got)
	}
}
