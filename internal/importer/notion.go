package importer

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"net/url"
	"path"
	"regexp"
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"

	"github.com/kb-cli/kb/internal/notes"
	"github.com/kb-cli/kb/internal/reviews"
)

// notionID is the id Notion appends to every exported file and folder name.
var notionID = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s*[0-9a-f]{32}$`) })

// stripID is a Notion name without its id.
func stripID(name string) string {
	return strings.TrimSpace(notionID().ReplaceAllString(name, ""))
}

// Notion plans the import of a Notion "Markdown & CSV" export (a zip or the
// folder it unpacks to) into folder.
func Notion(exportPath, folder string, limits Limits) (*Plan, error) {
	src, skipped, err := openSource(exportPath, limits)
	if err != nil {
		return nil, err
	}
	p := &Plan{Kind: "notion", Skipped: skipped}
	n := &notion{src: src, folder: folder, plan: p, pageTitles: map[string]map[string]bool{}, titles: map[string]string{}}
	paths := src.paths()
	// Pages first: database rows with a page of their own are skipped.
	for _, sp := range paths {
		if strings.EqualFold(path.Ext(sp), ".md") {
			if err := n.page(sp); err != nil {
				p.Skipped = append(p.Skipped, Skip{Source: sp, Reason: err.Error()})
			}
		}
	}
	// A page's subpages are in a folder named as its file: once every
	// title is known, that folder takes the name of the page's note.
	for _, it := range p.Items {
		it.Want = path.Join(n.target(path.Dir(it.Source)), it.Want)
	}
	for _, sp := range paths {
		switch strings.ToLower(path.Ext(sp)) {
		case ".md":
		case ".csv":
			if err := n.database(sp); err != nil {
				p.Skipped = append(p.Skipped, Skip{Source: sp, Reason: err.Error()})
			}
		default:
			n.attachment(sp)
		}
	}
	return p, nil
}

type notion struct {
	src        *source
	folder     string
	plan       *Plan
	pageTitles map[string]map[string]bool // export folder -> titles of its pages
	titles     map[string]string          // a page's path without ".md" -> its title
}

// target maps an export folder ("Blog abc/Post def") to a KB folder
// ("notion/blog/post"): the slug of the title of the page the folder
// belongs to, else of the folder's name without its id.
func (n *notion) target(dir string) string {
	out := n.folder
	if dir == "." || dir == "" {
		return out
	}
	cur := ""
	for _, part := range strings.Split(dir, "/") {
		cur = path.Join(cur, part)
		name := stripID(part)
		if t, ok := n.titles[cur]; ok {
			name = t
		}
		s := notes.Slug(name)
		if s == "" {
			s = "untitled"
		}
		out = path.Join(out, s)
	}
	return out
}

func (n *notion) page(sp string) error {
	data, err := n.src.read(sp)
	if err != nil {
		return err
	}
	text := norm.NFC.String(string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	text = strings.ReplaceAll(text, "\r\n", "\n")
	stem := strings.TrimSuffix(path.Base(sp), path.Ext(sp))
	title, body := stripID(stem), text
	if first, rest, _ := strings.Cut(text, "\n"); strings.HasPrefix(first, "# ") {
		title, body = strings.TrimSpace(first[2:]), rest
	}
	if title = noControls(title); title == "" {
		title = "Untitled"
	}
	dir := path.Dir(sp)
	if n.pageTitles[dir] == nil {
		n.pageTitles[dir] = map[string]bool{}
	}
	n.pageTitles[dir][strings.ToLower(stripID(stem))] = true
	n.pageTitles[dir][strings.ToLower(title)] = true
	n.titles[strings.TrimSuffix(sp, path.Ext(sp))] = title
	slug := notes.Slug(title)
	if slug == "" {
		slug = "untitled"
	}
	props, rest := parseProperties(body)
	h := header(title, props)
	n.plan.Items = append(n.plan.Items, &Item{
		Source: sp, Want: slug + ".md", Title: title, Note: true, // its folder is added once all titles are known
		Render: func(final func(string) string) ([]byte, []reviews.Event, error) {
			return notes.ComposeHeader(h, rewriteLinks(rest, sp, final(sp), final)), nil, nil
		},
	})
	return nil
}

var mdLinkRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(\]\()([^)\s]+)(\))`) })

