package importer

import (
	"io"
	"path"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/kb-cli/kb/internal/reviews"
)

// Obsidian plans the import of an Obsidian vault (a folder or a zip of one)
// into folder: notes and attachments keep their names and folders, so
// [[wikilinks]] still resolve; #tags and front matter stay as written. The
// spaced repetition plugin's review comments are taken out of the notes and
// become seed events in the review log (sr.go), and wikilinks follow a file
// imported under another name (wikilinks.go).
func Obsidian(vault, folder string, limits Limits) (*Plan, error) {
	src, skipped, err := openSource(vault, limits)
	if err != nil {
		return nil, err
	}
	p := &Plan{Kind: "obsidian", Skipped: skipped}
	names := vaultNamesOf(src.paths())
	hidden := map[string]bool{}
	for _, sp := range src.paths() {
		if h := hiddenPart(sp); h != "" {
			if !hidden[h] {
				hidden[h] = true
				p.Skipped = append(p.Skipped, Skip{Source: h, Reason: "hidden (Obsidian's settings, trash or version control)"})
			}
			continue
		}
		sp := sp
		want := path.Join(folder, sp)
		if !strings.EqualFold(path.Ext(sp), ".md") {
			p.Items = append(p.Items, &Item{Source: sp, Want: want,
				Copy: func() (io.ReadCloser, error) { return src.open(sp) }})
			continue
		}
		p.Items = append(p.Items, &Item{Source: sp, Want: want, Note: true,
			Title: strings.TrimSuffix(path.Base(sp), path.Ext(sp)),
			Render: func(final func(string) string) ([]byte, []reviews.Event, error) {
				data, err := src.read(sp)
				if err != nil {
					return nil, nil, err
				}
				text, scheduled := convertSR(norm.NFC.String(string(data)))
				text = names.relink(text, final)
				return []byte(text), seedEvents(final(sp), []byte(text), scheduled), nil
			}})
	}
	return p, nil
}

// hiddenPart is the first part of p that starts with a dot, with its
// parents, or "".
func hiddenPart(p string) string {
	parts := strings.Split(p, "/")
	for i, part := range parts {
		if strings.HasPrefix(part, ".") {
			return strings.Join(parts[:i+1], "/")
		}
	}
	return ""
}
