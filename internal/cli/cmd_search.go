package cli

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/catalog"
	"github.com/kb-cli/kb/internal/editdist"
	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/iostreams"
	"github.com/kb-cli/kb/internal/kb"
	"github.com/kb-cli/kb/internal/links"
	"github.com/kb-cli/kb/internal/notes"
	"github.com/kb-cli/kb/internal/search"
)

type searchOptions struct {
	deps
	Query string
	Tags  []string
	Type  string
	Limit int
	JSON  bool
	// LinkedFrom narrows the search to the notes a note links to and the
	// notes that link to it.
	LinkedFrom string
	Edit       bool
	Pick       bool
}

func newSearchCmd(f *Factory, runF func(*searchOptions) error) *cobra.Command {
	opts := &searchOptions{deps: f.deps()}
	cmd := &cobra.Command{
		Use:   "search [flags] QUERY...",
		Short: "Find notes by any word, Korean or English",
		Long: `Find notes that contain every word of the query. Korean words match with
particles attached (쿠버네티스 finds 쿠버네티스를) and English words match
their other forms (deploy finds deployment).

  "docker swarm"   a phrase            -word      leave out notes with word
  tag:NAME, #NAME  notes with a tag    type:NAME  notes of a type
  title:WORD       word in the title   a OR b     either word

--linked-from NOTE searches only the notes NOTE links to and the notes that
link to it. Notes that many notes link to rank a little higher.`,
		Example: `  kb search 쿠버네티스 롤백
  kb search '"rolling update"' -helm
  kb search --tag linux 디스크
  kb search -e 도커 네트워크      # open the best hit at its line`,
		// Cobra would take -word (exclude word) for an unknown flag, so the
		// command sorts its flags from the query words itself.
		DisableFlagParsing: true,
		ValidArgsFunction:  completeSearch(f.deps()),
		RunE: func(cmd *cobra.Command, args []string) error {
			args, err := parseOwnFlags(cmd, args)
			if err != nil || args == nil {
				return err
			}
			if len(args) == 0 && !opts.Pick {
				return usageErrorf("kb search needs a query, as in: kb search 쿠버네티스")
			}
			if opts.Limit < 0 {
				return usageErrorf("--limit cannot be negative (0: all)")
			}
			opts.Query = strings.Join(args, " ")
			if runF != nil {
				return runF(opts)
			}
			if opts.Pick {
				return pickerRun(opts.deps, opts.Query, opts.Tags, opts.Type)
			}
			return searchRun(opts)
		},
	}
	cmd.Flags().StringArrayVar(&opts.Tags, "tag", nil, "only notes with this `tag` (repeat for several)")
	cmd.Flags().StringVar(&opts.Type, "type", "", "only notes of this `type` (question, lesson, book, note...)")
	cmd.Flags().IntVarP(&opts.Limit, "limit", "n", 10, "show at most `N` notes (0: all)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the results as a JSON array")
	cmd.Flags().StringVar(&opts.LinkedFrom, "linked-from", "", "only notes that `NOTE` links to or that link to it")
	cmd.Flags().BoolVarP(&opts.Edit, "edit", "e", false, "open the best hit in the editor at its line")
	cmd.Flags().BoolVarP(&opts.Pick, "interactive", "i", false, "pick from results that follow your typing; Enter opens the editor")
	return cmd
}

