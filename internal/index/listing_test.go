package index

import (
	"reflect"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/notes"
)

func TestListingRoundTrip(t *testing.T) {
	at := time.Date(2025, 3, 1, 9, 30, 15, 123456789, time.FixedZone("KST", 9*3600))
	for _, n := range []notes.Note{
		{Path: "a.md", Title: "도커 네트워크: 12:34", Type: "lesson", Tags: []string{"Docker", "네트워크", "a:b", "nul\x00byte", ""},
			Created: at, Modified: at.Add(time.Second)},
		{Path: "q/빈.md", Title: ""}, // no tags, no times
		{Path: "old.md", Title: "t", Created: time.Date(1200, 1, 1, 0, 0, 0, 0, time.UTC)}, // beyond the index's dates
	} {
		got, err := DecodeListing(encodeListing(&n))
		if err != nil {
			t.Fatalf("%s: %v", n.Path, err)
		}
		want := Listing{Path: n.Path, Title: n.Title, Type: n.Type, Tags: n.Tags, Created: n.Created, Modified: n.Modified}
		if want.Tags == nil {
			want.Tags = []string{}
		}
		for _, tm := range []*time.Time{&want.Created, &want.Modified} {
			if representable(*tm) {
				*tm = tm.UTC()
			} else {
				*tm = time.Time{}
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v\nwant %+v", got, want)
		}
	}
	if r := encodeListing(&notes.Note{Path: "bad\xff.md"}); r != "" {
		t.Errorf("a listing with 0xff: %q", r)
	}
	for _, bad := range []string{"", "3:a.md", "x:a", "4:a.md0:0:;", "99:a", "4:a.md0:0:1;2;3"} {
		if _, err := DecodeListing(bad); err == nil {
			t.Errorf("%q decoded", bad)
		}
	}
}
