package picker

import (
	"strings"
	"testing"

	"github.com/kb-cli/kb/internal/cellwidth"
)

type fakeSource struct{ searches []string }

func (f *fakeSource) Search(q string) ([]Item, string, error) {
	f.searches = append(f.searches, q)
	if q == "" {
		return nil, "recent", nil
	}
	return []Item{{Title: "도커 네트워크", Path: "a.md", Line: 3}, {Title: "쿠버네티스", Path: "b.md", Line: 1}}, "2 notes", nil
}

func (f *fakeSource) Preview(it Item) []string {
	return []string{"# " + it.Title, "", "도커를 쓰면 Docker 네트워크가 생긴다.", "끝"}
}

func TestModelTypingMovesAndOpens(t *testing.T) {
	src := &fakeSource{}
	m := New(src, "")
	for _, r := range "도커" {
		m.Handle(Key{Kind: Char, Rune: r}, 5)
	}
	// A space changes nothing to search: no second search for "도커 ".
	m.Handle(Key{Kind: Char, Rune: ' '}, 5)
	if got := strings.Join(src.searches, "|"); got != "|도|도커" {
		t.Errorf("searches %q", got)
	}
	m.Handle(Key{Kind: Down}, 5)
	m.Handle(Key{Kind: Down}, 5) // stays on the last
	if it, _ := m.Selected(); it.Path != "b.md" {
		t.Errorf("selected %v", it)
	}
	m.Handle(Key{Kind: Up}, 5)
	if a := m.Handle(Key{Kind: Enter}, 5); a != Open {
		t.Errorf("Enter: %v", a)
	}
	if it, _ := m.Selected(); it.Path != "a.md" || it.Line != 3 {
		t.Errorf("opened %v", it)
	}
	m.Handle(Key{Kind: Backspace}, 5)
	m.Handle(Key{Kind: Backspace}, 5)
	if m.Query() != "도" {
		t.Errorf("query %q", m.Query())
	}
	if a := m.Handle(Key{Kind: Esc}, 5); a != Quit {
		t.Errorf("Esc: %v", a)
	}
}

func TestAsTyped(t *testing.T) {
	for in, want := range map[string]string{
		"proces": "proces*", "process ": "process", "process mem": "process mem*", "p": "p",
		"스레드": "스레드", "스레드 ": "스레드", "-helm": "-helm", "tag:k8s": "tag:k8s", "kube*": "kube*",
		`"rolling upd"`: `"rolling upd"`, "a OR": "a OR",
	} {
		if got := AsTyped(in); got != want {
			t.Errorf("AsTyped(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRenderPreviewHighlightsAndFits(t *testing.T) {
	m := New(&fakeSource{}, "docker 도커")
	lines := m.Render(30, 12, Style{Color: true})
	text := strings.Join(lines, "\n")
	if !strings.Contains(text, "\x1b[1;33m도커\x1b[0m를 쓰면 \x1b[1;33mDocker\x1b[0m") {
		t.Errorf("preview not highlighted:\n%s", text)
	}
	if len(lines) > 12 {
		t.Errorf("%d lines for a 12-row screen", len(lines))
	}
	for _, l := range m.Render(30, 12, Style{}) {
		if w := cellwidth.String(l); w > 30 {
			t.Errorf("line %q is %d cells wide", l, w)
		}
	}
}
