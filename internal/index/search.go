package index

import (
	"errors"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/vellum/levenshtein"
	vregexp "github.com/blevesearch/vellum/regexp"

	"github.com/kb-cli/kb/internal/notes"
)

// Search runs a query on an up-to-date index. While the walk of the notes is
// still under way the query runs on the index as it is; if the walk then finds
// changes, the index is updated and the query run again.
//
// Bleve can panic on segment files damaged in ways Open does not notice; then
// the index is rebuilt from the notes and the query run once more, so damage
// costs a rebuild, never a crash.
func (ix *Index) Search(req *bleve.SearchRequest) (res *bleve.SearchResult, err error) {
	err = ix.answer(func() (err error) {
		res, err = ix.searchOnce(req)
		return err
	})
	return res, err
}

// answer runs a query (once) as Search describes: on the index as it is
// while the walk is under way, again if the walk found changes, and once
// more after a rebuild if the index turns out damaged.
func (ix *Index) answer(once func() error) error {
	if !ix.fresh {
		qErr := guard(once)
		st, err := ix.Refresh()
		if err != nil {
			return err
		}
		if qErr == nil && !st.Changed() && ix.ro == nil {
			return nil
		}
	}
	err := guard(once)
	if err == nil || isQueryError(err) {
		return err
	}
	ix.opts.Warn(fmt.Sprintf("the index is damaged (%v); rebuilding it from the notes", err))
	if err := ix.rebuild(); err != nil {
		return err
	}
	return guard(once)
}

// isQueryError tells errors that are the query's from damage: an automaton
// too large for a long fuzzy or regexp term says nothing about the index, and
// rebuilding would only fail the same way.
func isQueryError(err error) bool {
	return errors.Is(err, levenshtein.ErrTooManyStates) || errors.Is(err, vregexp.ErrTooManyStates) ||
		strings.Contains(err.Error(), "dfa contains more than")
}

func (ix *Index) searchOnce(req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	if ix.ro != nil {
		return ix.ro.search(ix.bi, req)
	}
	return ix.bi.Search(req)
}

// guard turns a panic of Bleve's into an error.
func guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return f()
}

// rebuild starts over from the notes.
func (ix *Index) rebuild() error {
	ix.scan = make(chan scanResult, 1)
	files, _ := notes.Scan(ix.opts.Root) // its warnings were shown already
	ix.scan <- scanResult{files: files}
	ix.fresh, ix.opts.Rebuild = false, true
	_, err := ix.Refresh()
	return err
}
