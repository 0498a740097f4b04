package index

import (
	"errors"
	"os"

	"github.com/kb-cli/kb/internal/fsutil"
)

// The title of every note is kept beside the manifest, written with it, so
// that resolving links and NOTE arguments reads one small file (about 2 ms
// for 10k notes) instead of listing the index (about 400 ms): the title base
// (kb-titles), in the order kb list shows, with the journal's titles applied
// when read. Like the card cache it is a cache: missing or damaged, Titles
// says so and callers list the index instead, until the next rebuild writes
// it again.

const titlesMagic = "kb-titles\x00"

var errNoTitles = errors.New("the title cache is missing or damaged")

// Title is a note's path and title.
type Title struct{ Path, Title string }

// readTitleBase reads the title base, in its order, as of generation gen.
func readTitleBase(path string) ([]Title, uint64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, errNoTitles
	}
	body, err := fsutil.Unseal(titlesMagic, data)
	if err != nil {
		return nil, 0, errNoTitles
	}
	r := &reader{s: string(body)}
	if int(r.uvarint()) != SchemaVersion {
		return nil, 0, errNoTitles
	}
	gen := r.u64()
	n := r.count()
	out := make([]Title, 0, n)
	for i := 0; i < n && r.err == nil; i++ {
		out = append(out, Title{r.str(), r.str()})
	}
	if r.err != nil || len(r.s) != 0 {
		return nil, 0, errNoTitles
	}
	return out, gen, nil
}

// writeTitleBase writes titles, which must be in kb list's order: the title
// key, then the path.
func writeTitleBase(path string, gen uint64, titles []Title) error {
	e := &encoder{}
	e.uvarint(SchemaVersion)
	e.u64(gen)
	e.uvarint(uint64(len(titles)))
	for _, t := range titles {
		e.str(t.Path)
		e.str(t.Title)
	}
	return fsutil.WriteFileAtomic(path, fsutil.Seal(titlesMagic, e.b), 0o644)
}

// readTitles is the title base with the journal applied, in kb list's order.
func (ix *Index) readTitles() ([]Title, error) {
	base, gen, err := readTitleBase(ix.titlesPath())
	if err != nil || gen < ix.st.m.Gen {
		return nil, errNoTitles
	}
	if !ix.st.j.follows(ix.st.m.Gen) {
		return base, nil
	}
	return overlayTitles(base, ix.st.j.records), nil
}

// Titles are the paths and titles of the indexed notes, by title as kb list
// sorts them, after bringing the index up to date; an error means the cache
// is missing or damaged and the caller should list the index.
func (ix *Index) Titles() ([]Title, error) {
	if _, err := ix.Refresh(); err != nil {
		return nil, err
	}
	if ix.ro != nil {
		// Answering from a stale index and the notes changed since: the
		// cache knows neither; callers list the notes instead.
		return nil, errNoTitles
	}
	t, err := ix.readTitles()
	if err != nil {
		return nil, err
	}
	if len(t) != ix.st.m.indexed() {
		return nil, errNoTitles
	}
	return t, nil
}