func searchRun(opts *searchOptions) error {
	// A search over 10k notes allocates about 16 MB, just past the heap at
	// which Main's setting first collects: from 40 MB on (GOGC 1000) it ends
	// before any collection, 5-9 ms of CPU less. At 100k notes it collects
	// either way. An index update it sets off has its own setting.
	debug.SetGCPercent(1000)
	q, err := search.Parse(opts.Query)
	if err != nil {
		return err
	}
	if len(q.Groups) == 0 {
		// -Xmx alone would list every note without Xmx: almost surely a word
		// the user meant to find, which the shell passed with its dash.
		return &exitError{code: exitUsage, err: fmt.Errorf("the query %s only leaves words out; it needs a word to find", opts.Query),
			hints: []string{fmt.Sprintf(`to find -%[1]s itself, quote it: kb search '"-%[1]s"'`, q.Exclude[0].Value)}}
	}
	ix, err := opts.OpenIndex(false)
	if err != nil {
		return err
	}
	defer ix.Close()
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	syn, warns := search.LoadSynonyms(kb.At(cfg.Root).Synonyms())
	for _, w := range warns {
		opts.Warn(w)
	}
	limit := opts.Limit
	if limit == 0 { // -n 0: all, as in kb list
		if _, err := ix.Refresh(); err != nil {
			return err
		}
		limit = max(ix.Count(), 1)
	}
	sopts := search.Options{Tags: opts.Tags, Type: opts.Type, Limit: limit, Synonyms: syn}
	if opts.LinkedFrom != "" {
		if sopts.Within, err = neighbourhood(opts.deps, ix, opts.LinkedFrom); err != nil {
			return err
		}
	}
	res, err := search.Run(ix, q, sopts)
	if err != nil {
		return err
	}
	if len(res.Hits) == 0 && len(res.Suggestions) > 0 {
		// "did you mean docker" and nothing shown helps less than the notes
		// about docker: search the suggestion, and say so.
		if fixed := respell(opts.Query, res.Suggestions); fixed != opts.Query {
			if fq, err := search.Parse(fixed); err == nil {
				if again, err := search.Run(ix, fq, sopts); err == nil && len(again.Hits) > 0 {
					fmt.Fprintf(opts.IO.ErrOut, "kb: no notes match %s; showing results for %s\n", opts.Query, fixed)
					res = again
				}
			}
		}
	}
	hits := res.Hits
	if res.Fuzzy {
		fmt.Fprintf(opts.IO.ErrOut, "kb: no exact match for %s; showing notes with words close to it\n", opts.Query)
	}
	if len(res.Unmatched) > 0 {
		fmt.Fprintf(opts.IO.ErrOut, "kb: no note has %s; showing notes with the other words\n", strings.Join(res.Unmatched, ", "))
	}
	if res.Partial > 0 && res.Partial == len(hits) {
		fmt.Fprintf(opts.IO.ErrOut, "kb: no note has every word of %s; showing notes that match most of them\n", opts.Query)
	}
	if opts.Edit && len(hits) > 0 {
		h := hits[0]
		fmt.Fprintf(opts.IO.ErrOut, "kb: opening %s:%d (%s)\n", h.Path, h.Line, h.Title)
		if err := openEditor(opts.deps, notes.OnDisk(cfg.Root, h.Path), h.Line); err != nil {
			return err
		}
		refreshAfterWrite(opts.deps)
		return nil
	}
	io := opts.IO
	if opts.JSON {
		if err := writeJSON(io.Out, hits); err != nil {
			return err
		}
	} else if err := paged(opts.deps, func() error {
		printHits(io.Out, io.Colors(), hits)
		if res.Total > len(hits) {
			fmt.Fprintf(io.Out, "\n%s\n", io.Colors().Dim(fmt.Sprintf("%d of %d — -n 0 for all", len(hits), res.Total)))
		}
		return nil
	}); err != nil {
		return err
	}
	if len(hits) == 0 {
		e := &exitError{code: exitFailed, bare: true, err: errors.New("no notes match " + describe(opts))}
		if len(res.Suggestions) > 0 {
			e.hints = []string{"did you mean: " + strings.Join(res.Suggestions, ", ")}
		}
		return e
	}
	return nil
}

// neighbourhood is the paths of the notes ref links to and that link to it.
func neighbourhood(f deps, ix *index.Index, ref string) ([]string, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	c, err := links.Load(ix)
	if err != nil {
		return nil, err
	}
	n, err := catalog.ResolveIn(c.All, cfg.Root, f.Cwd, ref)
	if err != nil {
		return nil, err
	}
	nb, err := links.Neighbours(ix, c, n.Path)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for p := range nb {
		out = append(out, p)
	}
	return out, nil
}

func describe(opts *searchOptions) string {
	s := opts.Query
	for _, t := range opts.Tags {
		s += " --tag " + t
	}
	if opts.Type != "" {
		s += " --type " + opts.Type
	}
	if opts.LinkedFrom != "" {
		s += " --linked-from " + opts.LinkedFrom
	}
	return s
}

func printHits(w io.Writer, c iostreams.Colors, hits []search.Hit) {
	for i, h := range hits {
		if i > 0 {
			fmt.Fprintln(w)
			if h.Partial && !hits[i-1].Partial {
				fmt.Fprintf(w, "    %s\n\n", c.Dim("-- these match only some of the words --"))
			}
		}
		fmt.Fprintf(w, "%2d. %s\n", i+1, c.Bold(h.Title))
		loc := h.Path
		if h.Line > 0 {
			loc = fmt.Sprintf("%s:%d", h.Path, h.Line)
		}
		meta := c.Cyan(loc)
		if len(h.Tags) > 0 {
			meta += "  " + c.Dim("#"+strings.Join(h.Tags, " #"))
		}
		fmt.Fprintf(w, "    %s\n", meta)
		if h.Snippet != "" {
			fmt.Fprintf(w, "    %s\n", highlight(c, h.Snippet, h.Marks))
		}
	}
}

// highlight marks the spans of s; without colour the text stays plain.
func highlight(c iostreams.Colors, s string, marks []search.Span) string {
	if !c.Enabled() || len(marks) == 0 {
		return s
	}
	var b strings.Builder
	at := 0
	for _, m := range marks {
		if m.Start < at || m.End > len(s) {
			continue
		}
		b.WriteString(s[at:m.Start])
		b.WriteString(c.Highlight(s[m.Start:m.End]))
		at = m.End
	}
	b.WriteString(s[at:])
	return b.String()
}

// respell puts each suggestion in place of the query word it is closest to
// (within a third of its letters).
func respell(query string, suggestions []string) string {
	words := strings.Fields(query)
	for _, sug := range suggestions {
		best, bestD := -1, 0
		for i, w := range words {
			if strings.HasPrefix(w, "-") || strings.ContainsAny(w, `:"#`) {
				continue
			}
			d := editdist.Distance(strings.ToLower(w), strings.ToLower(sug))
			if d <= max(1, len([]rune(w))/3) && (best < 0 || d < bestD) {
				best, bestD = i, d
			}
		}
		if best >= 0 {
			if strings.Contains(sug, " ") {
				sug = `"` + sug + `"`
			}
			words[best] = sug
		}
	}
	return strings.Join(words, " ")
}
