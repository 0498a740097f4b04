package cli

import (
	"bufio"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/quiz"
)

type cardsOptions struct {
	deps
	Due  bool
	Tags []string
	Deck string
	JSON bool
}

func newCardsCmd(f *Factory, runF func(*cardsOptions) error) *cobra.Command {
	opts := &cardsOptions{deps: f.deps()}
	cmd := &cobra.Command{
		Use:   "cards",
		Short: "List the cards found in the notes, with their review state",
		Long: `List the cards, each after the note title and headings it sits under: headings
ending in ?, Q:/A: paragraphs, "question :: answer" and "question ::: answer"
lines, question lines above a line holding only ?, cloze deletions (==hidden==,
{{c1::hidden}}) and <details> whose summary is a question. --due keeps the
cards due now; --json adds each card's title, context and answer.`,
		Args: maxArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return cardsRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Due, "due", false, "only cards due now")
	cmd.Flags().StringArrayVar(&opts.Tags, "tag", nil, "only cards of notes with this `tag` (repeat: all)")
	cmd.Flags().StringVar(&opts.Deck, "deck", "", "only cards in this `deck` (the note's top folder or its deck key)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the cards as a JSON array")
	return cmd
}

type cardJSON struct {
	ID           string    `json:"id"`
	Path         string    `json:"path"`
	Line         int       `json:"line"`
	Kind         string    `json:"kind"`
	Title        string    `json:"title"`
	Context      string    `json:"context"`
	Question     string    `json:"question"`
	Answer       string    `json:"answer"`
	Deck         string    `json:"deck"`
	Tags         []string  `json:"tags"`
	State        string    `json:"state"`
	Due          *string   `json:"due"`
	IntervalDays int       `json:"interval_days"`
	Stability    float64   `json:"stability"`
	Difficulty   float64   `json:"difficulty"`
	Reps         int       `json:"reps"`
	Lapses       int       `json:"lapses"`
	Suspended    bool      `json:"suspended"`
	due          time.Time `json:"-"`
}

func toCardJSON(it *quiz.Item, s *fsrs.Scheduler) cardJSON {
	j := cardJSON{ID: it.ID, Path: it.Path, Line: it.Line, Kind: it.Kind, Title: it.Title, Context: it.Breadcrumb(),
		Question: it.Question, Answer: it.Answer, Deck: it.Deck,
		Tags: it.Tags, State: it.Status(), Suspended: it.Suspended()}
	if j.Tags == nil {
		j.Tags = []string{}
	}
	if st := it.State; st != nil && st.Reps > 0 {
		due := st.Due.Format(time.RFC3339)
		j.Due, j.due = &due, st.Due
		j.Stability, j.Difficulty, j.Reps, j.Lapses = st.Stability, st.Difficulty, st.Reps, st.Lapses
		if st.Card.State == fsrs.Review {
			j.IntervalDays = s.DaysBetween(st.LastReview, st.Due)
		}
	}
	return j
}

func cardsRun(opts *cardsOptions) error {
	f := opts.deps
	c, sched, err := loadCollection(f, nil)
	if err != nil {
		return err
	}
	now := f.Now()
	var items []*quiz.Item
	for _, it := range quiz.Filter(c.Items, opts.Tags, opts.Deck) {
		if opts.Due && !c.IsDue(it, now) {
			continue
		}
		items = append(items, it)
	}
	if opts.JSON {
		out := make([]cardJSON, 0, len(items))
		for _, it := range items {
			out = append(out, toCardJSON(it, sched))
		}
		return writeJSON(f.IO.Out, out)
	}
	col := f.IO.Colors()
	states := make([]string, len(items))
	stateW := len("relearning")
	for i, it := range items {
		states[i] = it.Status()
		if it.Suspended() {
			states[i] += "(suspended)"
		}
		stateW = max(stateW, len(states[i]))
	}
	// One write for the whole list, not one per card, and no fmt: at 100k
	// notes the list of due cards runs to 20k lines.
	w := bufio.NewWriter(f.IO.Out)
	pad := func(s string, n int) {
		w.WriteString(s)
		for i := len(s); i < n; i++ {
			w.WriteByte(' ')
		}
	}
	var scratch []byte
	for i, it := range items {
		w.WriteString(col.Dim(it.ID))
		w.WriteString("  ")
		pad(states[i], stateW)
		w.WriteString("  ")
		if st := it.State; st != nil && st.Reps > 0 {
			scratch = st.Due.In(now.Location()).AppendFormat(scratch[:0], "2006-01-02 15:04")
			w.Write(scratch) // always 16 wide
		} else {
			pad("-", 16)
		}
		w.WriteString("  ")
		if col.Enabled() {
			w.WriteString(col.Dim(it.Breadcrumb() + " › "))
		} else { // the same text, without putting it together first
			w.WriteString(it.Title)
			for _, h := range it.Context {
				w.WriteString(" › ")
				w.WriteString(h)
			}
			w.WriteString(" › ")
		}
		w.WriteString(oneLine(it.Question))
		w.WriteString("  ")
		if col.Enabled() {
			w.WriteString(col.Cyan(it.Path + ":" + strconv.Itoa(it.Line)))
		} else {
			w.WriteString(it.Path)
			w.WriteByte(':')
			w.Write(strconv.AppendInt(scratch[:0], int64(it.Line), 10))
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if len(items) == 0 {
		what := "no cards"
		if opts.Due {
			what = "no cards are due"
		}
		return &exitError{code: exitFailed, bare: true, err: errors.New(what)}
	}
	return nil
}

// oneLine is s with every run of white space made one space and none at
// either end (strings.Fields' white space); most questions are that
// already, and are returned as they are. It looks at bytes, not runes: a
// Unicode space begins with one of four lead bytes, which Hangul never
// uses, so a Korean question is checked at a byte's cost per byte.
func oneLine(s string) string {
	prevSpace := true // a space at the start is one to remove
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b == ' ':
			if prevSpace {
				return collapseSpace(s)
			}
			prevSpace = true
		case b >= '\t' && b <= '\r':
			return collapseSpace(s)
		case b == 0xc2 || b == 0xe1 || b == 0xe2 || b == 0xe3: // U+0085, U+00A0, U+1680, U+2000-U+205F, U+3000
			if r, _ := utf8.DecodeRuneInString(s[i:]); unicode.IsSpace(r) {
				return collapseSpace(s)
			}
			prevSpace = false
		default:
			prevSpace = false
		}
	}
	if prevSpace && s != "" {
		return collapseSpace(s)
	}
	return s
}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
