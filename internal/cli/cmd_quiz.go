package cli

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/notes"
	"github.com/kb-cli/kb/internal/quiz"
	"github.com/kb-cli/kb/internal/render"
)

type quizOptions struct {
	f     *Factory
	Queue quiz.QueueOptions
}

func newQuizCmd(f *Factory, runF func(*quizOptions) error) *cobra.Command {
	opts := &quizOptions{f: f}
	cmd := &cobra.Command{
		Use:   "quiz",
		Short: "Drill the questions in your notes on the FSRS-6 schedule",
		Long: `Review the cards due now: learning cards first, then reviews, then new cards
within the daily limits (review.new_per_day, review.reviews_per_day).

Each card shows its question; Enter shows the answer; then rate it:
  1/a again   2/h hard   3/g good   4/e easy
and at any point: u undo the last rating, s suspend, b bury until tomorrow,
o open the note in the editor, q quit. Every rating is saved the moment it is
given. When stdin is not a terminal the same keys are read one per line.`,
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

// learnAhead: a learning card due this soon comes back in the same session,
// as in Anki.
const learnAhead = 20 * time.Minute

type session struct {
	f     *Factory
	c     *quiz.Collection
	in    *bufio.Reader
	out   io.Writer
	style render.Style
	queue []*quiz.Item
	total int
	done  int
	again int
	rated []fsrs.Rating // this session's ratings, for undo
	cram  bool
	root  string
}

func quizRun(opts *quizOptions) error {
	f := opts.f
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	c, _, err := loadCollection(f, nil)
	if err != nil {
		return err
	}
	start := f.Now()
	s := &session{f: f, c: c, in: bufio.NewReader(f.IO.In), out: f.IO.Out, cram: opts.Queue.Cram,
		style: render.Style{Color: f.IO.ColorEnabled()}, root: cfg.Root}
	s.queue = c.Queue(start, opts.Queue)
	s.total = len(s.queue)
	if s.total == 0 && (len(opts.Queue.Tags) > 0 || opts.Queue.Deck != "") && len(quiz.Filter(c.Items, opts.Queue.Tags, opts.Queue.Deck)) == 0 {
		// Not "nothing to review": the filter matches no card at all, and the
		// next-due line would be about cards outside it.
		return &exitError{code: exitFailed, bare: true, err: fmt.Errorf("no cards %s", filterText(opts.Queue.Tags, opts.Queue.Deck)),
			hints: []string{"kb cards lists every card with its tags and deck"}}
	}
	if s.total == 0 {
		fmt.Fprintln(s.out, "Nothing to review now.")
		s.nextDue()
		return nil
	}
	if s.cram {
		fmt.Fprintln(s.out, "Cram: ratings are not recorded and the schedule does not change.")
	}
	quit := false
	for len(s.queue) > 0 && !quit {
		it := s.queue[0]
		s.queue = s.queue[1:]
		if quit, err = s.card(it); err != nil {
			return err
		}
	}
	elapsed := f.Now().Sub(start).Round(time.Second)
	fmt.Fprintf(s.out, "\nReviewed %d card(s), %d again, in %s.", s.done, s.again, elapsed)
	if len(s.queue) > 0 {
		fmt.Fprintf(s.out, " %d left for later.", len(s.queue))
	}
	fmt.Fprintln(s.out)
	if !s.cram {
		s.nextDue()
	}
	return nil
}

func (s *session) nextDue() {
	now := s.f.Now()
	if due, n := s.c.NextDue(now); !due.IsZero() {
		fmt.Fprintf(s.out, "Next due: %s (%d card(s) that day).\n", due.In(now.Location()).Format("2006-01-02 15:04"), n)
	}
}

// read returns the next line's key, or "q" at the end of input.
func (s *session) read(prompt string) string {
	fmt.Fprint(s.out, prompt)
	line, err := s.in.ReadString('\n')
	if err != nil && line == "" {
		fmt.Fprintln(s.out)
		return "q"
	}
	key := strings.ToLower(strings.TrimSpace(line))
	if !s.f.IO.IsStdinTTY() {
		fmt.Fprintln(s.out, key) // a terminal echoes the key; a script's transcript should too
	}
	return key
}

func (s *session) show(md string) {
	fmt.Fprint(s.out, render.Note([]byte(md), s.style))
}

// card runs one card; it returns true when the user quits.
func (s *session) card(it *quiz.Item) (bool, error) {
	now := s.f.Now()
	left := len(s.queue) + 1
	fmt.Fprintf(s.out, "\n[%d done · %d left] %s %s\n", s.done, left, it.Status(),
		s.f.IO.Colors().Cyan(fmt.Sprintf("%s:%d", it.Path, it.Line)))
	s.show(it.Question)
	_, o, err := s.ask("(Enter: show the answer · u undo · s suspend · b bury · o open · q quit) ", it,
		func(k string) bool { return k == "" })
	if err != nil || o != accepted {
		return o == quitting, err
	}
	fmt.Fprintln(s.out, strings.Repeat("─", 20))
	if it.Answer != "" {
		s.show(it.Answer)
	} else {
		fmt.Fprintln(s.out, "(no answer written)")
	}
	fmt.Fprintln(s.out, s.buttons(it, now))
	k, o, err := s.ask("1/a again · 2/h hard · 3/g good · 4/e easy · u undo · s suspend · b bury · o open · q quit: ", it,
		func(k string) bool { _, ok := parseRating(k); return ok })
	if err != nil || o != accepted {
		return o == quitting, err
	}
	r, _ := parseRating(k)
	return false, s.rate(it, r, now)
}

type outcome int

const (
	accepted outcome = iota // a key the caller asked for
	quitting                // q: the card goes back to the queue
	cardDone                // suspended, buried, or replaced by an undone card
)

// ask reads keys until one that accept takes, handling the keys valid at any
// point (q, u, s, b, o) on the way.
func (s *session) ask(prompt string, it *quiz.Item, accept func(string) bool) (string, outcome, error) {
	for {
		k := s.read(prompt)
		switch {
		case accept(k):
			return k, accepted, nil
		case k == "q":
			s.queue = append([]*quiz.Item{it}, s.queue...)
			return k, quitting, nil
		case k == "u" || k == "s" || k == "b" || k == "o":
			done, err := s.common(k, it)
			if err != nil {
				return k, accepted, err
			}
			if done {
				return k, cardDone, nil
			}
		default:
			fmt.Fprintf(s.out, "unknown key %q\n", k)
		}
	}
}

// buttons shows what each rating would schedule: again 10m · hard 1d · ...
func (s *session) buttons(it *quiz.Item, now time.Time) string {
	if s.cram {
		return "(cram: not scheduled)"
	}
	p := s.c.Preview(it, now)
	var parts []string
	for _, r := range []fsrs.Rating{fsrs.Again, fsrs.Hard, fsrs.Good, fsrs.Easy} {
		parts = append(parts, fmt.Sprintf("%s %s", r, interval(p[r].Due.Sub(now))))
	}
	return strings.Join(parts, " · ")
}

func (s *session) rate(it *quiz.Item, r fsrs.Rating, shown time.Time) error {
	s.done++
	s.rated = append(s.rated, r)
	if r == fsrs.Again {
		s.again++
	}
	if s.cram {
		return nil
	}
	now := s.f.Now()
	leech, err := s.c.Rate(it, r, now, now.Sub(shown))
	if err != nil {
		return err
	}
	if leech {
		s.f.Warn(leechMessage(it))
		return nil
	}
	st := it.State
	fmt.Fprintf(s.out, "%s · next %s\n", r, interval(st.Due.Sub(now)))
	if (st.Card.State == fsrs.Learning || st.Card.State == fsrs.Relearning) && !st.Due.After(now.Add(learnAhead)) {
		s.queue = append(s.queue, it)
	}
	return nil
}

// common handles the keys valid at any point. done means the card is finished
// with (suspended, buried, or put back by undo).
func (s *session) common(k string, it *quiz.Item) (done bool, err error) {
	now := s.f.Now()
	switch k {
	case "u":
		if s.cram {
			fmt.Fprintln(s.out, "cram: nothing to undo")
			return false, nil
		}
		back, err := s.c.Undo(now)
		if err == quiz.ErrNothingToUndo {
			fmt.Fprintln(s.out, "nothing to undo")
			return false, nil
		}
		if err != nil {
			return false, err
		}
		s.done--
		if last := s.rated[len(s.rated)-1]; last == fsrs.Again {
			s.again--
		}
		s.rated = s.rated[:len(s.rated)-1]
		fmt.Fprintf(s.out, "undone: %s\n", back.Question)
		// The undone card comes back first, then the one on screen.
		rest := removeItem(s.queue, back)
		if back != it {
			rest = append([]*quiz.Item{it}, removeItem(rest, it)...)
		}
		s.queue = append([]*quiz.Item{back}, rest...)
		return true, nil
	case "s":
		if err := s.c.Suspend(it, now); err != nil {
			return false, err
		}
		fmt.Fprintf(s.out, "suspended %s (kb unsuspend %s)\n", it.ID, it.ID)
		return true, nil
	case "b":
		if err := s.c.Bury(it, now); err != nil {
			return false, err
		}
		fmt.Fprintln(s.out, "buried until tomorrow")
		return true, nil
	case "o":
		if err := openEditor(s.f, notes.OnDisk(s.root, it.Path), it.Line); err != nil {
			fmt.Fprintf(s.out, "%v\n", err)
		}
		return false, nil
	}
	return false, nil
}

func removeItem(q []*quiz.Item, it *quiz.Item) []*quiz.Item {
	out := q[:0:0]
	for _, x := range q {
		if x != it {
			out = append(out, x)
		}
	}
	return out
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
