package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/importer"
	"github.com/kb-cli/kb/internal/kb"
	"github.com/kb-cli/kb/internal/reviews"
)

type importOptions struct {
	deps
	Source string // notion, obsidian, anki
	Path   string
	Folder string
	DryRun bool
	Yes    bool
	JSON   bool
	Plan   planner // reads the source
}

type planner func(path, folder string, limits importer.Limits) (*importer.Plan, error)

func newImportCmd(f *Factory, runF func(*importOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Bring in notes from Notion, Obsidian or Anki",
		Long: `Bring in notes kept elsewhere. On a terminal kb first shows what it would
create and asks; elsewhere it imports at once (--dry-run only shows). It never
overwrites a file: a name that is taken gets -2, -3 ... Everything imported is
recorded in .kb/imports.jsonl, so running an import again creates nothing new.`,
		Args: maxArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageErrorf("say what to import from: kb import notion|obsidian|anki PATH")
		},
	}
	cmd.AddCommand(
		newImportSourceCmd(f, "notion", "EXPORT.zip|DIR", "notion",
			`Import a Notion "Markdown & CSV" export, zipped or unpacked. Pages become notes
named from their titles (without Notion's ids), in folders as nested in Notion;
the property lines under a title become front matter (a date becomes created,
tags become tags); links between pages and to attachments follow them; rows of
a database without a page of their own become notes with the columns as front
matter.`, importer.Notion, runF),
		newImportSourceCmd(f, "obsidian", "VAULT", "obsidian",
			`Import an Obsidian vault: notes and attachments keep their names and folders,
so [[wikilinks]] still resolve; #tags and front matter stay as written. The
spaced repetition plugin's review comments (<!--SR:!2024-01-01,3,250-->) are
taken out of the notes, their cards rewritten in kb's syntax, and their
schedules carried over into your review log.`, importer.Obsidian, runF),
		newImportSourceCmd(f, "anki", "FILE.txt", "anki",
			`Import an Anki "Notes in Plain Text" export: one note for each deck, one Q:/A:
card for each Anki note, its HTML turned into Markdown, its tags on the note.`, importer.Anki, runF),
	)
	return cmd
}

func newImportSourceCmd(f *Factory, name, arg, folder, long string, plan planner, runF func(*importOptions) error) *cobra.Command {
	opts := &importOptions{deps: f.deps(), Source: name, Plan: plan}
	cmd := &cobra.Command{
		Use:   name + " " + arg,
		Short: "Import from " + strings.ToUpper(name[:1]) + name[1:],
		Long:  long,
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Path = args[0]
			if err := validFolder(opts.Folder); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return importRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Folder, "folder", folder, "put what is imported in this `folder` (relative to the root; . for the root)")
	cmd.Flags().BoolVarP(&opts.DryRun, "dry-run", "n", false, "show what would be created, and write nothing")
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "import without asking, even on a terminal")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print what was (or would be) created and skipped as JSON")
	return cmd
}

func validFolder(folder string) error {
	clean := filepath.Clean(folder)
	if clean != "." && (!filepath.IsLocal(clean) || strings.HasPrefix(clean, ".")) {
		return usageErrorf("--folder %q must be a folder inside the knowledge base, not a hidden one", folder)
	}
	return nil
}

type importReport struct {
	DryRun  bool               `json:"dry_run"`
	Items   []importer.Outcome `json:"items"`
	Skipped []importer.Skip    `json:"skipped"`
}

func importRun(opts *importOptions) error {
	f := opts.deps
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	folder := filepath.ToSlash(filepath.Clean(opts.Folder))
	if folder == "." {
		folder = ""
	}
	if err := notOverlapping(cfg.Root, opts.Path); err != nil {
		return err
	}
	p, err := opts.Plan(opts.Path, folder, importer.DefaultLimits)
	if err != nil {
		return err
	}
	outcomes, err := importer.Resolve(cfg.Root, p)
	if err != nil {
		return err
	}
	rep := importReport{DryRun: opts.DryRun, Items: outcomes, Skipped: p.Skipped}
	if rep.Skipped == nil {
		rep.Skipped = []importer.Skip{}
	}
	notesN, filesN := count(outcomes)
	ask := !opts.DryRun && !opts.Yes && !opts.JSON && f.IO.IsStdinTTY() && f.IO.IsStdoutTTY()
	if (opts.DryRun && !opts.JSON) || ask {
		limit := 0
		if ask {
			limit = 30 // before the question: renames and skips in full, creates in part
		}
		printImport(f, rep, true, limit)
	}
	if opts.DryRun {
		if opts.JSON {
			return writeJSON(f.IO.Out, rep)
		}
		return nil
	}
	if notesN+filesN > 0 && ask {
		fmt.Fprintf(f.IO.Out, "Import %s? [y/N] ", counted(notesN, filesN))
		answer, _ := bufio.NewReader(f.IO.In).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
			return &exitError{code: exitFailed, bare: true, err: errors.New("nothing imported")}
		}
	}
	if notesN+filesN > 0 {
		if err := kb.UpgradeGitattributes(cfg.Root); err != nil {
			f.Warn("cannot update .kb/.gitattributes: " + err.Error())
		}
		store := reviewStore(cfg, "")
		if err := importer.Apply(cfg.Root, p, outcomes, func(evs []reviews.Event) error { return store.Append(evs...) }); err != nil {
			return err
		}
		if err := refreshIndex(f); err != nil {
			f.Warn("the notes were imported but not indexed yet: " + err.Error())
		}
	}
	if opts.JSON {
		return writeJSON(f.IO.Out, rep)
	}
	if ask {
		// The list was shown before the question: only the outcome now.
		if notesN+filesN > 0 {
			fmt.Fprintf(f.IO.Out, "imported %s\n", counted(notesN, filesN))
		}
		return nil
	}
	printImport(f, rep, false, 0)
	return nil
}

