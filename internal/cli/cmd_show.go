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
