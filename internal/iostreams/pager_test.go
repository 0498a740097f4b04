package iostreams

import (
	"strings"
	"testing"
)

func TestPagerCommand(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"KB_PAGER": "most", "PAGER": "more"}, "most"},
		{map[string]string{"PAGER": "more"}, "more"},
		{map[string]string{"KB_PAGER": "cat", "PAGER": "more"}, ""},
		{map[string]string{"KB_PAGER": "  ", "PAGER": "cat"}, ""},
	} {
		if got := PagerCommand(env(tc.env)); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.env, got, tc.want)
		}
	}
}

// Short output goes straight out; long output through the pager; a pipe or
// NoPager never gathers it.
func TestPaging(t *testing.T) {
	s, _, out, _ := Test()
	s.SetTTY(true, true, true)
	s.SetEnv(func(k string) string {
		return map[string]string{"KB_PAGER": "sed s/^/p:/", "LINES": "3"}[k]
	})
	s.StartPager()
	s.Out.Write([]byte("a\nb\n"))
	if err := s.StopPager(); err != nil || out.String() != "a\nb\n" {
		t.Errorf("short: %q %v", out, err)
	}
	out.Reset()
	s.StartPager()
	s.Out.Write([]byte("a\nb\nc\nd\n"))
	if err := s.StopPager(); err != nil || out.String() != "p:a\np:b\np:c\np:d\n" {
		t.Errorf("long: %q %v", out, err)
	}
	out.Reset()
	s.NoPager = true
	s.StartPager()
	if s.paged != nil {
		t.Error("--no-pager still gathers output")
	}
	s.Out.Write([]byte(strings.Repeat("x\n", 10)))
	if s.StopPager(); strings.Contains(out.String(), "p:") {
		t.Errorf("--no-pager paged: %q", out)
	}
}
