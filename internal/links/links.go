// Package links resolves the links between notes that the index stores:
// outgoing links, backlinks and the check of a whole knowledge base. Links
// are stored as written and resolved here against the notes as they are now,
// the way NOTE arguments resolve (path, file name, title; NFC, any case).
package links

import (
	"path"
	"sort"
	"strings"

	"github.com/kb-cli/kb/internal/catalog"
	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/notes"
)

// Status says what a link leads to.
type Status string

const (
	OK        Status = "ok"
	Broken    Status = "broken"    // no note fits
	Ambiguous Status = "ambiguous" // several notes fit
)

// Resolved is a link and what it leads to.
type Resolved struct {
	From       string     `json:"from"`
	Line       int        `json:"line"`
	Target     string     `json:"target"`
	Heading    string     `json:"heading,omitempty"`
	Label      string     `json:"label,omitempty"`
	Kind       string     `json:"kind"` // wiki or markdown
	Status     Status     `json:"status"`
	To         *Note      `json:"to,omitempty"`
	Candidates []Note     `json:"candidates,omitempty"`
	Closest    []string   `json:"closest,omitempty"` // for a broken link, in kb check: titles it may have meant
	Link       notes.Link `json:"-"`
}

// Note is a note a link leads to.
type Note struct {
	Path  string `json:"path"`
	Title string `json:"title"`
}

// Catalog is every note by the keys a link can name it with.
type Catalog struct {
	All     []catalog.NoteInfo
	byPath  map[string]int   // exact path
	byKey   map[string][]int // notes.Key of the path
	byName  map[string][]int // notes.Key of the file name
	byTitle map[string][]int // notes.Key of the title
}

// Load reads the catalog from the index's title cache, or lists the index
// when the cache is gone. Notes come by title, as kb list sorts them.
func Load(ix *index.Index) (*Catalog, error) {
	titles, err := ix.Titles()
	if err != nil {
		all, err := catalog.List(ix, catalog.ListOptions{Sort: "title"})
		if err != nil {
			return nil, err
		}
		return NewCatalog(all), nil
	}
	all := make([]catalog.NoteInfo, len(titles))
	for i, t := range titles {
		all[i] = catalog.NoteInfo{Path: t.Path, Title: t.Title}
	}
	return NewCatalog(all), nil
}

// NewCatalog indexes notes by path, file name and title. The notes' paths
// and titles are NFC, as the index holds them.
func NewCatalog(all []catalog.NoteInfo) *Catalog {
	c := &Catalog{All: all, byPath: make(map[string]int, len(all)), byKey: make(map[string][]int, len(all)),
		byName: make(map[string][]int, len(all)), byTitle: make(map[string][]int, len(all))}
	for i, n := range all {
		c.byPath[n.Path] = i
		k := notes.KeyNFC(n.Path)
		c.byKey[k] = append(c.byKey[k], i)
		k = k[strings.LastIndexByte(k, '/')+1:]
		c.byName[k] = append(c.byName[k], i)
		k = notes.KeyNFC(n.Title)
		c.byTitle[k] = append(c.byTitle[k], i)
	}
	return c
}

// Resolve says where a link in the note at from leads. A wikilink names a
// path (relative to the note's folder or to the root), a file name or a
// title, tried in that order; a Markdown link a path relative to the note.
func (c *Catalog) Resolve(from string, l notes.Link) Resolved {
	r := Resolved{From: from, Line: l.Line, Target: l.Target, Heading: l.Heading, Label: l.Label,
		Kind: "wiki", Link: l}
	if l.Kind == notes.MarkdownLink {
		r.Kind = "markdown"
	}
	dir := path.Dir(from)
	var steps [][]int
	if l.Kind == notes.MarkdownLink {
		p := path.Join(dir, l.Target)
		if i, ok := c.byPath[p]; ok {
			return r.to(c, []int{i})
		}
		steps = [][]int{c.byKey[notes.Key(p)]}
	} else {
		key := notes.Key(l.Target)
		steps = [][]int{c.byKey[notes.Key(path.Join(dir, l.Target))], c.byKey[notes.Key(path.Clean(l.Target))],
			c.byName[key], c.byTitle[key]}
	}
	for _, found := range steps {
		if len(found) > 0 {
			return r.to(c, found)
		}
	}
	r.Status = Broken
	return r
}

func (r Resolved) to(c *Catalog, found []int) Resolved {
	if len(found) == 1 {
		n := c.All[found[0]]
		r.Status, r.To = OK, &Note{Path: n.Path, Title: n.Title}
		return r
	}
	r.Status = Ambiguous
	for _, i := range found {
		r.Candidates = append(r.Candidates, Note{Path: c.All[i].Path, Title: c.All[i].Title})
	}
	sort.Slice(r.Candidates, func(i, j int) bool { return r.Candidates[i].Path < r.Candidates[j].Path })
	return r
}

// Title is the title of the note at p, or p when there is none.
func (c *Catalog) Title(p string) string {
	if i, ok := c.byPath[p]; ok {
		return c.All[i].Title
	}
	return p
}

// WikiName is how a wikilink names note n: its title when that leads to it
// alone (and fits between [[ ]]), else its path without .md.
func (c *Catalog) WikiName(n catalog.NoteInfo) string {
	if !strings.ContainsAny(n.Title, "[]|#\n") {
		if r := c.Resolve("", notes.Link{Kind: notes.WikiLink, Target: n.Title}); r.Status == OK && r.To.Path == n.Path {
			return n.Title
		}
	}
	return strings.TrimSuffix(n.Path, path.Ext(n.Path))
}
