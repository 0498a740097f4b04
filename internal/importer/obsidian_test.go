package importer

import (
	"testing"

	"github.com/kb-cli/kb/internal/cards"
)

func TestConvertSR(t *testing.T) {
	in := "---\ntags: [net]\n---\n# 네트워크\n\n" +
		"TCP와 UDP의 차이는?::TCP는 연결 지향 <!--SR:!2024-01-10,3,250-->\n\n" +
		"- 3-way handshake의 단계:::SYN, SYN-ACK, ACK\n<!--SR:!2024-02-01,20,270!2024-02-03,15,250-->\n\n" +
		"OSI 7계층을\n순서대로 말하면\n?\n물리, 데이터링크, 네트워크\n<!--SR:!2024-03-01,40,230-->\n\n" +
		"==cloze== text\n<!--SR:!2024-01-01,1,230-->\n\n" +
		"Dataview field:: stays as written\n\n" +
		"```\n<!--SR:!2024-01-01,1,230-->\n```\n"
	want := "---\ntags: [net]\n---\n# 네트워크\n\n" +
		"TCP와 UDP의 차이는? :: TCP는 연결 지향\n\n" +
		"- 3-way handshake의 단계 :: SYN, SYN-ACK, ACK\n\n" +
		"Q: OSI 7계층을\n순서대로 말하면\nA: 물리, 데이터링크, 네트워크\n\n" +
		"==cloze== text\n\n" +
		"Dataview field:: stays as written\n\n" +
		"```\n<!--SR:!2024-01-01,1,230-->\n```\n"
	out, scheduled := convertSR(in)
	if out != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
	if len(scheduled) != 3 {
		t.Fatalf("scheduled = %+v", scheduled)
	}
	if s := scheduled[1]; s.Question != "3-way handshake의 단계" || s.Schedule.Interval != 20 || s.Schedule.Ease != 270 || s.Schedule.Due.Format("2006-01-02") != "2024-02-01" {
		t.Errorf("reversed card = %+v", s)
	}
	evs := seedEvents("net.md", []byte(out), scheduled)
	if len(evs) != 3 {
		t.Fatalf("events = %+v", evs)
	}
	// The ids are those kb gives the cards it finds in the note.
	found := map[string]bool{}
	for _, c := range cards.Extract("net.md", []byte(out)) {
		found[c.ID] = true
	}
	for _, e := range evs {
		if !found[e.Card] || e.Kind != "seed" {
			t.Errorf("event %+v names no card of the note", e)
		}
	}
	if e := evs[0]; e.At.Format("2006-01-02") != "2024-01-07" || e.Due.Format("2006-01-02") != "2024-01-10" {
		t.Errorf("first event at %v due %v", e.At, e.Due)
	}
}

func TestParseSRRejectsNonsense(t *testing.T) {
	for _, s := range []string{"!2024-13-01,3,250", "!2024-01-01,0,250", "!2024-01-01,3,50", "!2024-01-01,99999,250"} {
		if _, ok := parseSR(s); ok {
			t.Errorf("parseSR(%q) accepted", s)
		}
	}
}

func TestRelinkRenamed(t *testing.T) {
	n := vaultNamesOf([]string{"a/회고.md", "img/pic.png", "x/dup.md", "y/dup.md", ".trash/old.md", "keep.md"})
	final := map[string]string{"a/회고.md": "o/a/회고-2.md", "img/pic.png": "o/img/pic-2.png", "x/dup.md": "o/x/dup-2.md", "keep.md": "o/keep.md"}
	got := n.relink("[[회고]] [[a/회고|글]] ![[pic.png]] [[dup]] [[keep]] [[없음]] [[old]]", func(s string) string { return final[s] })
	want := "[[회고-2|회고]] [[회고-2|글]] ![[pic-2.png]] [[dup]] [[keep]] [[없음]] [[old]]"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
