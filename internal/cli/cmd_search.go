package cli

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/iostreams"
	"github.com/kb-cli/kb/internal/links"
	"github.com/kb-cli/kb/internal/search"
)

type searchOptions struct {
	f     *Factory
	Query string
	Tags  []string
	Type  string
	Limit int
	JSON  bool
	// LinkedFrom narrows the search to the notes a note links to and the
	// notes that link to it.
	LinkedFrom string
}

func newSearchCmd(f *Factory, runF func(*searchOptions) error) *cobra.Command {
	opts := &searchOptions{f: f}
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
  kb search --tag linux 디스크`,
		// Cobra would take -word (exclude word) for an unknown flag, so the
		// command sorts its flags from the query words itself.
		DisableFlagParsing: true,
		ValidArgsFunction:  completeSearch(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			args, err := parseOwnFlags(cmd, args)
			if err != nil || args == nil {
				return err
			}
			if len(args) == 0 {
				return usageErrorf("kb search needs a query, as in: kb search 쿠버네티스")
			}
			if opts.Limit < 1 {
				return usageErrorf("--limit must be at least 1")
			}
			opts.Query = strings.Join(args, " ")
			if runF != nil {
				return runF(opts)
			}
			return searchRun(opts)
		},
	}
	cmd.Flags().StringArrayVar(&opts.Tags, "tag", nil, "only notes with this `tag` (repeat for several)")
	cmd.Flags().StringVar(&opts.Type, "type", "", "only notes of this `type` (question, lesson, book, note...)")
	cmd.Flags().IntVarP(&opts.Limit, "limit", "n", 10, "show at most `N` notes")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the results as a JSON array")
	cmd.Flags().StringVar(&opts.LinkedFrom, "linked-from", "", "only notes that `NOTE` links to or that link to it")
	return cmd
}

func searchRun(opts *searchOptions) error {
	q, err := search.Parse(opts.Query)
	if err != nil {
		return err
	}
	ix, err := opts.f.OpenIndex(false)
	if err != nil {
		return err
	}
	defer ix.Close()
	cfg, _ := opts.f.Config()
	syn, warns := search.LoadSynonyms(filepath.Join(cfg.Root, ".kb", "synonyms.txt"))
	for _, w := range warns {
		opts.f.Warn(w)
	}
	sopts := search.Options{Tags: opts.Tags, Type: opts.Type, Limit: opts.Limit, Synonyms: syn}
	if opts.LinkedFrom != "" {
		if sopts.Within, err = neighbourhood(opts.f, ix, opts.LinkedFrom); err != nil {
			return err
		}
	}
	res, err := search.Run(ix, q, sopts)
	if err != nil {
		return err
	}
	hits := res.Hits
	if res.Fuzzy {
		fmt.Fprintf(opts.f.IO.ErrOut, "kb: no exact match for %s; showing notes with words close to it\n", opts.Query)
	}
	if len(res.Unmatched) > 0 {
		fmt.Fprintf(opts.f.IO.ErrOut, "kb: no note has %s; showing notes with the other words\n", strings.Join(res.Unmatched, ", "))
	}
	if res.Partial > 0 && res.Partial == len(hits) {
		fmt.Fprintf(opts.f.IO.ErrOut, "kb: no note has every word of %s; showing notes that match most of them\n", opts.Query)
	}
	io := opts.f.IO
	if opts.JSON {
		if err := writeJSON(io.Out, hits); err != nil {
			return err
		}
	} else {
		printHits(io.Out, io.Colors(), hits)
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
func neighbourhood(f *Factory, ix *index.Index, ref string) ([]string, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	c, err := links.Load(ix)
	if err != nil {
		return nil, err
	}
	n, err := search.ResolveIn(c.All, cfg.Root, f.Cwd, ref)
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
