package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/catalog"
	"github.com/kb-cli/kb/internal/editor"
	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/kb"
	"github.com/kb-cli/kb/internal/links"
	"github.com/kb-cli/kb/internal/notes"
	"github.com/kb-cli/kb/internal/search"
)

// Helpers shared by the commands: argument checks, JSON output, paging, the
// editor, finding a note by reference, and writing a note then the index.

// maxArgs is cobra.MaximumNArgs with kb's usage error (exit 2); -1 is no limit.
func maxArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if n >= 0 && len(args) > n {
			return usageErrorf("%s takes at most %d argument(s), got %d", cmd.CommandPath(), n, len(args))
		}
		return nil
	}
}

// minArgs is cobra.MinimumNArgs with kb's usage error (exit 2).
func minArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usageErrorf("%s takes %d argument(s) or more, got %d", cmd.CommandPath(), n, len(args))
		}
		return nil
	}
}

// exactArgs is cobra.ExactArgs with kb's usage error (exit 2).
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageErrorf("%s takes %d argument(s), got %d", cmd.CommandPath(), n, len(args))
		}
		return nil
	}
}

func writeJSON(w interface{ Write([]byte) (int, error) }, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// paged runs print with stdout going through the pager on a terminal, when
// the output is longer than the screen (show, list, stats, search).
func paged(f deps, print func() error) error {
	f.IO.StartPager()
	err := print()
	if perr := f.IO.StopPager(); err == nil {
		err = perr
	}
	return err
}

// openEditor opens path at line (0: the top) in the user's editor. With no
// editor set it opens vi, as git does, and says so the first time in this run
// (a quiz session may open many cards).
func openEditor(f deps, path string, line int) error {
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	cmd, fallback := editor.Command(cfg.Editor)
	if fallback && !*f.editorNoted {
		*f.editorNoted = true
		f.Note(editor.FallbackNote)
	}
	return editor.RunAt(cmd, path, line, f.IO.In, f.IO.Out, f.IO.ErrOut)
}

// resolveNote finds the note a user means and its absolute path.
func resolveNote(f deps, ref string) (catalog.NoteInfo, string, error) {
	n, abs, _, err := resolveNoteLine(f, ref)
	return n, abs, err
}

// resolveNoteLine is resolveNote for references that may end in :LINE, as
// search prints them (questions/dns.md:17); line is 0 without one.
func resolveNoteLine(f deps, ref string) (catalog.NoteInfo, string, int, error) {
	cfg, err := f.Config()
	if err != nil {
		return catalog.NoteInfo{}, "", 0, err
	}
	ix, err := f.OpenIndex(false)
	if err != nil {
		return catalog.NoteInfo{}, "", 0, err
	}
	defer ix.Close()
	// The catalog reads the index's title cache: faster than listing it.
	c, err := links.Load(ix)
	if err != nil {
		return catalog.NoteInfo{}, "", 0, err
	}
	n, line, err := resolveIn(f, ix, c.All, cfg.Root, ref)
	if err != nil {
		return n, "", 0, err
	}
	return n, notes.OnDisk(cfg.Root, n.Path), line, nil
}

// resolveIn finds the note ref means among all, for references that may end
// in :LINE as search prints them (questions/dns.md:17; line is 0 without
// one); a missing note names the notes a search for the words finds.
func resolveIn(f deps, ix *index.Index, all []catalog.NoteInfo, root, ref string) (catalog.NoteInfo, int, error) {
	var (
		n    catalog.NoteInfo
		err  error
		line int
		nf   *catalog.NotFoundError
	)
	if m := lineRefRE().FindStringSubmatch(ref); m != nil {
		line, _ = strconv.Atoi(m[2])
		n, err = catalog.ResolveIn(all, root, f.Cwd, m[1])
		if errors.As(err, &nf) {
			line = 0 // a title that ends in :N, perhaps
			n, err = catalog.ResolveIn(all, root, f.Cwd, ref)
		}
	} else {
		n, err = catalog.ResolveIn(all, root, f.Cwd, ref)
	}
	if errors.As(err, &nf) {
		return n, 0, notFoundWithHits(f, ix, root, nf)
	}
	return n, line, err
}

// notFoundWithHits adds to a missing note the notes a search for the same
// words finds: kb show kubernetes names the 쿠버네티스 notes, which no title
// comparison would.
func notFoundWithHits(f deps, ix *index.Index, root string, nf *catalog.NotFoundError) error {
	q, err := search.Parse(nf.Ref)
	if err != nil || len(q.Groups) == 0 {
		return nf
	}
	syn, _ := search.LoadSynonyms(kb.At(root).Synonyms())
	res, err := search.Run(ix, q, search.Options{Limit: 3, Synonyms: syn})
	if err != nil {
		return nf
	}
	var hints, mention []string
	if len(nf.Closest) > 0 {
		hints = append(hints, "the closest titles: "+strings.Join(nf.Closest, ", "))
	}
	for _, h := range res.Hits {
		if !slices.Contains(nf.Closest, h.Title) {
			mention = append(mention, fmt.Sprintf("  %s  (%s)", h.Path, h.Title))
		}
	}
	if len(mention) == 0 {
		return nf
	}
	hints = append(hints, "notes that mention it:")
	return &exitError{code: exitFailed, err: nf, hints: append(hints, mention...)}
}

// openLinks opens the index, reads the catalog of notes and resolves ref.
func openLinks(f deps, ref string) (*index.Index, *links.Catalog, catalog.NoteInfo, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, nil, catalog.NoteInfo{}, err
	}
	ix, err := f.OpenIndex(false)
	if err != nil {
		return nil, nil, catalog.NoteInfo{}, err
	}
	c, err := links.Load(ix)
	if err != nil {
		ix.Close()
		return nil, nil, catalog.NoteInfo{}, err
	}
	n, _, err := resolveIn(f, ix, c.All, cfg.Root, ref)
	if err != nil {
		ix.Close()
		return nil, nil, n, err
	}
	return ix, c, n, nil
}

// rewriteNote edits a note in place, at its target if it is a link inside
// the knowledge base, taking turns with other kb writers and never
// overwriting a change another program made meanwhile (fsutil.EditFile).
func rewriteNote(f deps, abs string, edit func([]byte) ([]byte, error)) (bool, error) {
	cfg, err := f.Config()
	if err != nil {
		return false, err
	}
	target, err := fsutil.ResolveInside(cfg.Root, abs)
	if err != nil {
		return false, err
	}
	changed, err := fsutil.EditFile(target, cfg.Index.LockTimeout, edit)
	if errors.Is(err, fsutil.ErrLocked) {
		err = errors.New("another kb process kept the note locked; nothing was changed")
	}
	return changed, err
}

// refreshAfterWrite brings the index up to date after a note was written.
// The note is written either way, so failing here is no failure of the
// command: it warns, and the next command brings the index up to date.
func refreshAfterWrite(f deps) {
	if err := refreshIndex(f); err != nil {
		f.Warn("the change is saved, but the index is not up to date yet (" + err.Error() + "); the next kb command updates it")
	}
}

func refreshIndex(f deps) error {
	ix, err := f.OpenIndex(false)
	if err != nil {
		return err
	}
	defer ix.Close()
	_, err = ix.Refresh()
	return err
}

// lineRefRE is a note reference with a line number: PATH:17.
var lineRefRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(.+):([0-9]+)$`) })
