package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/index"
)

type indexOptions struct {
	deps
	Rebuild bool
	JSON    bool
}

func newIndexCmd(f *Factory, runF func(*indexOptions) error) *cobra.Command {
	opts := &indexOptions{deps: f.deps()}
	cmd := &cobra.Command{
		Use:   "index",
		Short: "Bring the search index up to date and print what changed",
		Long: `Every command that searches brings the index up to date by itself; kb index
does it explicitly and reports the counts. --rebuild starts over from the notes.`,
		Args: maxArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return indexRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Rebuild, "rebuild", false, "discard the index and build it again from the notes")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the counts as JSON")
	return cmd
}

func indexRun(opts *indexOptions) error {
	start := time.Now()
	ix, err := opts.OpenIndex(opts.Rebuild)
	if err != nil {
		return err
	}
	defer ix.Close()
	st, err := ix.Refresh()
	if err != nil {
		return err
	}
	if st.Unwritable != "" {
		return fmt.Errorf("the index cannot be written (%s)", st.Unwritable)
	}
	elapsed := time.Since(start)
	out := opts.IO.Out
	if opts.JSON {
		return writeJSON(out, indexJSON(st, elapsed))
	}
	verb := "updated"
	if st.Rebuilt {
		verb = "built"
	}
	fmt.Fprintf(out, "Index %s: %d notes (%d added, %d updated, %d renamed, %d removed, %d unchanged, %d skipped) in %.2fs\n",
		verb, st.Notes, st.Added, st.Updated, st.Renamed, st.Removed, st.Unchanged, st.Skipped, elapsed.Seconds())
	return nil
}

func indexJSON(st index.Stats, elapsed time.Duration) any {
	return map[string]any{
		"notes": st.Notes, "added": st.Added, "updated": st.Updated, "renamed": st.Renamed,
		"removed": st.Removed, "unchanged": st.Unchanged, "skipped": st.Skipped,
		"rebuilt": st.Rebuilt, "seconds": elapsed.Seconds(),
	}
}
