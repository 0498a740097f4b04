package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/catalog"
	"github.com/kb-cli/kb/internal/notes"
)

type tagOptions struct {
	deps
	Ref    string
	Add    []string
	Remove []string
	Rename bool
	Old    string
	New    string
	DryRun bool
}

func newTagCmd(f *Factory, runF func(*tagOptions) error) *cobra.Command {
	opts := &tagOptions{deps: f.deps()}
	cmd := &cobra.Command{
		Use:   "tag NOTE +TAG... -TAG... | tag --rename OLD NEW",
		Short: "Add or remove a note's tags, or rename a tag everywhere",
		Long: `kb tag NOTE +TAG -TAG changes the tags in the note's front matter and nothing
else in the file; a tag already there (or already absent) is left as it is.
A note without front matter gets one; one with broken front matter is refused.

kb tag --rename OLD NEW renames a tag in every note, in front matter and in
inline #OLD alike, and reports each file it changes; --dry-run only reports.`,
		Example: `  kb tag "Pod 라이프사이클" +면접 -draft
  kb tag --rename k8s kubernetes --dry-run`,
		DisableFlagParsing: true,
		ValidArgsFunction:  completeTagCmd(f.deps()),
		RunE: func(cmd *cobra.Command, args []string) error {
			words, err := parseOwnFlags(cmd, args)
			if err != nil || words == nil {
				return err
			}
			if err := parseTagArgs(opts, words); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			if opts.Rename {
				return renameRun(opts)
			}
			return tagRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Rename, "rename", false, "rename tag OLD to NEW in every note")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "with --rename: show the changes, write nothing")
	return cmd
}

func parseTagArgs(opts *tagOptions, words []string) error {
	clean := func(t string) (string, error) {
		t = strings.TrimPrefix(t, "#")
		return t, notes.ValidTag(t)
	}
	if opts.Rename {
		if len(words) != 2 {
			return usageErrorf("kb tag --rename takes OLD and NEW")
		}
		var err error
		if opts.Old, err = clean(words[0]); err != nil {
			return usageErrorf("%v", err)
		}
		if opts.New, err = clean(words[1]); err != nil {
			return usageErrorf("%v", err)
		}
		return nil
	}
	if opts.DryRun {
		return usageErrorf("--dry-run goes with --rename")
	}
	if len(words) < 2 {
		return usageErrorf("kb tag needs a note and +TAG or -TAG, as in: kb tag NOTE +면접 -draft")
	}
	opts.Ref = words[0]
	for _, w := range words[1:] {
		if len(w) < 2 || (w[0] != '+' && w[0] != '-') {
			return usageErrorf("%q: write +TAG to add a tag or -TAG to remove one", w)
		}
		t, err := clean(w[1:])
		if err != nil {
			return usageErrorf("%v", err)
		}
		if w[0] == '+' {
			opts.Add = append(opts.Add, t)
		} else {
			opts.Remove = append(opts.Remove, t)
		}
	}
	return nil
}

func tagRun(opts *tagOptions) error {
	f := opts.deps
	n, abs, err := resolveNote(f, opts.Ref)
	if err != nil {
		return err
	}
	var out []byte
	changed, err := rewriteNote(f, abs, func(src []byte) ([]byte, error) {
		edited, changed, err := notes.EditTags(src, notes.AddRemove(opts.Add, opts.Remove))
		if err != nil || !changed {
			return nil, err
		}
		out = edited
		return edited, nil
	})
	if err != nil {
		return fileError(n.Path, err)
	}
	if !changed {
		fmt.Fprintf(f.IO.Out, "%s: tags unchanged\n", n.Path)
		return nil
	}
	after, _ := notes.Parse(n.Path, out, f.Now())
	fmt.Fprintf(f.IO.Out, "%s: tags %s\n", n.Path, tagList(after.Tags))
	refreshAfterWrite(f)
	return nil
}

func renameRun(opts *tagOptions) error {
	f := opts.deps
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	ix, err := f.OpenIndex(false)
	if err != nil {
		return err
	}
	list, err := catalog.List(ix, catalog.ListOptions{Tags: []string{opts.Old}, Sort: "title"})
	ix.Close()
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return &exitError{code: exitFailed, bare: true, err: fmt.Errorf("no notes are tagged #%s; nothing renamed", opts.Old),
			hints: []string{"kb tags lists the tags in use"}}
	}
	verb := "renamed"
	if opts.DryRun {
		verb = "would rename"
	}
	changedFiles, failed := 0, 0
	for _, n := range list {
		abs := notes.OnDisk(cfg.Root, n.Path)
		report, err := renameIn(f, abs, opts)
		if err != nil {
			f.Warn(fileError(n.Path, err).Error())
			failed++
			continue
		}
		if report == "" {
			continue
		}
		changedFiles++
		fmt.Fprintf(f.IO.Out, "%s: %s\n", n.Path, report)
	}
	fmt.Fprintf(f.IO.Out, "%s #%s to #%s in %d note(s)\n", verb, opts.Old, opts.New, changedFiles)
	if !opts.DryRun && changedFiles > 0 {
		refreshAfterWrite(f)
	}
	if failed > 0 {
		return fmt.Errorf("%d note(s) could not be changed; see the warnings above", failed)
	}
	return nil
}

// renameIn renames the tag in one file and says what changed, or "" for nothing.
func renameIn(f deps, abs string, opts *tagOptions) (string, error) {
	var report string
	rename := func(src []byte) ([]byte, error) {
		out, fmChanged, err := notes.EditTags(src, notes.Rename(opts.Old, opts.New))
		if err != nil {
			return nil, err
		}
		out, lines, err := notes.RenameInlineTag(out, opts.Old, opts.New)
		if err != nil {
			return nil, err
		}
		var what []string
		if fmChanged {
			what = append(what, "front matter")
		}
		for _, l := range lines {
			what = append(what, fmt.Sprintf("line %d", l))
		}
		report = strings.Join(what, ", ")
		if len(what) == 0 {
			return nil, nil
		}
		return out, nil
	}
	if opts.DryRun {
		src, err := os.ReadFile(abs)
		if err != nil {
			return "", err
		}
		_, err = rename(src)
		return report, err
	}
	_, err := rewriteNote(f, abs, rename)
	return report, err
}

// fileError names the file, and its line when the problem has one.
func fileError(path string, err error) error {
	var le *notes.LineError
	if errors.As(err, &le) {
		return fmt.Errorf("%s:%d: %s", path, le.Line, le.Msg)
	}
	return fmt.Errorf("%s: %w", path, err)
}

func tagList(tags []string) string {
	if len(tags) == 0 {
		return "(none)"
	}
	return "#" + strings.Join(tags, " #")
}
