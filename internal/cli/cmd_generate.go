package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

func newGenerateCmd(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:    "generate",
		Short:  "Generate documentation (for packagers)",
		Hidden: true,
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "man DIR",
		Short: "Write man pages for every command into DIR",
		Args:  exactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return err
			}
			root := c.Root()
			root.DisableAutoGenTag = true
			// The date comes from kb's clock, so KB_NOW makes the pages reproducible.
			now := f.Now()
			hdr := &doc.GenManHeader{Title: "KB", Section: "1", Source: "kb " + versionString(), Date: &now}
			if err := doc.GenManTree(root, hdr, args[0]); err != nil {
				return err
			}
			fmt.Fprintf(f.IO.Out, "man pages written to %s\n", args[0])
			return nil
		},
	})
	return cmd
}
