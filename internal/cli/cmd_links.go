package cli

import (
	"bytes"
	"fmt"
	"os"

	"strings"

	"github.com/spf13/cobra"

	"github.com/kb-cli/kb/internal/links"
	"github.com/kb-cli/kb/internal/notes"
)

type linksOptions struct {
	deps
	Ref  string
	JSON bool
	Back bool
}

func newLinksCmd(f *Factory, back bool, runF func(*linksOptions) error) *cobra.Command {
	opts := &linksOptions{deps: f.deps(), Back: back}
	cmd := &cobra.Command{
		Use:   "links NOTE",
		Short: "List a note's links to other notes, each with where it leads",
		Long: `List the links in a note, with their line numbers: [[title]], [[path]],
[[file name]], [[target|label]], [[target#heading]] and relative Markdown links
([text](../questions/x.md)). Each says the note it leads to, or that no note
or several notes fit. Links in code are not links.`,
		Example: `  kb links "OOMKilled가 반복된 JVM 파드"
  kb links lessons/oom.md --json`,
		Args:              exactArgs(1),
		ValidArgsFunction: completeNotes(f.deps()),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			if runF != nil {
				return runF(opts)
			}
			if opts.Back {
				return backlinksRun(opts)
			}
			return linksRun(opts)
		},
	}
	if back {
		cmd.Use = "backlinks NOTE"
		cmd.Short = "List the notes that link to a note, with the linking line"
		cmd.Long = `List the links in other notes that lead to NOTE: the linking note, the line
and the line's text.`
		cmd.Example = `  kb backlinks "컨테이너 메모리 제한은 어떻게 동작하나?"`
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the links as a JSON array")
	return cmd
}

func linksRun(opts *linksOptions) error {
	f := opts.deps
	ix, c, n, err := openLinks(f, opts.Ref)
	if err != nil {
		return err
	}
	defer ix.Close()
	out, err := links.Outgoing(ix, c, n.Path)
	if err != nil {
		return err
	}
	if opts.JSON {
		if out == nil {
			out = []links.Resolved{}
		}
		if err := writeJSON(f.IO.Out, out); err != nil {
			return err
		}
	} else {
		cs := f.IO.Colors()
		for _, r := range out {
			fmt.Fprintf(f.IO.Out, "%d: %s -> %s\n", r.Line, linkTarget(r), describeTarget(cs.Cyan, r))
		}
	}
	if len(out) == 0 {
		return &exitError{code: exitFailed, bare: true, err: fmt.Errorf("%s links to no notes", n.Path)}
	}
	return nil
}

// linkTarget is a link's target as written, with its heading.
func linkTarget(r links.Resolved) string {
	t := r.Target
	if r.Heading != "" {
		t += "#" + r.Heading
	}
	if r.Kind == "markdown" {
		return "(" + t + ")"
	}
	return "[[" + t + "]]"
}

func describeTarget(cyan func(string) string, r links.Resolved) string {
	switch r.Status {
	case links.OK:
		return cyan(r.To.Path) + "  " + r.To.Title
	case links.Ambiguous:
		var ps []string
		for _, c := range r.Candidates {
			ps = append(ps, c.Path)
		}
		return fmt.Sprintf("fits %d notes: %s", len(r.Candidates), strings.Join(ps, ", "))
	default:
		return fmt.Sprintf("no note %q", r.Target)
	}
}

// backlink is a link to a note, as kb backlinks shows it.
type backlink struct {
	From    string `json:"from"`
	Title   string `json:"title"`
	Line    int    `json:"line"`
	Context string `json:"context"` // the linking line, trimmed
}

func backlinksRun(opts *linksOptions) error {
	f := opts.deps
	ix, c, n, err := openLinks(f, opts.Ref)
	if err != nil {
		return err
	}
	defer ix.Close()
	back, err := links.Backlinks(ix, c, n.Path)
	if err != nil {
		return err
	}
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	out := withContext(cfg.Root, c, back)
	if opts.JSON {
		if err := writeJSON(f.IO.Out, out); err != nil {
			return err
		}
	} else {
		cs := f.IO.Colors()
		for _, b := range out {
			fmt.Fprintf(f.IO.Out, "%s  %s\n", cs.Cyan(fmt.Sprintf("%s:%d", b.From, b.Line)), cs.Bold(b.Title))
			if b.Context != "" {
				fmt.Fprintf(f.IO.Out, "    %s\n", b.Context)
			}
		}
	}
	if len(out) == 0 {
		return &exitError{code: exitFailed, bare: true, err: fmt.Errorf("no notes link to %s", n.Path)}
	}
	return nil
}

// withContext adds the linking notes' titles and lines, reading each linking
// note once.
func withContext(root string, c *links.Catalog, back []links.Resolved) []backlink {
	out := []backlink{}
	var lines [][]byte
	file := ""
	for i, r := range back {
		if i > 0 && r.From == back[i-1].From && r.Line == back[i-1].Line {
			continue // a line with two links to the note is one line of context
		}
		if r.From != file {
			file, lines = r.From, nil
			if data, err := os.ReadFile(notes.OnDisk(root, r.From)); err == nil {
				lines = bytes.Split(data, []byte("\n"))
			}
		}
		b := backlink{From: r.From, Title: c.Title(r.From), Line: r.Line}
		if r.Line >= 1 && r.Line <= len(lines) {
			b.Context = strings.TrimSpace(string(bytes.TrimPrefix(lines[r.Line-1], []byte("\xef\xbb\xbf"))))
		}
		out = append(out, b)
	}
	return out
}
