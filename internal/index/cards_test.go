package index

import (
	"testing"

	"github.com/kb-cli/kb/internal/cards"
)

// The decoder notices cards out of path and line order, across notes and
// within one, so that Cards sorts only when it must.
func TestCardDecoderOrder(t *testing.T) {
	a := encodeCards([]cards.Card{{ID: "1", Path: "a.md", Line: 3}, {ID: "2", Path: "a.md", Line: 9}})
	b := encodeCards([]cards.Card{{ID: "3", Path: "b.md", Line: 1}})
	backwards := encodeCards([]cards.Card{{ID: "4", Path: "c.md", Line: 9}, {ID: "5", Path: "c.md", Line: 3}})
	for _, tc := range []struct {
		blobs    []string
		cards    int
		unsorted bool
	}{
		{[]string{a, b}, 3, false},
		{[]string{b, a}, 3, true},
		{[]string{a, b, backwards}, 5, true},
		{[]string{a, a}, 4, true},
	} {
		var d cardDecoder
		var out []cards.Card
		for _, blob := range tc.blobs {
			var err error
			if out, err = d.decode(out, blob); err != nil {
				t.Fatal(err)
			}
		}
		if len(out) != tc.cards || d.unsorted != tc.unsorted {
			t.Errorf("%d cards, unsorted %v; want %d, %v", len(out), d.unsorted, tc.cards, tc.unsorted)
		}
	}
}
