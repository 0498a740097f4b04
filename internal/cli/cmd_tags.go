package cli

import (
	"errors"
	"fmt"

	"github.com/kb-cli/kb/internal/catalog"
	"github.com/spf13/cobra"
)

type tagsOptions struct {
	deps
	JSON bool
}

func newTagsCmd(f *Factory, runF func(*tagsOptions) error) *cobra.Command {
	opts := &tagsOptions{deps: f.deps()}
	cmd := &cobra.Command{
		Use:   "tags",
		Short: "Every tag with its number of notes, most used first",
		Args:  maxArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return tagsRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, `print [{"tag","count"}] as JSON`)
	return cmd
}

func tagsRun(opts *tagsOptions) error {
	ix, err := opts.OpenIndex(false)
	if err != nil {
		return err
	}
	defer ix.Close()
	tags, err := catalog.Tags(ix)
	if err != nil {
		return err
	}
	out := opts.IO.Out
	if opts.JSON {
		if tags == nil {
			tags = []catalog.TagCount{}
		}
		return writeJSON(out, tags)
	}
	c := opts.IO.Colors()
	for _, t := range tags {
		fmt.Fprintf(out, "%5d  %s\n", t.Count, c.Cyan("#"+t.Tag))
	}
	if len(tags) == 0 {
		return &exitError{code: exitFailed, bare: true, err: errors.New("no tags yet")}
	}
	return nil
}
