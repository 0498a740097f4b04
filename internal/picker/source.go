package picker

import (
	"errors"
	"fmt"
	"os"

	"strings"

	"github.com/kb-cli/kb/internal/catalog"
	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/notes"
	"github.com/kb-cli/kb/internal/search"
)

// Limit is how many hits the picker asks for at each key: more than a
// screen, few enough that a key costs only the query.
const Limit = 20

// IndexSource answers the picker from an index opened once for the session:
// each key costs the query alone.
type IndexSource struct {
	ix    *index.Index
	opts  search.Options
	root  string
	cache map[string][]string
}

// NewIndexSource searches ix (root is its knowledge base) with opts; Limit is
// set here.
func NewIndexSource(ix *index.Index, root string, opts search.Options) *IndexSource {
	opts.Limit = Limit
	return &IndexSource{ix: ix, root: root, opts: opts, cache: map[string][]string{}}
}

func (s *IndexSource) Search(q string) ([]Item, string, error) {
	if q == "" {
		list, err := catalog.List(s.ix, catalog.ListOptions{Tags: s.opts.Tags, Type: s.opts.Type, Sort: "modified", Limit: Limit})
		if err != nil {
			return nil, "", err
		}
		items := make([]Item, len(list))
		for i, n := range list {
			items[i] = Item{Title: n.Title, Path: n.Path, Tags: n.Tags}
		}
		return items, "recent notes · type to search · ↑↓ move · Enter open · Esc quit", nil
	}
	pq, err := search.Parse(q) // AsTyped already
	if err != nil {
		return nil, "", err
	}
	if len(pq.Groups) == 0 {
		return nil, "", errors.New("the query only leaves words out")
	}
	res, err := search.Run(s.ix, pq, s.opts)
	if err != nil {
		return nil, "", err
	}
	items := make([]Item, len(res.Hits))
	for i, h := range res.Hits {
		items[i] = Item{Title: h.Title, Path: h.Path, Line: h.Line, Tags: h.Tags}
	}
	status := fmt.Sprintf("%d notes", len(items))
	if res.Total > len(items) {
		status = fmt.Sprintf("%d of %d notes", len(items), res.Total)
	}
	return items, status, nil
}

func (s *IndexSource) Preview(it Item) []string {
	if l, ok := s.cache[it.Path]; ok {
		return l
	}
	data, err := os.ReadFile(notes.OnDisk(s.root, it.Path))
	if err != nil {
		return []string{err.Error()}
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\t", "    "), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, "\r")
	}
	s.cache[it.Path] = lines
	return lines
}

// AsTyped reads a query still being typed: a Latin last word not yet ended by
// a space is the start of a word (proces finds process), which is also much
// cheaper than taking it for a typo of one. Hangul words keep the usual
// matching, which already finds the start of a word and strips particles.
func AsTyped(q string) string {
	if q == "" || strings.HasSuffix(q, " ") || strings.HasSuffix(q, "\t") {
		return strings.TrimSpace(q)
	}
	i := strings.LastIndexAny(q, " \t") + 1
	last := q[i:]
	if len(last) < 2 || strings.ContainsAny(last, "\"*:#-“”") || last == "OR" || !isLatinWord(last) {
		return q
	}
	return q + "*"
}

func isLatinWord(w string) bool {
	for _, r := range w {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}
