package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/catalog"
	"github.com/kb-cli/kb/internal/cellwidth"
	"github.com/kb-cli/kb/internal/iostreams"
)

type listOptions struct {
	f    *Factory
	List catalog.ListOptions
	JSON bool
}

func newListCmd(f *Factory, runF func(*listOptions) error) *cobra.Command {
	opts := &listOptions{f: f}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List notes, newest first, optionally by tag and type",
		Args:  maxArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(catalog.SortKeys, opts.List.Sort) {
				return usageErrorf("--sort must be one of %s", strings.Join(catalog.SortKeys, ", "))
			}
			if opts.List.Limit < 0 {
				return usageErrorf("--limit cannot be negative")
			}
			if runF != nil {
				return runF(opts)
			}
			return listRun(opts)
		},
	}
	cmd.Flags().StringArrayVar(&opts.List.Tags, "tag", nil, "only notes with this `tag` (repeat: all of them)")
	cmd.Flags().StringVar(&opts.List.Type, "type", "", "only notes of this `type`")
	cmd.Flags().StringVar(&opts.List.Sort, "sort", "created", "order by `KEY`: created, modified or title")
	cmd.Flags().BoolVar(&opts.List.Reverse, "reverse", false, "reverse the order")
	cmd.Flags().IntVarP(&opts.List.Limit, "limit", "n", 0, "show at most `N` notes (0: all)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the notes as a JSON array")
	return cmd
}

func listRun(opts *listOptions) error {
	ix, err := opts.f.OpenIndex(false)
	if err != nil {
		return err
	}
	defer ix.Close()
	list, err := catalog.List(ix, opts.List)
	if err != nil {
		return err
	}
	out := opts.f.IO.Out
	if opts.JSON {
		return writeJSON(out, list)
	}
	if err := paged(opts.f, func() error {
		cols := 0
		if opts.f.IO.IsStdoutTTY() {
			cols = opts.f.IO.ScreenCols()
		}
		printList(opts.f.IO.Out, opts.f.IO.Colors(), cols, list)
		return nil
	}); err != nil {
		return err
	}
	if len(list) == 0 {
		return &exitError{code: exitFailed, bare: true, err: fmt.Errorf("no notes to list")}
	}
	return nil
}

// printList writes one note a line: date, title, path, tags, in columns
// aligned by display width (Hangul takes two cells). On a terminal (cols > 0)
// titles are shortened so a line fits; a pipe gets them whole.
func printList(w io.Writer, c iostreams.Colors, cols int, list []catalog.NoteInfo) {
	titleW, pathW := 0, 0
	tags := make([]string, len(list))
	tagsW := 0
	for i, n := range list {
		titleW = max(titleW, cellwidth.String(n.Title))
		pathW = max(pathW, cellwidth.String(n.Path))
		if len(n.Tags) > 0 {
			tags[i] = "#" + strings.Join(n.Tags, " #")
			tagsW = max(tagsW, cellwidth.String(tags[i]))
		}
	}
	if cols > 0 {
		rest := len("2006-01-02") + 2 + 2 + pathW
		if tagsW > 0 {
			rest += 2 + tagsW
		}
		titleW = min(titleW, max(cols-rest, 16))
	}
	for i, n := range list {
		title := n.Title
		if cols > 0 {
			title = cellwidth.Truncate(title, titleW)
		}
		line := c.Dim(n.Created.Format("2006-01-02")) + "  " + c.Bold(title) + strings.Repeat(" ", titleW-cellwidth.String(title)) +
			"  " + c.Cyan(n.Path)
		if tags[i] != "" {
			line += strings.Repeat(" ", pathW-cellwidth.String(n.Path)) + "  " + c.Dim(tags[i])
		}
		fmt.Fprintln(w, line)
	}
}
