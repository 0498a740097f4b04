package cli

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/catalog"
	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/kb"
	"github.com/kb-cli/kb/internal/links"
	"github.com/kb-cli/kb/internal/notes"
	"github.com/kb-cli/kb/internal/render"
	"github.com/kb-cli/kb/internal/search"
)

type showOptions struct {
	deps
	Ref string
}

func newShowCmd(f *Factory, runF func(*showOptions) error) *cobra.Command {
	opts := &showOptions{deps: f.deps()}
	return &cobra.Command{
		Use:   "show NOTE",
		Short: "Show a note: rendered on a terminal, the raw file when piped",
		Long: `Show a note. NOTE is a path, a file name, or a title (any case, spaces or
none; the start of a title is enough when only one note has it). Several
words are one title without quotes; PATH:LINE, as kb search prints it, is
the note at PATH.`,
		Args:              minArgs(1),
		ValidArgsFunction: completeNotes(f.deps()),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = strings.Join(args, " ")
			if runF != nil {
				return runF(opts)
			}
			return showRun(opts)
		},
	}
}

func showRun(opts *showOptions) error {
	f := opts.deps
	ix, c, n, err := openLinks(f, opts.Ref)
	if err != nil {
		return err
	}
	defer ix.Close()
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	data, err := os.ReadFile(notes.OnDisk(cfg.Root, n.Path))
	if err != nil {
		return err
	}
	io := f.IO
	if !io.IsStdoutTTY() {
		_, err = io.Out.Write(data)
		return err
	}
	return paged(f, func() error {
		st := render.Style{Color: io.ColorEnabled(), LinkTitle: func(l notes.Link) string {
			if r := c.Resolve(n.Path, l); r.Status == links.OK {
				return r.To.Title
			}
			return ""
		}}
		if _, err := fmt.Fprint(io.Out, render.Note(data, st)); err != nil {
			return err
		}
		back, err := links.Backlinks(ix, c, n.Path)
		if err != nil || len(back) == 0 {
			return err
		}
		cs := io.Colors()
		fmt.Fprintf(io.Out, "\n%s\n", cs.Dim(strings.Repeat("─", 40)))
		fmt.Fprintln(io.Out, cs.Bold("Linked from"))
		// One line a linking note, with the lines its links are on.
		var lines []string
		for i, b := range back {
			lines = append(lines, fmt.Sprint(b.Line))
			if i+1 < len(back) && back[i+1].From == b.From {
				continue
			}
			lines = slices.Compact(lines)
			fmt.Fprintf(io.Out, "• %s  %s\n", c.Title(b.From), cs.Dim(b.From+":"+strings.Join(lines, ",")))
			lines = nil
		}
		return nil
	})
}

// resolveNote finds the note a user means and its absolute path.
func resolveNote(f deps, ref string) (catalog.NoteInfo, string, error) {
	n, abs, _, err := resolveNoteLine(f, ref)
	return n, abs, err
}

// resolveNoteLine is resolveNote for references that may end in :LINE, as
// search prints them (questions/dns.md:17); line is 0 without one.
func resolveNoteLine(f deps, ref string) (catalog.NoteInfo, string, int, error) {
	cfg, err := f.Config()
	if err != nil {
		return catalog.NoteInfo{}, "", 0, err
	}
	ix, err := f.OpenIndex(false)
	if err != nil {
		return catalog.NoteInfo{}, "", 0, err
	}
	defer ix.Close()
	// The catalog reads the index's title cache: faster than listing it.
	c, err := links.Load(ix)
	if err != nil {
		return catalog.NoteInfo{}, "", 0, err
	}
	n, line, err := resolveIn(f, ix, c.All, cfg.Root, ref)
	if err != nil {
		return n, "", 0, err
	}
	return n, notes.OnDisk(cfg.Root, n.Path), line, nil
}

// resolveIn finds the note ref means among all, for references that may end
// in :LINE as search prints them (questions/dns.md:17; line is 0 without
// one); a missing note names the notes a search for the words finds.
func resolveIn(f deps, ix *index.Index, all []catalog.NoteInfo, root, ref string) (catalog.NoteInfo, int, error) {
	var (
		n    catalog.NoteInfo
		err  error
		line int
		nf   *catalog.NotFoundError
	)
	if m := lineRefRE().FindStringSubmatch(ref); m != nil {
		line, _ = strconv.Atoi(m[2])
		n, err = catalog.ResolveIn(all, root, f.Cwd, m[1])
		if errors.As(err, &nf) {
			line = 0 // a title that ends in :N, perhaps
			n, err = catalog.ResolveIn(all, root, f.Cwd, ref)
		}
	} else {
		n, err = catalog.ResolveIn(all, root, f.Cwd, ref)
	}
	if errors.As(err, &nf) {
		return n, 0, notFoundWithHits(f, ix, root, nf)
	}
	return n, line, err
}

// lineRefRE is a note reference with a line number: PATH:17.
var lineRefRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(.+):([0-9]+)$`) })

// exactArgs is cobra.ExactArgs with kb's usage error (exit 2).
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageErrorf("%s takes %d argument(s), got %d", cmd.CommandPath(), n, len(args))
		}
		return nil
	}
}

// notFoundWithHits adds to a missing note the notes a search for the same
// words finds: kb show kubernetes names the 쿠버네티스 notes, which no title
// comparison would.
func notFoundWithHits(f deps, ix *index.Index, root string, nf *catalog.NotFoundError) error {
	q, err := search.Parse(nf.Ref)
	if err != nil || len(q.Groups) == 0 {
		return nf
	}
	syn, _ := search.LoadSynonyms(kb.At(root).Synonyms())
	res, err := search.Run(ix, q, search.Options{Limit: 3, Synonyms: syn})
	if err != nil {
		return nf
	}
	var hints, mention []string
	if len(nf.Closest) > 0 {
		hints = append(hints, "the closest titles: "+strings.Join(nf.Closest, ", "))
	}
	for _, h := range res.Hits {
		if !slices.Contains(nf.Closest, h.Title) {
			mention = append(mention, fmt.Sprintf("  %s  (%s)", h.Path, h.Title))
		}
	}
	if len(mention) == 0 {
		return nf
	}
	hints = append(hints, "notes that mention it:")
	return &exitError{code: exitFailed, err: nf, hints: append(hints, mention...)}
}
