package cli

import (
	"bufio"
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
	deps
	List catalog.ListOptions
	JSON bool
}

func newListCmd(f *Factory, runF func(*listOptions) error) *cobra.Command {
	opts := &listOptions{deps: f.deps()}
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
	ix, err := opts.OpenIndex(false)
	if err != nil {
		return err
	}
	defer ix.Close()
	list, err := catalog.List(ix, opts.List)
	if err != nil {
		return err
	}
	out := opts.IO.Out
	if opts.JSON {
		return writeJSON(out, list)
	}
	if err := paged(opts.deps, func() error {
		cols := 0
		if opts.IO.IsStdoutTTY() {
			cols = opts.IO.ScreenCols()
		}
		printList(opts.IO.Out, opts.IO.Colors(), cols, list)
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
// titles are shortened so a line fits; a pipe gets them whole. Widths are
// measured once and lines go out through a buffer: at 10k notes, a write per
// line and widths measured twice cost more than reading the catalog.
func printList(out io.Writer, c iostreams.Colors, cols int, list []catalog.NoteInfo) {
	titleW, pathW, tagsW := 0, 0, 0
	tags := make([]string, len(list))
	widths := make([][3]int, len(list)) // title, path, tags
	for i, n := range list {
		w := &widths[i]
		w[0], w[1] = cellwidth.String(n.Title), cellwidth.String(n.Path)
		titleW, pathW = max(titleW, w[0]), max(pathW, w[1])
		if len(n.Tags) > 0 {
			tags[i] = "#" + strings.Join(n.Tags, " #")
			if cols > 0 { // only a terminal's width needs the tags' width
				w[2] = cellwidth.String(tags[i])
				tagsW = max(tagsW, w[2])
			}
		}
	}
	if cols > 0 {
		rest := len("2006-01-02") + 2 + 2 + pathW
		if tagsW > 0 {
			rest += 2 + tagsW
		}
		titleW = min(titleW, max(cols-rest, 16))
	}
	w := bufio.NewWriterSize(out, 64<<10)
	for i, n := range list {
		title, tw := n.Title, widths[i][0]
		if cols > 0 && tw > titleW {
			title = cellwidth.Truncate(title, titleW)
			tw = cellwidth.String(title)
		}
		w.WriteString(c.Dim(n.Created.Format("2006-01-02")))
		w.WriteString("  ")
		w.WriteString(c.Bold(title))
		pad(w, titleW-tw)
		w.WriteString("  ")
		w.WriteString(c.Cyan(n.Path))
		if tags[i] != "" {
			pad(w, pathW-widths[i][1])
			w.WriteString("  ")
			w.WriteString(c.Dim(tags[i]))
		}
		w.WriteByte('\n')
	}
	w.Flush() // as before the buffer: a reader that went away is not an error
}

const spaces = "                                                                "

// pad writes n spaces.
func pad(w *bufio.Writer, n int) {
	for ; n > len(spaces); n -= len(spaces) {
		w.WriteString(spaces)
	}
	if n > 0 {
		w.WriteString(spaces[:n])
	}
}