func count(outcomes []importer.Outcome) (notesN, filesN int) {
	for _, o := range outcomes {
		if o.Action == importer.Skipped {
			continue
		}
		if o.Note {
			notesN++
		} else {
			filesN++
		}
	}
	return notesN, filesN
}

func counted(notesN, filesN int) string {
	s := plural(notesN, "note")
	if filesN > 0 {
		s += " and " + plural(filesN, "file")
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// printImport lists what is (or would be) created, renamed and skipped,
// then a summary line. limit > 0 shows only that many plain creates.
func printImport(f deps, rep importReport, would bool, limit int) {
	out := f.IO.Out
	verb := map[string]string{importer.Create: "created", importer.Rename: "created", importer.Skipped: "skipped"}
	if would {
		verb = map[string]string{importer.Create: "create", importer.Rename: "create", importer.Skipped: "skip"}
	}
	skipped, events, renamed, shown, hidden := len(rep.Skipped), 0, 0, 0, 0
	for _, o := range rep.Items {
		switch o.Action {
		case importer.Skipped:
			skipped++
			fmt.Fprintf(out, "%-8s %s: %s\n", verb[o.Action], o.Source, o.Reason)
			continue
		case importer.Rename:
			renamed++
			fmt.Fprintf(out, "%-8s %s  (%s)\n", verb[o.Action], o.Path, o.Reason)
		default:
			if limit > 0 && shown >= limit {
				hidden++
			} else {
				shown++
				fmt.Fprintf(out, "%-8s %s\n", verb[o.Action], o.Path)
			}
		}
		events += o.Events
	}
	if hidden > 0 {
		fmt.Fprintf(out, "... and %d more (--dry-run lists them all)\n", hidden)
	}
	for _, s := range rep.Skipped {
		fmt.Fprintf(out, "%-8s %s: %s\n", verb[importer.Skipped], s.Source, s.Reason)
	}
	notesN, filesN := count(rep.Items)
	var b strings.Builder
	if would {
		fmt.Fprintf(&b, "would import %s", counted(notesN, filesN))
	} else {
		fmt.Fprintf(&b, "imported %s", counted(notesN, filesN))
	}
	if renamed > 0 {
		fmt.Fprintf(&b, " (%d under another name)", renamed)
	}
	if events > 0 {
		fmt.Fprintf(&b, ", with %s", plural(events, "review schedule"))
	}
	if skipped > 0 {
		fmt.Fprintf(&b, "; skipped %d", skipped)
	}
	if would {
		b.WriteString("; nothing written yet")
	}
	fmt.Fprintln(out, b.String())
}

// notOverlapping refuses a folder to import that holds the knowledge base or
// lies inside it: its notes would be imported again and again, and kb reads
// the notes inside the knowledge base where they are.
func notOverlapping(root, src string) error {
	fi, err := os.Stat(src)
	if err != nil || !fi.IsDir() {
		return nil // a zip or a file; a missing path is reported by the importer
	}
	abs := func(p string) string {
		a, _ := filepath.Abs(p)
		if r, err := filepath.EvalSymlinks(a); err == nil {
			return r
		}
		return a
	}
	r, s := abs(root), abs(src)
	inside := func(outer, inner string) bool {
		rel, err := filepath.Rel(outer, inner)
		return err == nil && filepath.IsLocal(rel)
	}
	if inside(r, s) || inside(s, r) {
		return withHint(fmt.Errorf("%s and the knowledge base %s overlap", src, root),
			"kb reads the notes inside the knowledge base where they are; import from a folder outside it")
	}
	return nil
}
