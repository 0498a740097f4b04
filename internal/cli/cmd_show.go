package cli

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/links"
	"github.com/kb-cli/kb/internal/notes"
	"github.com/kb-cli/kb/internal/render"
	"github.com/kb-cli/kb/internal/search"
)

type showOptions struct {
	f   *Factory
	Ref string
}

func newShowCmd(f *Factory, runF func(*showOptions) error) *cobra.Command {
	opts := &showOptions{f: f}
	return &cobra.Command{
		Use:   "show NOTE",
		Short: "Show a note: rendered on a terminal, the raw file when piped",
		Long: `Show a note. NOTE is a path, a file name, or a title (any case; the start of
a title is enough when only one note has it).`,
		Args:              exactArgs(1),
		ValidArgsFunction: completeNotes(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if runF != nil {
				return runF(opts)
			}
			return showRun(opts)
		},
	}
}

func showRun(opts *showOptions) error {
	f := opts.f
	ix, c, n, err := openLinks(f, opts.Ref)
	if err != nil {
		return err
	}
	defer ix.Close()
	cfg, _ := f.Config()
	data, err := os.ReadFile(notes.OnDisk(cfg.Root, n.Path))
	if err != nil {
		return err
	}
	io := f.IO
	if !io.IsStdoutTTY() {
		_, err = io.Out.Write(data)
		return err
	}
	st := render.Style{Color: io.ColorEnabled(), LinkTitle: func(l notes.Link) string {
		if r := c.Resolve(n.Path, l); r.Status == links.OK {
			return r.To.Title
		}
		return ""
	}}
	if _, err = fmt.Fprint(io.Out, render.Note(data, st)); err != nil {
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
}

// resolveNote finds the note a user means and its absolute path.
func resolveNote(f *Factory, ref string) (search.NoteInfo, string, error) {
	cfg, err := f.Config()
	if err != nil {
		return search.NoteInfo{}, "", err
	}
	ix, err := f.OpenIndex(false)
	if err != nil {
		return search.NoteInfo{}, "", err
	}
	defer ix.Close()
	// The catalog reads the index's title cache: faster than listing it.
	c, err := links.Load(ix)
	if err != nil {
		return search.NoteInfo{}, "", err
	}
	n, err := search.ResolveIn(c.All, cfg.Root, f.Cwd, ref)
	if err != nil {
		return n, "", err
	}
	return n, notes.OnDisk(cfg.Root, n.Path), nil
}

// exactArgs is cobra.ExactArgs with kb's usage error (exit 2).
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageErrorf("%s takes %d argument(s), got %d", cmd.CommandPath(), n, len(args))
		}
		return nil
	}
}
