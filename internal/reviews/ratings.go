package reviews

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
	var out []Event
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
