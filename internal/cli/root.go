// Package cli is kb's command line: thin Cobra commands that parse flags,
// call the domain packages and render what they return.
package cli

import (
	"fmt"
	"log"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X .../internal/cli.version=v1.2.3".
var version = ""

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// Main runs kb and returns its exit code.
func Main() int {
	// kb runs for milliseconds and allocates little that lives: collecting
	// less often takes 5 ms off a search over 10k notes (the stat walk runs in
	// a fresh, small heap that the default target would collect repeatedly).
	debug.SetGCPercent(400)
	// Bleve logs internal diagnostics through the standard logger; they are
	// for kb's developers, so users see them as they happen only with
	// KB_DEBUG=1. Otherwise the last lines are kept for an unexpected error.
	kept := newDebugLog(50)
	log.SetOutput(kept)
	if os.Getenv("KB_DEBUG") != "" {
		kept = nil
		log.SetOutput(os.Stderr)
		log.SetPrefix("kb: debug: ")
	}
	args := os.Args[1:]
	f, err := newSystemFactory()
	if err != nil {
		return report(reportTo{w: os.Stderr, json: argsWantJSON(args)}, &exitError{code: exitUsage, err: err})
	}
	root := NewRootCmd(f)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err != nil {
		return report(reportTo{w: f.IO.ErrOut, json: wantsJSON(cmd, args, err), log: kept}, err)
	}
	return exitOK
}

// wantsJSON reports whether the command ran with --json, so its error is
// JSON too. When the command line was wrong, its flags may not have been
// parsed: the arguments say.
func wantsJSON(cmd *cobra.Command, args []string, err error) bool {
	if cmd != nil {
		if fl := cmd.Flags().Lookup("json"); fl != nil && fl.Value.String() == "true" {
			return true
		}
	}
	if code, _, _, _ := classify(err); code == exitUsage {
		return argsWantJSON(args)
	}
	return false
}

// argsWantJSON looks for --json among the flags, before any "--".
func argsWantJSON(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "--json", "--json=true":
			return true
		}
	}
	return false
}

// NewRootCmd builds the command tree.
func NewRootCmd(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "kb",
		Short: "A Markdown knowledge base for interview prep: capture, search, review",
		Long: `kb keeps notes as plain Markdown files in a folder you own, finds any of them
by any word, Korean or English, and drills the questions in them.`,
		Version:       versionString(),
		SilenceErrors: true,
		SilenceUsage:  true,
		// kb alone: the interactive search on a terminal, the help elsewhere.
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return fmt.Errorf("unknown command %q for \"kb\"", args[0])
			}
			if f.IO.IsStdinTTY() {
				return pickerRun(f.deps(), "", nil, "")
			}
			return cmd.Help()
		},
	}
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	root.PersistentFlags().String("dir", "", "the knowledge base `folder` (default: KB_DIR, the nearest folder with .kb/, or dir in the user config)")
	root.PersistentFlags().BoolVar(&f.IO.NoPager, "no-pager", false, "never send long output through a pager")
	f.flags = root.PersistentFlags()
	// Output for scripts gets no progress bar on stderr either.
	root.PersistentPreRun = func(cmd *cobra.Command, args []string) {
		if fl := cmd.Flags().Lookup("json"); fl != nil && fl.Value.String() == "true" {
			f.IO.NoProgress = true
		}
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitError{code: exitUsage, err: err, hints: []string{"run '" + c.CommandPath() + " --help' for usage"}}
	})
	root.AddCommand(
		newInitCmd(f, nil),
		newAddCmd(f, nil),
		newIndexCmd(f, nil),
		newSearchCmd(f, nil),
		newListCmd(f, nil),
		newTagsCmd(f, nil),
		newShowCmd(f, nil),
		newEditCmd(f, nil),
		newLinksCmd(f, false, nil),
		newLinksCmd(f, true, nil),
		newCheckCmd(f, nil),
		newMvCmd(f, nil),
		newRmCmd(f, nil),
		newRestoreCmd(f, nil),
		newTagCmd(f, nil),
		newQuizCmd(f, nil),
		newCardsCmd(f, nil),
		newStatsCmd(f, nil),
		newOptimizeCmd(f, nil),
		newReviewCmd(f, nil),
		newSuspendCmd(f, true, nil),
		newSuspendCmd(f, false, nil),
		newImportCmd(f, nil),
		newSyncCmd(f, nil),
	)
	// Tag names complete wherever a command takes --tag.
	for _, c := range root.Commands() {
		if c.Flags().Lookup("tag") != nil {
			_ = c.RegisterFlagCompletionFunc("tag", completeTags(f.deps()))
		}
	}
	return root
}
