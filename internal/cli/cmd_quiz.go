package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/notes"
	"github.com/kb-cli/kb/internal/quiz"
	"github.com/kb-cli/kb/internal/render"
)

type quizOptions struct {
	deps
	Queue quiz.QueueOptions
}

func newQuizCmd(f *Factory, runF func(*quizOptions) error) *cobra.Command {
	opts := &quizOptions{deps: f.deps()}
	cmd := &cobra.Command{
		Use:   "quiz",
		Short: "Drill the questions in your notes on the FSRS-6 schedule",
		Long: `Review the cards due now: learning cards first, then reviews, then new cards
within the daily limits (review.new_per_day, review.reviews_per_day).

Each card shows the note's title and the headings above it, then its
question; Enter (or space) shows the answer; then rate it:
  1/a again   2/h hard   3/g good   4/e easy
and at any point: u undo the last rating, s suspend, b bury until tomorrow,
o open the note in the editor, q (or Ctrl-C) quit. On a terminal each is a
single keypress; when stdin is not a terminal the same keys are read one per
line. Every rating is saved the moment it is given.`,
		Args: maxArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Queue.Limit < 0 {
				return usageErrorf("--limit cannot be negative")
			}
			if !cmd.Flags().Changed("new") {
				opts.Queue.New = -1
			} else if opts.Queue.New < 0 {
				return usageErrorf("--new cannot be negative")
			}
			if runF != nil {
				return runF(opts)
			}
			return quizRun(opts)
		},
	}
	cmd.Flags().StringArrayVar(&opts.Queue.Tags, "tag", nil, "only cards of notes with this `tag` (repeat: all)")
	cmd.Flags().StringVar(&opts.Queue.Deck, "deck", "", "only cards in this `deck`")
	cmd.Flags().IntVar(&opts.Queue.Limit, "limit", 0, "at most `N` cards this session")
	cmd.Flags().IntVar(&opts.Queue.New, "new", 0, "take `N` new cards today instead of the daily limit")
	cmd.Flags().BoolVar(&opts.Queue.Cram, "cram", false, "review cards whether due or not, without touching the schedule")
	return cmd
}

// quizUI reads keys and renders; the session itself (queue, learn-ahead,
// undo, counts) is a quiz.Session.
type quizUI struct {
	deps
	s     *quiz.Session
	keys  keyReader
	out   io.Writer
	style render.Style
	root  string
}

func quizRun(opts *quizOptions) error {
	f := opts.deps
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	c, _, err := loadCollection(f, nil)
	if err != nil {
		return err
	}
	start := f.Now()
	u := &quizUI{deps: f, s: c.Start(start, opts.Queue), out: f.IO.Out,
		style: render.Style{Color: f.IO.ColorEnabled()}, root: cfg.Root}
	if u.s.Left() == 0 && (len(opts.Queue.Tags) > 0 || opts.Queue.Deck != "") && len(quiz.Filter(c.Items, opts.Queue.Tags, opts.Queue.Deck)) == 0 {
		// Not "nothing to review": the filter matches no card at all, and the
		// next-due line would be about cards outside it.
		return &exitError{code: exitFailed, bare: true, err: fmt.Errorf("no cards %s", filterText(opts.Queue.Tags, opts.Queue.Deck)),
			hints: []string{"kb cards lists every card with its tags and deck"}}
	}
	if u.s.Left() == 0 {
		fmt.Fprintln(u.out, "Nothing to review now.")
		u.nextDue(c)
		return nil
	}
	u.keys = &lineKeys{r: bufio.NewReader(f.IO.In), echo: !f.IO.IsStdinTTY()}
	if file, ok := f.IO.In.(*os.File); ok && f.IO.IsStdinTTY() {
		if raw, ok := newRawKeys(file); ok {
			u.keys = raw
		}
	}
	defer u.keys.Close()
	if u.s.Cram() {
		fmt.Fprintln(u.out, "Cram: ratings are not recorded and the schedule does not change.")
	}
	for {
		it := u.s.Next(f.Now())
		if it == nil {
			break
		}
		quit, err := u.card(it)
		if err != nil {
			return err
		}
		if quit {
			break
		}
	}
	elapsed := f.Now().Sub(start).Round(time.Second)
	fmt.Fprintf(u.out, "\nReviewed %d card(s), %d again, in %s.", u.s.Done(), u.s.Again(), elapsed)
	if n := u.s.Left(); n > 0 {
		fmt.Fprintf(u.out, " %d left for later.", n)
	}
	fmt.Fprintln(u.out)
	if !u.s.Cram() {
		u.nextDue(c)
	}
	return nil
}

func (u *quizUI) nextDue(c *quiz.Collection) {
	now := u.deps.Now()
	if due, n := c.NextDue(now); !due.IsZero() {
		fmt.Fprintf(u.out, "Next due: %s (%d card(s) that day).\n", due.In(now.Location()).Format("2006-01-02 15:04"), n)
	}
}

// read prompts and returns the next key, or "q" at the end of input.
func (u *quizUI) read(prompt string) string {
	fmt.Fprint(u.out, prompt)
	key, err := u.keys.Key()
	if err != nil {
		fmt.Fprintln(u.out)
		return "q"
	}
	if u.keys.Echo() {
		fmt.Fprintln(u.out, key) // so a transcript (or a raw terminal) shows the key
	}
	return key
}

