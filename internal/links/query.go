package links

import (
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/notes"
)

// Stored is what the index holds of a note's links and problems.
type Stored struct {
	Path     string
	Links    []notes.Link
	Warnings []string
}

func fetch(ix *index.Index, q query.Query, size int) ([]Stored, error) {
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	req.Fields = []string{index.FieldLinks, index.FieldWarnings}
	req.SortBy([]string{"_id"})
	res, err := ix.Search(req)
	if err != nil {
		return nil, err
	}
	out := make([]Stored, 0, len(res.Hits))
	for _, h := range res.Hits {
		s := Stored{Path: h.ID}
		if v, ok := h.Fields[index.FieldLinks].(string); ok {
			s.Links = index.DecodeLinks(v)
		}
		if v, ok := h.Fields[index.FieldWarnings].(string); ok && v != "" {
			s.Warnings = strings.Split(v, "\n")
		}
		out = append(out, s)
	}
	return out, nil
}

// Outgoing are the links in the note at notePath, in file order, resolved.
func Outgoing(ix *index.Index, c *Catalog, notePath string) ([]Resolved, error) {
	st, err := fetch(ix, bleve.NewDocIDQuery([]string{notePath}), 1)
	if err != nil || len(st) == 0 {
		return nil, err
	}
	var out []Resolved
	for _, l := range st[0].Links {
		out = append(out, c.Resolve(notePath, l))
	}
	return out, nil
}

// Backlinks are the links in every note (the note itself included) that lead
// to the note at notePath, by linking note and line. The index narrows the
// notes to those with a link that could name it; resolving decides.
func Backlinks(ix *index.Index, c *Catalog, notePath string) ([]Resolved, error) {
	i, ok := c.byPath[notePath]
	if !ok {
		return nil, nil
	}
	n := c.All[i]
	var qs []query.Query
	for _, k := range notes.NoteKeys(n.Path, n.Title) {
		tq := bleve.NewTermQuery(k)
		tq.SetField(index.FieldLinkKeys)
		qs = append(qs, tq)
	}
	st, err := fetch(ix, bleve.NewDisjunctionQuery(qs...), ix.Count())
	if err != nil {
		return nil, err
	}
	var out []Resolved
	for _, s := range st {
		for _, l := range s.Links {
			if r := c.Resolve(s.Path, l); r.Status == OK && r.To.Path == notePath {
				out = append(out, r)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].From != out[j].From {
			return out[i].From < out[j].From
		}
		return out[i].Line < out[j].Line
	})
	return out, nil
}

// Every is what the index holds of every note's links and problems, by path.
func Every(ix *index.Index) ([]Stored, error) {
	if _, err := ix.Refresh(); err != nil {
		return nil, err
	}
	return fetch(ix, bleve.NewMatchAllQuery(), ix.Count())
}

// Neighbours are the notes the note at notePath links to and the notes that
// link to it (kb search --linked-from), by path.
func Neighbours(ix *index.Index, c *Catalog, notePath string) (map[string]bool, error) {
	out := map[string]bool{}
	outgoing, err := Outgoing(ix, c, notePath)
	if err != nil {
		return nil, err
	}
	for _, r := range outgoing {
		if r.Status == OK {
			out[r.To.Path] = true
		}
	}
	back, err := Backlinks(ix, c, notePath)
	if err != nil {
		return nil, err
	}
	for _, r := range back {
		out[r.From] = true
	}
	return out, nil
}
