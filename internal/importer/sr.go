package importer

// The obsidian-spaced-repetition plugin keeps each card's schedule in an
// HTML comment after it: <!--SR:!due,interval,ease-->, one entry a side.

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kb-cli/kb/internal/cards"
	"github.com/kb-cli/kb/internal/reviews"
)

// seedEvents gives each scheduled card of a converted note a seed event, the
// card found as kb finds it so that the ids agree.
func seedEvents(notePath string, text []byte, scheduled []srCard) []reviews.Event {
	if len(scheduled) == 0 {
		return nil
	}
	byQuestion := map[string]cards.Card{}
	for _, c := range cards.Extract(notePath, text) {
		byQuestion[cards.Normalize(c.Question)] = c
	}
	var out []reviews.Event
	for _, sc := range scheduled {
		c, ok := byQuestion[cards.Normalize(sc.Question)]
		if !ok {
			continue
		}
		s := sc.Schedule
		out = append(out, reviews.Event{
			ID:   "import-sr-" + c.ID + "-" + s.Due.Format("20060102"),
			Card: c.ID, Kind: reviews.KindSeed, Question: c.Question,
			At:       s.Due.AddDate(0, 0, -s.Interval),
			Interval: s.Interval, Ease: s.Ease, Due: s.Due,
		})
	}
	return out
}

// srSchedule is one review comment's entry: due date, interval in days,
// ease in percent.
type srSchedule struct {
	Due      time.Time
	Interval int
	Ease     int
}

type srCard struct {
	Question string
	Schedule srSchedule
}

var (
	srCommentRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\s*<!--SR:((?:![0-9]{4}-[0-9]{2}-[0-9]{2},[0-9]+,[0-9]+)+)-->`)
	})
	srEntryRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`!([0-9]{4}-[0-9]{2}-[0-9]{2}),([0-9]+),([0-9]+)`) })
)

// parseSR reads the first schedule of a comment's entries (the forward side
// of a card; kb has no reversed cards).
func parseSR(entries string) (srSchedule, bool) {
	m := srEntryRE().FindStringSubmatch(entries)
	if m == nil {
		return srSchedule{}, false
	}
	due, err := time.Parse("2006-01-02", m[1])
	ivl, err2 := strconv.Atoi(m[2])
	ease, err3 := strconv.Atoi(m[3])
	if err != nil || err2 != nil || err3 != nil || ivl < 1 || ivl > 36500 || ease < 100 || ease > 1000 {
		return srSchedule{}, false
	}
	return srSchedule{Due: due, Interval: ivl, Ease: ease}, true
}

// convertSR takes the plugin's review comments out of a note and rewrites
// the cards they belong to in kb's syntax ("Q::A" to "Q :: A", a
// "question / ? / answer" block to Q:/A:), returning each card's schedule.
// Cards without a comment are left as written: "::" is also Dataview's
// field syntax, so only a comment proves a card. Comments whose card kb
// cannot read (cloze) are removed and their schedule dropped.
func convertSR(text string) (string, []srCard) {
	lines := strings.Split(text, "\n")
	drop := map[int]bool{}
	var found []srCard
	inCode := false
	for i, l := range lines {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			inCode = !inCode
		}
		m := srCommentRE().FindStringSubmatch(l)
		if inCode || m == nil {
			continue
		}
		sched, valid := parseSR(m[1])
		rest := srCommentRE().ReplaceAllString(l, "")
		if strings.TrimSpace(rest) != "" {
			lines[i] = rest
			if q, line, isCard := inlineCard(rest); isCard {
				lines[i] = line
				if valid {
					found = append(found, srCard{q, sched})
				}
			}
			continue
		}
		drop[i] = true
		if i == 0 || strings.TrimSpace(lines[i-1]) == "" {
			continue
		}
		if q, line, isCard := inlineCard(lines[i-1]); isCard {
			lines[i-1] = line
			if valid {
				found = append(found, srCard{q, sched})
			}
			continue
		}
		start := i - 1
		for start > 0 && strings.TrimSpace(lines[start-1]) != "" {
			start--
		}
		sep := -1
		for k := start; k < i; k++ {
			if t := strings.TrimSpace(lines[k]); t == "?" || t == "??" {
				sep = k
				break
			}
		}
		if sep <= start || sep == i-1 {
			continue
		}
		q := strings.Join(trimAll(lines[start:sep]), " ")
		lines[start] = "Q: " + strings.TrimSpace(lines[start])
		lines[sep+1] = "A: " + strings.TrimSpace(lines[sep+1])
		drop[sep] = true
		if valid {
			found = append(found, srCard{q, sched})
		}
	}
	var b bytes.Buffer
	for i, l := range lines {
		if drop[i] {
			continue
		}
		b.WriteString(l)
		if i < len(lines)-1 {
			b.WriteByte('\n')
		}
	}
	return b.String(), found
}

// inlineCard rewrites a one-line card "Q::A" (or reversed "Q:::A") as kb's
// "Q :: A", returning the question.
func inlineCard(l string) (q, line string, ok bool) {
	sep := ":::"
	i := strings.Index(l, sep)
	if i < 0 {
		sep = "::"
		i = strings.Index(l, sep)
	}
	if i <= 0 {
		return "", l, false
	}
	q = strings.TrimSpace(l[:i])
	a := strings.TrimSpace(l[i+len(sep):])
	if q == "" || a == "" {
		return "", l, false
	}
	indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
	return strings.TrimSpace(strings.TrimLeft(q, "-*+ ")), indent + q + " :: " + a, true
}

func trimAll(ls []string) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = strings.TrimSpace(l)
	}
	return out
}
