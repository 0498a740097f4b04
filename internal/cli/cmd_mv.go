package cli

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/text/unicode/norm"

	"github.com/kb-cli/kb/internal/kb"
	"github.com/kb-cli/kb/internal/links"
	"github.com/kb-cli/kb/internal/notes"
)

type mvOptions struct {
	deps
	Ref     string
	NewPath string
	Title   string
	DryRun  bool
}

func newMvCmd(f *Factory, runF func(*mvOptions) error) *cobra.Command {
	opts := &mvOptions{deps: f.deps()}
	cmd := &cobra.Command{
		Use:   "mv NOTE [NEWPATH] [--title TITLE]",
		Short: "Move or retitle a note; links to it in other notes follow",
		Long: `Move a note to NEWPATH (a file, or a folder to keep its name; relative to
the current folder when that is inside the knowledge base, else to its
root), or give it a new
title with --title: the title in its front matter and its first heading
change, and the file takes the new title's name (in the same folder, unless
NEWPATH says otherwise). Every link to it in other notes that would no
longer lead to it is rewritten, naming it the way it did before (title, file
name or path), and so are the note's own relative links when it changes
folder. Nothing else in any file changes: line endings and byte-order marks
stay. Each file is replaced whole or not at all. --dry-run shows what would
change. Review history stays with the cards: a card is known by its
question, not by the note's path.`,
		Example: `  kb mv questions/mem.md questions/k8s/
  kb mv "컨테이너 메모리" --title "컨테이너 메모리 제한은 어떻게 동작하나?"
  kb mv pod k8s/pod-lifecycle.md --dry-run`,
		Args:              rangeArgs(1, 2),
		ValidArgsFunction: completeNotes(f.deps()),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if len(args) == 2 {
				opts.NewPath = args[1]
			}
			opts.Title = strings.TrimSpace(opts.Title)
			if opts.NewPath == "" && opts.Title == "" {
				return usageErrorf("kb mv needs NEWPATH or --title, as in: kb mv NOTE folder/new-name.md")
			}
			if runF != nil {
				return runF(opts)
			}
			return mvRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Title, "title", "", "give the note this `title` (and the file its name)")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "show what would change, write nothing")
	return cmd
}

func rangeArgs(lo, hi int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < lo || len(args) > hi {
			return usageErrorf("%s takes %d to %d arguments, got %d", cmd.CommandPath(), lo, hi, len(args))
		}
		return nil
	}
}

func mvRun(opts *mvOptions) error {
	f := opts.deps
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	ix, c, n, err := openLinks(f, opts.Ref)
	if err != nil {
		return err
	}
	newPath, err := mvTarget(cfg.Root, f.Cwd, n.Path, opts)
	if err != nil {
		ix.Close()
		return err
	}
	if newPath == n.Path && (opts.Title == "" || opts.Title == n.Title) {
		ix.Close()
		return usageErrorf("%s is already there with that title", n.Path)
	}
	if newPath != n.Path {
		if _, err := os.Lstat(filepath.Join(cfg.Root, filepath.FromSlash(newPath))); err == nil {
			ix.Close()
			return fmt.Errorf("%s already exists", newPath)
		}
	}
	plan, err := links.PlanMove(ix, c, cfg.Root, n, newPath, opts.Title)
	ix.Close()
	if err != nil {
		return err
	}
	for _, w := range plan.Warnings {
		f.Warn(w)
	}
	would := func(s string) string {
		if opts.DryRun {
			return "would " + s
		}
		return s
	}
	if !opts.DryRun {
		if err := plan.Apply(cfg.Root, func(abs string, edit func([]byte) ([]byte, error)) (bool, error) {
			return rewriteNote(f, abs, edit)
		}); err != nil {
			return err
		}
	}
	out := f.IO.Out
	if plan.New != plan.Old {
		fmt.Fprintf(out, "%s %s -> %s\n", would("move"), plan.Old, plan.New)
	}
	if plan.NewTitle != plan.OldTitle {
		fmt.Fprintf(out, "%s %q -> %q\n", would("retitle"), plan.OldTitle, plan.NewTitle)
	}
	total, files := 0, 0
	for _, e := range plan.Edits {
		var ls []string
		for _, l := range e.Lines {
			ls = append(ls, fmt.Sprint(l))
		}
		fmt.Fprintf(out, "%s: %d link(s), line %s\n", e.Path, e.Links, strings.Join(ls, ", "))
		total += e.Links
		files++
	}
	fmt.Fprintf(out, "%s %d link(s) in %d note(s)\n", would("rewrite"), total, files)
	if !opts.DryRun {
		refreshAfterWrite(f)
	}
	return nil
}

// mvTarget is the note's path after the move: NEWPATH (a folder keeps the
// file name, .md is added when missing), or the new title's name in the
// same folder.
func mvTarget(root, cwd, old string, opts *mvOptions) (string, error) {
	name := path.Base(old)
	if opts.Title != "" {
		slug := notes.Slug(opts.Title)
		if slug == "" {
			return "", usageErrorf("--title %q makes no file name", opts.Title)
		}
		name = slug + ".md"
	}
	if opts.NewPath == "" {
		return path.Join(path.Dir(old), name), nil
	}
	// Relative to the current folder inside the knowledge base, else to its root.
	base := root
	if rel, err := filepath.Rel(root, cwd); err == nil && filepath.IsLocal(rel) {
		base = cwd
	}
	abs := opts.NewPath
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(base, abs)
	}
	if fi, err := os.Stat(abs); (err == nil && fi.IsDir()) || strings.HasSuffix(opts.NewPath, "/") || strings.HasSuffix(opts.NewPath, string(filepath.Separator)) {
		abs = filepath.Join(abs, name)
	} else if !strings.EqualFold(filepath.Ext(abs), ".md") {
		abs += ".md"
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return "", usageErrorf("%s is outside the knowledge base", opts.NewPath)
	}
	rel = norm.NFC.String(filepath.ToSlash(rel))
	if kb.Internal(rel) {
		return "", usageErrorf("%s is inside .kb, where kb keeps its own files", opts.NewPath)
	}
	return rel, nil
}
