package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/capture"
	"github.com/kb-cli/kb/internal/catalog"
	"github.com/kb-cli/kb/internal/config"
	"github.com/kb-cli/kb/internal/editdist"
	"github.com/kb-cli/kb/internal/links"
	"github.com/kb-cli/kb/internal/notes"
)

type addOptions struct {
	deps
	Title     string
	Type      string
	Tags      []string
	Folder    string
	Messages  []string
	File      string
	JSON      bool
	Links     []string
	folderSet bool
}

func newAddCmd(f *Factory, runF func(*addOptions) error) *cobra.Command {
	opts := &addOptions{deps: f.deps()}
	cmd := &cobra.Command{
		Use:   "add [TITLE]",
		Short: "Capture a note: a lesson, a question, a book, anything",
		Long: `Create a note from TITLE and a body given with -m, -f or on stdin; with none of
those, open the editor on the type's template ($KB_EDITOR, editor in your
own config, $VISUAL, $EDITOR). Templates are ours unless .kb/templates/TYPE.md
exists. The note goes into the type's folder (add.folders in the config) and
is searchable as soon as kb add returns. --link NOTE ends the body with a
link to NOTE, so a lesson is captured already linked to its question.`,
		Example: `  kb add "OOMKilled가 반복된 JVM 파드" --type lesson --tag k8s --tag 장애
  kb add "TCP와 UDP의 차이" --type question -m "TCP는 연결 지향이다."
  dmesg | tail -50 | kb add "커널 로그 메모" --tag linux
  kb add "OOMKilled가 반복된 JVM 파드" --type lesson --link "컨테이너 메모리 제한"`,
		Args: maxArgs(-1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Title = strings.TrimSpace(strings.Join(args, " "))
			opts.folderSet = cmd.Flags().Changed("folder")
			if err := validateAdd(opts); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return addRun(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Type, "type", "t", "note", "the note `type`: lesson, question, book, note, or your own")
	cmd.Flags().StringArrayVar(&opts.Tags, "tag", nil, "a `tag` for the note (repeat for several)")
	cmd.Flags().StringVar(&opts.Folder, "folder", "", "put the note in this `folder` (relative to the root) instead of the type's")
	cmd.Flags().StringArrayVarP(&opts.Messages, "message", "m", nil, "the note's `text` (repeat for paragraphs)")
	cmd.Flags().StringVarP(&opts.File, "file", "f", "", "read the note's text from `FILE` (- for stdin)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, `print {"path","title"} as JSON`)
	cmd.Flags().StringArrayVar(&opts.Links, "link", nil, "link the new note to `NOTE` (a title, file name or path; repeat for several)")
	_ = cmd.RegisterFlagCompletionFunc("link", completeNotes(f.deps()))
	return cmd
}

var typeRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[\p{L}\p{N}_-]+$`) })

func validateAdd(opts *addOptions) error {
	if !typeRE().MatchString(opts.Type) {
		return usageErrorf("--type %q should be one word, like lesson or question", opts.Type)
	}
	opts.Type = strings.ToLower(opts.Type)
	for i, t := range opts.Tags {
		t = strings.TrimPrefix(t, "#")
		if err := notes.ValidTag(t); err != nil {
			return usageErrorf("%v", err)
		}
		opts.Tags[i] = t
	}
	if len(opts.Messages) > 0 && opts.File != "" {
		return usageErrorf("give the text with -m or -f, not both")
	}
	if opts.folderSet {
		if err := config.CheckFolder(opts.Folder); err != nil {
			return usageErrorf("--folder %v", err)
		}
	}
	return nil
}

func addRun(opts *addOptions) error {
	f := opts.deps
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	if _, known := cfg.Add.Folders[opts.Type]; !known {
		warnNewType(f, cfg.Add.Folders, opts.Type)
	}
	req := capture.Request{
		Root: cfg.Root, Title: opts.Title, Type: opts.Type, Tags: opts.Tags, Now: f.Now(),
		Folder: cfg.Add.Folders[opts.Type],
	}
	if opts.folderSet {
		req.Folder = opts.Folder
	}
	if req.Links, err = addLinks(f, opts.Links); err != nil {
		return err
	}
	body, err := addBody(opts)
	if err != nil {
		return err
	}
	req.Body = body
	if body == nil {
		req.Edit = func(path string) error { return openEditor(f, path, 0) }
	}
	path, err := capture.New(req)
	var rec *capture.RecoveryError
	switch {
	case errors.Is(err, capture.ErrUnchanged):
		return &exitError{code: exitFailed, bare: true, err: err}
	case errors.As(err, &rec):
		return withHint(err, "your text is saved in "+rec.Path)
	case err != nil:
		return err
	}
	// Index it now, so it is found by the very next search.
	if err := refreshIndex(f); err != nil {
		f.Warn("the note was created but not indexed yet: " + err.Error())
	}
	rel, _ := filepath.Rel(cfg.Root, path)
	if opts.JSON {
		n, _ := notes.Parse(rel, mustRead(path), f.Now())
		return writeJSON(f.IO.Out, map[string]string{"path": filepath.ToSlash(rel), "title": n.Title})
	}
	fmt.Fprintln(f.IO.Out, displayPath(f.Cwd, path))
	return nil
}

// addLinks resolves the notes given with --link (before anything is
// written) and makes a wikilink to each: its title when that names it alone,
// else its path.
func addLinks(f deps, refs []string) ([]string, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	ix, err := f.OpenIndex(false)
	if err != nil {
		return nil, err
	}
	defer ix.Close()
	c, err := links.Load(ix)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, ref := range refs {
		n, err := catalog.ResolveIn(c.All, cfg.Root, f.Cwd, ref)
		if err != nil {
			return nil, err
		}
		out = append(out, "[["+c.WikiName(n)+"]]")
	}
	return out, nil
}

// addBody is the text given with -m, -f or on stdin, or nil for the editor.
func addBody(opts *addOptions) (*string, error) {
	var text string
	switch {
	case len(opts.Messages) > 0:
		text = strings.Join(opts.Messages, "\n\n")
	case opts.File == "-" || (opts.File == "" && !opts.IO.IsStdinTTY()):
		b, err := io.ReadAll(opts.IO.In)
		if err != nil {
			return nil, fmt.Errorf("cannot read stdin: %w", err)
		}
		text = string(b)
	case opts.File != "":
		b, err := os.ReadFile(opts.File)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", opts.File, errors.Unwrap(err))
		}
		text = string(b)
	default:
		return nil, nil
	}
	if strings.TrimSpace(text) == "" {
		return nil, usageErrorf("the note's text is empty")
	}
	return &text, nil
}

func mustRead(p string) []byte {
	b, _ := os.ReadFile(p)
	return b
}

// displayPath is p relative to the current folder when it is below it, so it
// can be pasted into the next command; else absolute.
func displayPath(cwd, p string) string {
	if rel, err := filepath.Rel(cwd, p); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return p
}

// warnNewType warns when no setting and no note uses typ, most often a typo
// (lessn) that would file the note apart from its kind, and names the closest.
func warnNewType(f deps, folders map[string]string, typ string) {
	known := map[string]bool{}
	for t := range folders {
		known[t] = true
	}
	if ix, err := f.OpenIndex(false); err == nil {
		types, _ := catalog.TypeCounts(ix, nil)
		ix.Close()
		for t := range types {
			if t != "" {
				known[strings.ToLower(t)] = true
			}
		}
	}
	if known[typ] {
		return
	}
	best, bestD := "", 3
	for t := range known {
		if d := editdist.Distance(typ, t); d < bestD || (d == bestD && t < best) {
			best, bestD = t, d
		}
	}
	msg := fmt.Sprintf("no note or setting uses type %q yet", typ)
	if best != "" && bestD <= max(1, len([]rune(typ))/3) {
		msg += fmt.Sprintf("; did you mean %q?", best)
	}
	f.Warn(msg)
}
