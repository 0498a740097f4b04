package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/links"
)

type checkOptions struct {
	deps
	Orphans bool
	JSON    bool
}

func newCheckCmd(f *Factory, runF func(*checkOptions) error) *cobra.Command {
	opts := &checkOptions{deps: f.deps()}
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Find broken and ambiguous links and notes kb could not read",
		Long: `Check the whole knowledge base: links that lead to no note (with the closest
titles), links that fit several notes, notes whose front matter or text kb
could not read cleanly (and the cards in them), files it skipped. Exits 1
when it finds any of those, 0 when all is well, so it can run in CI or a
pre-commit hook. --orphans also lists the notes no other note links to; they
do not make the check fail.`,
		Example: `  kb check
  kb check --orphans
  kb check --json`,
		Args: maxArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return checkRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Orphans, "orphans", false, "also list the notes no other note links to")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the report as JSON")
	return cmd
}

func checkRun(opts *checkOptions) error {
	f := opts.deps
	ix, err := f.OpenIndex(false)
	if err != nil {
		return err
	}
	defer ix.Close()
	c, err := links.Load(ix)
	if err != nil {
		return err
	}
	r, err := links.Check(ix, c, opts.Orphans)
	if err != nil {
		return err
	}
	if opts.JSON {
		if err := writeJSON(f.IO.Out, r); err != nil {
			return err
		}
	} else {
		printCheck(f, r)
	}
	if r.Failed() {
		n := len(r.Broken) + len(r.Ambiguous) + len(r.Problems)
		return &exitError{code: exitFailed, bare: true, err: fmt.Errorf("%d problem(s) found", n)}
	}
	return nil
}

func printCheck(f deps, r *links.Report) {
	w, cs := f.IO.Out, f.IO.Colors()
	at := func(p string, line int) string { return cs.Cyan(fmt.Sprintf("%s:%d:", p, line)) }
	for _, b := range r.Broken {
		fmt.Fprintf(w, "%s no note %q", at(b.From, b.Line), b.Target)
		if len(b.Closest) > 0 {
			fmt.Fprintf(w, "; closest: %s", strings.Join(b.Closest, ", "))
		}
		fmt.Fprintln(w)
	}
	for _, a := range r.Ambiguous {
		var ps []string
		for _, c := range a.Candidates {
			ps = append(ps, c.Path)
		}
		fmt.Fprintf(w, "%s %q fits %d notes: %s\n", at(a.From, a.Line), a.Target, len(a.Candidates), strings.Join(ps, ", "))
	}
	for _, p := range r.Problems {
		fmt.Fprint(w, p.Message)
		if p.Cards > 0 {
			fmt.Fprintf(w, " (the note has %d card(s))", p.Cards)
		}
		fmt.Fprintln(w)
	}
	for _, o := range r.Orphans {
		fmt.Fprintf(w, "%s no other note links here\n", cs.Cyan(o+":"))
	}
	fmt.Fprintf(w, "%d notes, %d links: %d broken, %d ambiguous, %d note problem(s)",
		r.Notes, r.Links, len(r.Broken), len(r.Ambiguous), len(r.Problems))
	if r.Orphans != nil {
		fmt.Fprintf(w, ", %d orphan(s)", len(r.Orphans))
	}
	fmt.Fprintln(w)
}