func (u *quizUI) show(md string) {
	fmt.Fprint(u.out, render.Note([]byte(md), u.style))
}

// card runs one card; it returns true when the user quits.
func (u *quizUI) card(it *quiz.Item) (bool, error) {
	col := u.deps.IO.Colors()
	fmt.Fprintf(u.out, "\n[%d done · %d left] %s %s\n", u.s.Done(), u.s.Left(), it.Status(),
		col.Cyan(fmt.Sprintf("%s:%d", it.Path, it.Line)))
	fmt.Fprintln(u.out, col.Dim(it.Breadcrumb()+" ›"))
	u.show(it.Question)
	_, o, err := u.ask("(Enter: show the answer · u undo · s suspend · b bury · o open · q quit) ", it,
		func(k string) bool { return k == "" || k == " " })
	if err != nil || o != accepted {
		return o == quitting, err
	}
	now := u.deps.Now()
	fmt.Fprintln(u.out, strings.Repeat("─", 20))
	if it.Answer != "" {
		u.show(it.Answer)
	} else {
		fmt.Fprintln(u.out, "(no answer written)")
	}
	fmt.Fprintln(u.out, u.buttons(u.s.Reveal(now), now))
	k, o, err := u.ask("1/a again · 2/h hard · 3/g good · 4/e easy · u undo · s suspend · b bury · o open · q quit: ", it,
		func(k string) bool { _, ok := parseRating(k); return ok })
	if err != nil || o != accepted {
		return o == quitting, err
	}
	r, _ := parseRating(k)
	return false, u.rate(r)
}

type outcome int

const (
	accepted outcome = iota // a key the caller asked for
	quitting                // q: the card stays queued
	cardDone                // suspended, buried, or replaced by an undone card
)

// ask reads keys until one that accept takes, handling the keys valid at any
// point (q, u, s, b, o) on the way.
func (u *quizUI) ask(prompt string, it *quiz.Item, accept func(string) bool) (string, outcome, error) {
	for {
		k := u.read(prompt)
		switch {
		case accept(k):
			return k, accepted, nil
		case k == "q":
			return k, quitting, nil
		case k == "u" || k == "s" || k == "b" || k == "o":
			done, err := u.common(k, it)
			if err != nil {
				return k, accepted, err
			}
			if done {
				return k, cardDone, nil
			}
		default:
			fmt.Fprintf(u.out, "unknown key %q\n", k)
		}
	}
}

// buttons shows what each rating would schedule: again 10m · hard 1d · ...
func (u *quizUI) buttons(p map[fsrs.Rating]fsrs.Card, now time.Time) string {
	if p == nil {
		return "(cram: not scheduled)"
	}
	var parts []string
	for _, r := range []fsrs.Rating{fsrs.Again, fsrs.Hard, fsrs.Good, fsrs.Easy} {
		parts = append(parts, fmt.Sprintf("%s %s", r, interval(p[r].Due.Sub(now))))
	}
	return strings.Join(parts, " · ")
}

func (u *quizUI) rate(r fsrs.Rating) error {
	now := u.deps.Now()
	res, err := u.s.Rate(r, now)
	if err != nil || u.s.Cram() {
		return err
	}
	if res.Leech {
		u.deps.Warn(leechMessage(res.Item))
		return nil
	}
	fmt.Fprintf(u.out, "%s · next %s\n", r, interval(res.Item.State.Due.Sub(now)))
	return nil
}

// common handles the keys valid at any point. done means the card is finished
// with (suspended, buried, or put back by undo).
func (u *quizUI) common(k string, it *quiz.Item) (done bool, err error) {
	now := u.deps.Now()
	switch k {
	case "u":
		if u.s.Cram() {
			fmt.Fprintln(u.out, "cram: nothing to undo")
			return false, nil
		}
		back, err := u.s.Undo(now)
		if err == quiz.ErrNothingToUndo {
			fmt.Fprintln(u.out, "nothing to undo")
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if back == nil { // its card is gone from the notes
			fmt.Fprintln(u.out, "undone")
			return true, nil
		}
		fmt.Fprintf(u.out, "undone: %s\n", back.Question)
		return true, nil
	case "s":
		if _, err := u.s.Suspend(now); err != nil {
			return false, err
		}
		fmt.Fprintf(u.out, "suspended %s (kb unsuspend %s)\n", it.ID, it.ID)
		return true, nil
	case "b":
		if _, err := u.s.Bury(now); err != nil {
			return false, err
		}
		fmt.Fprintln(u.out, "buried until tomorrow")
		return true, nil
	case "o":
		if err := openEditor(u.deps, notes.OnDisk(u.root, it.Path), it.Line); err != nil {
			fmt.Fprintf(u.out, "%v\n", err)
		}
		return false, nil
	}
	return false, nil
}

// filterText says what --tag and --deck select: in notes tagged #a #b, in deck d.
func filterText(tags []string, deck string) string {
	var parts []string
	if len(tags) > 0 {
		parts = append(parts, "in notes tagged #"+strings.Join(tags, " #"))
	}
	if deck != "" {
		parts = append(parts, "in deck "+deck)
	}
	return strings.Join(parts, " and ")
}
