package reviews

import (
	"crypto/sha256"
	"slices"
)

// Every review command starts by matching each card with its state: at 100k
// notes, two map look-ups per card (the state, and whether the card was
// compared for links) were a quarter of a command's work past the
// freshness check. Nearly always the cards are the ones the last command
// saw, so the snapshot remembers that match: a digest of the card ids in
// the notes' order, and the states written in that same order. When the
// digest agrees, one pass down both lists pairs them, comparing ids only.

// joinMemo is the match remembered. It holds only while the states are
// those it was made with: states are only ever added to a snapshot (a
// replay from scratch starts a new one), so their number says so.
type joinMemo struct {
	digest [sha256.Size]byte // of the card ids, in order, when every card had been compared for links
	order  []string          // every state's id: the matched ones in the cards' order, then the orphans by id
	states []*State          // the states of order, in the same order (filled when decoded)
	joined int               // how many of order are matched to cards
}

// joinValid reports whether the memo describes the snapshot's states.
func (snap *Snapshot) joinValid() bool {
	return snap.join.order != nil && len(snap.join.order) == snap.numStates()
}

// CardDigest names a sequence of card ids.
func CardDigest(n int, id func(i int) string) [sha256.Size]byte {
	size := 0
	for i := 0; i < n; i++ {
		size += len(id(i)) + 1
	}
	b := make([]byte, 0, size)
	for i := 0; i < n; i++ {
		b = append(append(b, id(i)...), '\n')
	}
	return sha256.Sum256(b)
}

// Joined returns the state of each of n cards (nil for a card never
// reviewed) from the remembered match, when the cards (digest, from
// CardDigest) are those it was made with; ok is false when it cannot tell.
// With ok, every card had been compared for links and every state without a
// card is an orphan compared before: linking would find nothing new.
func (snap *Snapshot) Joined(digest [sha256.Size]byte, n int, id func(i int) string) (states []*State, ok bool) {
	j := &snap.join
	if !snap.joinValid() || j.states == nil || j.digest != digest || !snap.orphansCompared(j.order[j.joined:]) {
		return nil, false
	}
	states = make([]*State, n)
	k := 0
	for i := 0; i < n && k < j.joined; i++ {
		if j.order[k] == id(i) {
			states[i] = j.states[k]
			k++
		}
	}
	if k != j.joined {
		return nil, false
	}
	return states, true
}

// orphansCompared reports whether every one of orphans was compared for
// links (the memo is decoded only if there are any).
func (snap *Snapshot) orphansCompared(orphans []string) bool {
	return len(orphans) == 0 || snap.Links().complete(orphans)
}

// complete reports whether every orphan was compared for links.
func (m *LinkMemo) complete(orphans []string) bool {
	for _, id := range orphans {
		if !m.Orphans[id] {
			return false
		}
	}
	return true
}

// RememberJoin records the match of the states with n cards (digest from
// CardDigest; stateOf gives each card's state, nil if none), to be used by
// Joined next time. Call it only when every card has been compared for
// links and every state without a card is a compared orphan. It reports
// whether the memo changed (the snapshot is then worth saving).
func (snap *Snapshot) RememberJoin(digest [sha256.Size]byte, n int, id func(i int) string, stateOf func(i int) *State) bool {
	if snap.joinValid() && snap.join.digest == digest {
		return false
	}
	all := snap.States()
	order := make([]string, 0, len(all))
	states := make([]*State, 0, len(all))
	matched := make(map[string]bool, len(all))
	for i := 0; i < n; i++ {
		if st := stateOf(i); st != nil {
			order, states = append(order, id(i)), append(states, st)
			matched[id(i)] = true
		}
	}
	joined := len(order)
	var orphans []string
	for id := range all {
		if !matched[id] {
			orphans = append(orphans, id)
		}
	}
	slices.Sort(orphans)
	for _, id := range orphans {
		order, states = append(order, id), append(states, all[id])
	}
	snap.join = joinMemo{digest: digest, order: order, states: states, joined: joined}
	return true
}
