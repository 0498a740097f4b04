package reviews

import (
	"sort"

	"github.com/kb-cli/kb/internal/editdist"
)

// Current is a card as the notes have it now.
type Current struct{ ID, Question string }

// LinkMemo records which cards without history and which orphaned histories
// have been compared already. A card's question never changes (its id is a
// hash of it), so a pair compared once need never be compared again: with the
// memo kept in the snapshot, quiz start-up does this work only for new cards
// and newly orphaned histories.
type LinkMemo struct {
	Cards   map[string]bool
	Orphans map[string]bool
}

// FindLinks pairs current cards that have no history with cards that have
// history but are gone from the notes, when their questions differ only by a
// small edit (a typo fixed, a word changed). Each pair becomes a link event,
// so the history follows the question. normalize reduces a question to what
// identifies it (cards.Normalize). memo, if not nil, skips pairs compared
// before and is updated.
func FindLinks(current []Current, states map[string]*State, normalize func(string) string, memo *LinkMemo) [][2]string {
	if memo == nil {
		memo = &LinkMemo{}
	}
	if memo.Cards == nil || memo.Orphans == nil {
		memo.Cards, memo.Orphans = map[string]bool{}, map[string]bool{}
	}
	present := map[string]bool{}
	for _, c := range current {
		present[c.ID] = true
	}
	type orphan struct {
		id string
		q  []rune
	}
	var orphans []orphan
	for id, st := range states {
		if !present[id] && st.Question != "" {
			orphans = append(orphans, orphan{id, []rune(normalize(st.Question))})
		}
	}
	sort.Slice(orphans, func(i, j int) bool { return orphans[i].id < orphans[j].id })
	// Cards compared before need meeting only the orphans that are new since.
	var fresh []orphan
	for _, o := range orphans {
		if !memo.Orphans[o.id] {
			fresh = append(fresh, o)
		}
	}
	used := map[string]bool{}
	var links [][2]string // {new, old}
	for _, c := range current {
		if states[c.ID] != nil || (memo.Cards[c.ID] && len(fresh) == 0) {
			continue
		}
		q := []rune(normalize(c.Question))
		// Small: at most a fifth of the question, and at most 10 characters.
		limit := min(10, max(2, len(q)/5))
		candidates := orphans
		if memo.Cards[c.ID] {
			candidates = fresh
		}
		best, bestD, ties := "", 1<<30, 0
		for _, o := range candidates {
			if used[o.id] {
				continue
			}
			d, ok := editdist.Within(q, o.q, limit)
			if !ok {
				continue
			}
			switch {
			case d < bestD:
				best, bestD, ties = o.id, d, 1
			case d == bestD:
				ties++
			}
		}
		if best != "" && ties == 1 {
			used[best] = true
			links = append(links, [2]string{c.ID, best})
		}
	}
	for _, c := range current {
		memo.Cards[c.ID] = true
	}
	for _, o := range orphans {
		memo.Orphans[o.id] = true
	}
	return links
}
