package cli

import (
	"reflect"
	"testing"

	"github.com/kb-cli/kb/internal/iostreams"
)

func TestSearchFlagsAndExclusions(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		query string
		tags  []string
		typ   string
		limit int
		json  bool
	}{
		{[]string{"쿠버네티스", "-러닝커브"}, "쿠버네티스 -러닝커브", nil, "", 10, false},
		{[]string{"-n", "3", "docker", "--json"}, "docker", nil, "", 3, true},
		{[]string{"-n5", "x"}, "x", nil, "", 5, false},
		{[]string{"--tag", "k8s", "--tag=linux", "pod", "--type", "lesson"}, "pod", []string{"k8s", "linux"}, "lesson", 10, false},
		{[]string{"--limit=2", "a", "--", "--json", "-n"}, "a --json -n", nil, "", 2, false},
		{[]string{"-jq", "x"}, "-jq x", nil, "", 10, false},
	} {
		f := &Factory{}
		f.IO, _, _, _ = iostreams.Test()
		var got *searchOptions
		root := NewRootCmd(f)
		for _, c := range root.Commands() {
			if c.Name() == "search" {
				root.RemoveCommand(c)
			}
		}
		root.AddCommand(newSearchCmd(f, func(o *searchOptions) error { got = o; return nil }))
		root.SetArgs(append([]string{"search"}, tc.args...))
		if err := root.Execute(); err != nil {
			t.Errorf("%q: %v", tc.args, err)
			continue
		}
		if got.Query != tc.query || !reflect.DeepEqual(got.Tags, tc.tags) || got.Type != tc.typ || got.Limit != tc.limit || got.JSON != tc.json {
			t.Errorf("%q: got %+v", tc.args, *got)
		}
	}
}
