package notes

import "testing"

func TestKeepCreated(t *testing.T) {
	for _, tc := range []struct{ before, after, want string }{
		{"---\ntitle: a\ncreated: 2025-03-01T10:00:00+09:00\n---\nx\n", "---\ntitle: a\n---\ny\n",
			"---\ncreated: 2025-03-01T10:00:00+09:00\ntitle: a\n---\ny\n"},
		{"---\ndate: 2025-03-01\n---\nx\n", "# no front matter\n", "---\ndate: 2025-03-01\n---\n# no front matter\n"},
		{"---\r\ncreated: 2025-03-01\r\n---\r\nx\r\n", "---\r\ntags: [a]\r\n---\r\ny\r\n",
			"---\r\ncreated: 2025-03-01\r\ntags: [a]\r\n---\r\ny\r\n"},
	} {
		got, changed := KeepCreated([]byte(tc.before), []byte(tc.after))
		if !changed || string(got) != tc.want {
			t.Errorf("KeepCreated(%q, %q) = %q %v, want %q", tc.before, tc.after, got, changed, tc.want)
		}
	}
	for _, tc := range []struct{ before, after string }{
		{"---\ncreated: 2025-03-01\n---\n", "---\ncreated: 2025-04-01\n---\n"}, // changed on purpose
		{"# none\n", "# still none\n"},
		{"---\nnested:\n  created: 2025-03-01\n---\n", "---\n---\n"},
	} {
		if got, changed := KeepCreated([]byte(tc.before), []byte(tc.after)); changed || string(got) != tc.after {
			t.Errorf("KeepCreated(%q, %q) changed it to %q", tc.before, tc.after, got)
		}
	}
}