// rewriteLinks points links to other exported files (URL-encoded paths
// with ids, relative to the page) at where those files were imported.
func rewriteLinks(body, source, self string, final func(string) string) string {
	return mdLinkRE().ReplaceAllStringFunc(body, func(m string) string {
		sub := mdLinkRE().FindStringSubmatch(m)
		dest := sub[2]
		if strings.Contains(dest, "://") || strings.HasPrefix(dest, "#") || strings.HasPrefix(dest, "mailto:") {
			return m
		}
		frag := ""
		if i := strings.IndexByte(dest, '#'); i >= 0 {
			dest, frag = dest[:i], dest[i:]
		}
		dec, err := url.PathUnescape(dest)
		if err != nil {
			return m
		}
		target := path.Join(path.Dir(source), norm.NFC.String(dec))
		to := final(target)
		if to == "" {
			return m
		}
		return sub[1] + relLink(self, to) + frag + sub[3]
	})
}

func (n *notion) attachment(sp string) {
	base := path.Base(sp)
	ext := strings.ToLower(path.Ext(base))
	slug := notes.Slug(strings.TrimSuffix(base, path.Ext(base)))
	if slug == "" {
		slug = "file"
	}
	if strings.HasPrefix(base, ".") {
		n.plan.Skipped = append(n.plan.Skipped, Skip{Source: sp, Reason: "hidden file"})
		return
	}
	n.plan.Items = append(n.plan.Items, &Item{
		Source: sp, Want: path.Join(n.target(path.Dir(sp)), slug+ext),
		Copy: func() (io.ReadCloser, error) { return n.src.open(sp) },
	})
}

// database makes a note of each row of a database CSV that has no page of
// its own (Notion exports a page only for rows with content). The first
// column is the row's title; the others become front matter.
func (n *notion) database(sp string) error {
	stem := strings.TrimSuffix(path.Base(sp), path.Ext(sp))
	if strings.HasSuffix(stem, "_all") {
		// Newer exports add DB_all.csv beside DB.csv with the same rows.
		if _, ok := n.src.files[path.Join(path.Dir(sp), strings.TrimSuffix(stem, "_all")+".csv")]; ok {
			return nil
		}
		stem = strings.TrimSuffix(stem, "_all")
	}
	data, err := n.src.read(sp)
	if err != nil {
		return err
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rows, err := r.ReadAll()
	if err != nil {
		return fmt.Errorf("not a CSV file Notion wrote: %v", err)
	}
	if len(rows) < 2 {
		return nil
	}
	cols := rows[0]
	for i := range cols {
		cols[i] = norm.NFC.String(strings.TrimSpace(cols[i]))
	}
	rowDir := path.Join(path.Dir(sp), stem) // where the rows' pages are
	folder := n.target(rowDir)
	for i, row := range rows[1:] {
		if len(row) == 0 || strings.TrimSpace(strings.Join(row, "")) == "" {
			continue
		}
		title := noControls(norm.NFC.String(row[0]))
		if title == "" {
			title = "Untitled"
		}
		if n.pageTitles[rowDir][strings.ToLower(title)] {
			continue // imported from its page
		}
		var props []Property
		for j := 1; j < len(row) && j < len(cols); j++ {
			if v := strings.TrimSpace(norm.NFC.String(row[j])); v != "" && cols[j] != "" {
				props = append(props, Property{Key: cols[j], Value: v})
			}
		}
		h := header(title, props)
		slug := notes.Slug(title)
		if slug == "" {
			slug = "untitled"
		}
		n.plan.Items = append(n.plan.Items, &Item{
			Source: fmt.Sprintf("%s#row%d", sp, i+1), Want: path.Join(folder, slug+".md"), Title: title, Note: true,
			Render: func(func(string) string) ([]byte, []reviews.Event, error) {
				return notes.ComposeHeader(h, ""), nil, nil
			},
		})
	}
	return nil
}
