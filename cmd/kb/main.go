// Command kb is a Markdown knowledge base on the command line.
package main

import (
	"os"

	"github.com/kb-cli/kb/internal/cli"
)

func main() { os.Exit(cli.Main()) }
