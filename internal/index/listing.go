package index

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/kb-cli/kb/internal/notes"
)

// FieldListing holds what kb list shows of a note — path, title, type, tags in
// the note's order and case, created and modified — as one term with doc
// values. Listing every note then reads a column of small values, where
// loading stored fields would decompress every note's whole text (200 ms of
// the 240 ms kb list took at 10k notes).
const FieldListing = "listing"

// Listing is a note's entry in FieldListing.
type Listing struct {
	Path, Title, Type string
	Tags              []string
	Created, Modified time.Time // UTC; zero when the note has none
}

// The encoding is text: each string as its length, ':' and its bytes; each
// time as Unix nanoseconds (sorting needs them: notes kb add made in
// one second are told apart by their files' times) and ';' (nothing for a zero time); tags last. Doc
// values separate terms with 0xff, a byte no UTF-8 text holds; a listing that
// would hold one (a path that is not UTF-8) is not written, and readers
// fall back to the stored fields.
func encodeListing(n *notes.Note) string {
	var b []byte
	str := func(s string) {
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
	}
	tm := func(t time.Time) {
		if representable(t) {
			b = strconv.AppendInt(b, t.UnixNano(), 10)
		}
		b = append(b, ';')
	}
	str(n.Path)
	str(n.Title)
	str(n.Type)
	tm(n.Created)
	tm(n.Modified)
	for _, t := range n.Tags {
		str(t)
	}
	if strings.IndexByte(string(b), 0xff) >= 0 {
		return ""
	}
	return string(b)
}

// representable is a time the index can hold as a date (nanoseconds since
// 1970 in an int64); others are not stored, and read as zero.
func representable(t time.Time) bool {
	return !t.IsZero() && t.Equal(time.Unix(0, t.UnixNano()))
}

var errListing = errors.New("malformed note listing")

// DecodeListing reads a FieldListing term.
func DecodeListing(s string) (Listing, error) {
	var r Listing
	var err error
	str := func() string {
		i := strings.IndexByte(s, ':')
		if i < 0 {
			err = errListing
			return ""
		}
		n, e := strconv.Atoi(s[:i])
		if e != nil || n < 0 || n > len(s)-i-1 {
			err = errListing
			return ""
		}
		v := s[i+1 : i+1+n]
		s = s[i+1+n:]
		return v
	}
	tm := func() time.Time {
		i := strings.IndexByte(s, ';')
		if i < 0 {
			err = errListing
			return time.Time{}
		}
		v := s[:i]
		s = s[i+1:]
		if v == "" {
			return time.Time{}
		}
		ns, e := strconv.ParseInt(v, 10, 64)
		if e != nil {
			err = errListing
		}
		return time.Unix(0, ns).UTC()
	}
	r.Path, r.Title, r.Type = str(), str(), str()
	r.Created, r.Modified = tm(), tm()
	r.Tags = []string{}
	for s != "" && err == nil {
		r.Tags = append(r.Tags, str())
	}
	if err != nil || r.Path == "" {
		return Listing{}, errListing
	}
	return r, nil
}

// ErrUseSearch says Listings or TermCounts cannot answer: the index is
// answered from two places (a disk kb cannot write), or a document lacks its
// listing. Callers then ask Search, which answers everything, more slowly.
var ErrUseSearch = errors.New("the index cannot answer this directly")

// Listings calls fn with the listing of every note q matches, in no order,
// after bringing the index up to date. It reads only FieldListing's doc
// values: no scoring, no sorting, no stored fields.
func (ix *Index) Listings(q query.Query, fn func(Listing)) (err error) {
	if _, err := ix.Refresh(); err != nil {
		return err
	}
	if ix.ro != nil || ix.bi == nil {
		return ErrUseSearch
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrUseSearch, r) // damage: Search rebuilds
		}
	}()
	adv, err := ix.bi.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	s, err := q.Searcher(context.Background(), r, ix.bi.Mapping(), search.SearcherOptions{Score: "none"})
	if err != nil {
		return err
	}
	defer s.Close()
	dv, err := r.DocValueReader([]string{FieldListing})
	if err != nil {
		return err
	}
	ctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	var term []byte
	for {
		d, err := s.Next(ctx)
		if err != nil {
			return err
		}
		if d == nil {
			return nil
		}
		term = term[:0]
		if err := dv.VisitDocValues(d.IndexInternalID, func(_ string, t []byte) { term = append(term, t...) }); err != nil {
			return err
		}
		rec, err := DecodeListing(string(term))
		if err != nil {
			return ErrUseSearch
		}
		fn(rec)
		ctx.DocumentMatchPool.Put(d)
	}
}

// TermCounts counts the notes per term of a keyword field (tags, type) from
// the term dictionary, after bringing the index up to date: no document is
// visited. Terms only deleted notes held are left out.
func (ix *Index) TermCounts(field string) (counts map[string]int, err error) {
	if _, err := ix.Refresh(); err != nil {
		return nil, err
	}
	if ix.ro != nil || ix.bi == nil {
		return nil, ErrUseSearch
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrUseSearch, r) // damage: Search rebuilds
		}
	}()
	adv, err := ix.bi.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	dict, err := r.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	counts = map[string]int{}
	for {
		e, err := dict.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			return counts, nil
		}
		// The dictionary's own count includes deleted notes not yet merged
		// away; a term reader's does not.
		tfr, err := r.TermFieldReader(context.Background(), []byte(e.Term), field, false, false, false)
		if err != nil {
			return nil, err
		}
		if n := tfr.Count(); n > 0 {
			counts[e.Term] = int(n)
		}
		if err := tfr.Close(); err != nil {
			return nil, err
		}
	}
}
