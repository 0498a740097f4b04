package links

import (
	"path"
	"sort"
	"strings"

	"github.com/kb-cli/kb/internal/editdist"
	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/notes"
)

// Problem is a note kb could not read cleanly (a parse warning) or did not
// index at all, and how many cards it holds that may be wrong for it.
type Problem struct {
	Path    string `json:"path"`
	Message string `json:"message"` // "path:line: what", as kb warns
	Cards   int    `json:"cards,omitempty"`
}

// Report is what kb check found.
type Report struct {
	Notes     int        `json:"notes"`
	Links     int        `json:"links"`
	Broken    []Resolved `json:"broken"`
	Ambiguous []Resolved `json:"ambiguous"`
	Problems  []Problem  `json:"problems"`
	Orphans   []string   `json:"orphans,omitempty"` // notes no other note links to
}

// Failed reports whether anything is broken. Orphans are not: a new note
// has no links to it yet.
func (r *Report) Failed() bool {
	return len(r.Broken)+len(r.Ambiguous)+len(r.Problems) > 0
}

// Check resolves every link in the knowledge base and collects the notes
// with problems; orphans says whether to list the notes nothing links to.
func Check(ix *index.Index, c *Catalog, orphans bool) (*Report, error) {
	every, err := Every(ix)
	if err != nil {
		return nil, err
	}
	cardsIn := map[string]int{}
	if cs, err := ix.Cards(); err == nil {
		for _, cd := range cs {
			cardsIn[cd.Path]++
		}
	}
	r := &Report{Notes: len(c.All), Broken: []Resolved{}, Ambiguous: []Resolved{}, Problems: []Problem{}}
	linked := map[string]bool{}
	for _, s := range every {
		for _, l := range s.Links {
			r.Links++
			res := c.Resolve(s.Path, l)
			switch res.Status {
			case OK:
				if res.To.Path != s.Path {
					linked[res.To.Path] = true
				}
			case Broken:
				ref := l.Target
				if res.Kind == "markdown" {
					ref = strings.TrimSuffix(path.Base(ref), path.Ext(ref))
				}
				res.Closest = c.Closest(ref, 3)
				r.Broken = append(r.Broken, res)
			case Ambiguous:
				r.Ambiguous = append(r.Ambiguous, res)
			}
		}
		for _, w := range s.Warnings {
			r.Problems = append(r.Problems, Problem{Path: s.Path, Message: w, Cards: cardsIn[s.Path]})
		}
	}
	for p, why := range ix.Skipped() {
		r.Problems = append(r.Problems, Problem{Path: p, Message: p + ": skipped: " + why})
	}
	sort.SliceStable(r.Problems, func(i, j int) bool { return r.Problems[i].Path < r.Problems[j].Path })
	if orphans {
		r.Orphans = []string{}
		for _, n := range c.All {
			if !linked[n.Path] {
				r.Orphans = append(r.Orphans, n.Path)
			}
		}
		sort.Strings(r.Orphans)
	}
	return r, nil
}

// Closest are up to k titles close enough to ref to be what a broken link
// meant: a few edits away for its length, or containing it.
func (c *Catalog) Closest(ref string, k int) []string {
	key := notes.Key(ref)
	limit := max(2, len([]rune(key))/4)
	type scored struct {
		title string
		d     int
	}
	var s []scored
	for _, n := range c.All {
		t := notes.Key(n.Title)
		d := editdist.Distance(key, t)
		if key != "" && strings.Contains(t, key) {
			d = 0
		}
		if d <= limit {
			s = append(s, scored{n.Title, d})
		}
	}
	sort.SliceStable(s, func(i, j int) bool { return s[i].d < s[j].d })
	var out []string
	for i := 0; i < len(s) && i < k; i++ {
		out = append(out, s[i].title)
	}
	return out
}
