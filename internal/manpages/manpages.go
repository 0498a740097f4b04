// Package manpages writes kb's man pages from its command tree. It lives
// apart from the kb binary: the man page generator's Markdown library costs
// every command 0.4 ms of start-up, for something only packagers run.
package manpages

import (
	"os"
	"time"

	"github.com/spf13/cobra/doc"

	"github.com/kb-cli/kb/internal/cli"
)

// Write puts a page for every kb command into dir, dated date (so builds
// are reproducible).
func Write(dir string, date time.Time) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root := cli.NewRootCmd(cli.NewFactoryForDocs())
	root.DisableAutoGenTag = true
	hdr := &doc.GenManHeader{Title: "KB", Section: "1", Source: "kb " + root.Version, Date: &date}
	return doc.GenManTree(root, hdr, dir)
}
