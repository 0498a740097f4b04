package reviews

import (
	"sort"
	"unicode/utf8"

	"github.com/kb-cli/kb/internal/editdist"
)

// Current is a card as the notes have it now.
type Current struct{ ID, Question string }

// FindLinks pairs current cards that have no history with cards that have
// history but are gone from the notes, when their questions differ only by a
// small edit (a typo fixed, a word changed). Each pair becomes a link event,
// so the history follows the question. normalize reduces a question to what
// identifies it (cards.Normalize).
func FindLinks(current []Current, states map[string]*State, normalize func(string) string) [][2]string {
	present := map[string]bool{}
	for _, c := range current {
		present[c.ID] = true
	}
	type orphan struct{ id, q string }
	var orphans []orphan
	for id, st := range states {
		if !present[id] && st.Question != "" {
			orphans = append(orphans, orphan{id, normalize(st.Question)})
		}
	}
	sort.Slice(orphans, func(i, j int) bool { return orphans[i].id < orphans[j].id })
	used := map[string]bool{}
	var links [][2]string // {new, old}
	for _, c := range current {
		if states[c.ID] != nil {
			continue
		}
		q := normalize(c.Question)
		best, bestD, ties := "", 1<<30, 0
		for _, o := range orphans {
			if used[o.id] {
				continue
			}
			d := editdist.Distance(q, o.q)
			switch {
			case d < bestD:
				best, bestD, ties = o.id, d, 1
			case d == bestD:
				ties++
			}
		}
		// Small: at most a fifth of the question, and at most 10 characters.
		limit := min(10, max(2, utf8.RuneCountInString(q)/5))
		if best != "" && ties == 1 && bestD <= limit {
			used[best] = true
			links = append(links, [2]string{c.ID, best})
		}
	}
	return links
}
