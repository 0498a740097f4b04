package reviews

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kb-cli/kb/internal/kb"
)

// Ratings are the review events that count, in log order: those not undone,
// each under the id its card has now (following links to edited questions),
// so a fit sees every card's whole history.
func Ratings(events []Event) []Event {
	undone := map[string]bool{}
	next := map[string]string{}
	for _, e := range events {
		switch e.Kind {
		case KindUndo:
			undone[e.Target] = true
		case KindLink:
			if e.Target != e.Card {
				next[e.Target] = e.Card
			}
		}
	}
	out := make([]Event, 0, len(events))
	for _, e := range events {
		if e.Kind != KindReview || undone[e.ID] {
			continue
		}
		for i := 0; i < 100 && next[e.Card] != ""; i++ { // links cannot loop for ever
			e.Card = next[e.Card]
		}
		out = append(out, e)
	}
	return out
}

// logsVersion names the logs' current content cheaply (each file's name, size
// and modification time), for caches of figures computed from them: the
// logs only grow, so a figure computed at one version holds until it
// changes.
func logsVersion(s Scope) (string, error) {
	names, err := s.files()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, name := range names {
		fi, err := os.Stat(filepath.Join(kb.At(s.Root).Reviews(), name))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "%s:%d:%d;", name, fi.Size(), fi.ModTime().UnixNano())
	}
	return b.String(), nil
}
