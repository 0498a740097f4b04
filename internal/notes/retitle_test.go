package notes

import "testing"

func TestRetitle(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"---\r\ntitle: 옛 제목 # comment\r\ntags: [a]\r\n---\r\n\r\n# 옛 제목\r\n\r\n본문\r\n",
			"---\r\ntitle: \"새 제목: 콜론\" # comment\r\ntags: [a]\r\n---\r\n\r\n# 새 제목: 콜론\r\n\r\n본문\r\n"},
		{"\xef\xbb\xbf# 옛 제목 ##\n\n본문\n", "\xef\xbb\xbf# 새 제목: 콜론 ##\n\n본문\n"},
		{"---\ntitle: \"옛 제목\"\n---\n# 다른 헤딩\n", "---\ntitle: \"새 제목: 콜론\"\n---\n# 다른 헤딩\n"},
		{"옛 제목\n===\n\n본문\n", "새 제목: 콜론\n===\n\n본문\n"},
		{"본문뿐\n", "본문뿐\n"}, // titled by its file name: nothing to change
	} {
		out, err := Retitle("a.md", []byte(tc.in), "새 제목: 콜론")
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if string(out) != tc.want {
			t.Errorf("Retitle(%q)\n got %q\nwant %q", tc.in, out, tc.want)
		}
	}
	if _, err := Retitle("a.md", []byte("# *옛* 제목\n"), "새"); err == nil {
		t.Error("a heading with markup was rewritten")
	}
	if _, err := Retitle("a.md", []byte("---\ntitle: |\n  옛\n---\n"), "새"); err == nil {
		t.Error("a block scalar title was rewritten")
	}
	if _, err := Retitle("a.md", []byte("# Cafe\u0301\n"), "새"); err == nil {
		t.Error("a note not in NFC was rewritten")
	}
}
