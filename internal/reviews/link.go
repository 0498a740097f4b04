package reviews

import (
	"path"
	"sort"

	"github.com/kb-cli/kb/internal/editdist"
)

// Current is a card as the notes have it now.
type Current struct {
	ID, Question string
	Path         string
	Context      string // the headings above the card, " › " between
	Line         int
}

// LinkMemo records which cards without history and which orphaned histories
// have been compared already. A card's question never changes (its id is a
// hash of it), so a pair compared once need never be compared again: with the
// memo kept in the snapshot, quiz start-up does this work only for new cards
// and newly orphaned histories.
type LinkMemo struct {
	Cards   map[string]bool
	Orphans map[string]bool
}

// Shared is a history recorded under a legacy id that several current cards
// have: the same question in several notes, which kb then showed as one card
// (the first by path and line). That card keeps the history; the others
// start new.
type Shared struct {
	Old    string
	Keeper Current
	Others []Current
}

// FindLinks pairs current cards that have no history with histories whose
// cards are gone from the notes. Each pair {new, old} becomes a link event,
// so the history follows the card.
//
// First, a history recorded under a card's legacy id (legacy(question): the
// identity before cards were per note) goes to that card. When several cards
// have that legacy id, the first by path and line (current's order) gets it
// and the rest are reported in shared.
//
// Then, a card whose question differs from an orphan's only by a small edit
// (a typo fixed, a word changed; or none, for a note that moved) continues
// it. Among orphans as close, one last reviewed at the same path wins, then
// one with the same file name, then one in the same folder, and at each of
// those one under the same headings; a tie links nothing. normalize reduces a question to what identifies it
// (cards.Normalize). memo, if not nil, skips pairs compared before and is
// updated.
func FindLinks(current []Current, states map[string]*State, normalize, legacy func(string) string, memo *LinkMemo) (links [][2]string, shared []Shared) {
	if memo == nil {
		memo = &LinkMemo{}
	}
	if memo.Cards == nil || memo.Orphans == nil {
		memo.Cards, memo.Orphans = map[string]bool{}, map[string]bool{}
	}
	present := make(map[string]bool, len(current))
	for _, c := range current {
		present[c.ID] = true
	}
	type orphan struct {
		id         string
		q          []rune
		path, ctxt string
	}
	var orphans []orphan
	freshIDs := map[string]bool{}
	for id := range states {
		if !present[id] && !memo.Orphans[id] {
			freshIDs[id] = true
		}
	}
	used := map[string]bool{}    // orphans linked
	adopted := map[string]bool{} // cards given a history
	if len(freshIDs) > 0 && legacy != nil {
		byLegacy := map[string][]Current{}
		for _, c := range current {
			// Even a card with a history of its own adopts: a device not yet
			// upgraded may have gone on logging under the legacy id, and
			// linking merges the two histories in time order.
			if l := legacy(c.Question); freshIDs[l] {
				byLegacy[l] = append(byLegacy[l], c)
			}
		}
		olds := make([]string, 0, len(byLegacy))
		for old := range byLegacy {
			olds = append(olds, old)
		}
		sort.Strings(olds)
		for _, old := range olds {
			cs := byLegacy[old]
			links = append(links, [2]string{cs[0].ID, old})
			used[old], adopted[cs[0].ID] = true, true
			if len(cs) > 1 {
				shared = append(shared, Shared{Old: old, Keeper: cs[0], Others: cs[1:]})
			}
		}
	}
	for id, st := range states {
		if !present[id] && !used[id] && st.Question != "" {
			orphans = append(orphans, orphan{id, []rune(normalize(st.Question)), st.Path, st.Context})
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
	for _, c := range current {
		if states[c.ID] != nil || adopted[c.ID] || (memo.Cards[c.ID] && len(fresh) == 0) {
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
			d = d*8 + place(c.Path, o.path)*2
			if c.Context != o.ctxt {
				d++
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
		if !memo.Cards[c.ID] { // steady state: a look-up, not a write, per card
			memo.Cards[c.ID] = true
		}
	}
	for id := range freshIDs {
		memo.Orphans[id] = true
	}
	for _, o := range orphans {
		memo.Orphans[o.id] = true
	}
	return links, shared
}

// place ranks how near a card's note is to where an orphan was last
// reviewed: 0 the same path, 1 the same file name, 2 the same folder, 3
// elsewhere or unknown.
func place(now, was string) int {
	switch {
	case was == "":
		return 3
	case now == was:
		return 0
	case path.Base(now) == path.Base(was):
		return 1
	case path.Dir(now) == path.Dir(was):
		return 2
	}
	return 3
}
