package catalog

import (
	"fmt"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/kb-cli/kb/internal/editdist"
	"github.com/kb-cli/kb/internal/index"
)

// AmbiguousError means a note reference fits several notes.
type AmbiguousError struct {
	Ref        string
	Candidates []NoteInfo
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%q fits %d notes", e.Ref, len(e.Candidates))
}

// NotFoundError means no note fits; Closest holds the titles nearest to it.
type NotFoundError struct {
	Ref     string
	Closest []string
}

func (e *NotFoundError) Error() string { return fmt.Sprintf("no note %q", e.Ref) }

// Resolve finds the note a user means by ref: a path (relative to the current
// folder or to the root, with or without .md), a file name, or a title
// (without regard to case; a prefix is enough when only one title has it).
func Resolve(ix *index.Index, root, cwd, ref string) (NoteInfo, error) {
	all, err := List(ix, ListOptions{Sort: "title"})
	if err != nil {
		return NoteInfo{}, err
	}
	return ResolveIn(all, root, cwd, ref)
}

// ResolveIn is Resolve among notes already listed (by title).
func ResolveIn(all []NoteInfo, root, cwd, ref string) (NoteInfo, error) {
	ref = norm.NFC.String(strings.TrimSpace(ref))
	byPath := map[string]NoteInfo{}
	for _, n := range all {
		byPath[n.Path] = n
	}
	for _, p := range pathForms(root, cwd, ref) {
		if n, ok := byPath[p]; ok {
			return n, nil
		}
	}
	match := func(keep func(NoteInfo) bool) []NoteInfo {
		var out []NoteInfo
		for _, n := range all {
			if keep(n) {
				out = append(out, n)
			}
		}
		return out
	}
	lower := strings.ToLower(ref)
	name := strings.TrimSuffix(lower, ".md")
	// Spacing is loose in Korean: 쿠버네티스면접 and 쿠버네티스 면접 are the
	// same title to the person typing.
	bare := unspaced(lower)
	for _, step := range []func(NoteInfo) bool{
		func(n NoteInfo) bool { return strings.ToLower(strings.TrimSuffix(path.Base(n.Path), ".md")) == name },
		func(n NoteInfo) bool { return strings.ToLower(n.Title) == lower },
		func(n NoteInfo) bool { return strings.HasPrefix(strings.ToLower(n.Title), lower) },
		func(n NoteInfo) bool { return strings.HasPrefix(strings.ToLower(path.Base(n.Path)), lower) },
		func(n NoteInfo) bool { return unspaced(strings.ToLower(n.Title)) == bare },
		func(n NoteInfo) bool {
			return bare != "" && strings.HasPrefix(unspaced(strings.ToLower(n.Title)), bare)
		},
	} {
		switch found := match(step); len(found) {
		case 0:
			continue
		case 1:
			return found[0], nil
		default:
			return NoteInfo{}, &AmbiguousError{Ref: ref, Candidates: found}
		}
	}
	return NoteInfo{}, &NotFoundError{Ref: ref, Closest: closest(all, lower, 3)}
}

// unspaced drops white space and the hyphens and underscores that stand for
// it in file names.
func unspaced(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '_' {
			return -1
		}
		return r
	}, s)
}

// pathForms are the root-relative paths ref could mean.
func pathForms(root, cwd, ref string) []string {
	var out []string
	for _, p := range []string{ref, ref + ".md"} {
		out = append(out, filepath.ToSlash(filepath.Clean(p)))
		abs := p
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(cwd, p)
		}
		if rel, err := filepath.Rel(root, abs); err == nil && filepath.IsLocal(rel) {
			out = append(out, norm.NFC.String(filepath.ToSlash(rel)))
		}
	}
	return out
}

// closest ranks titles by edit distance to ref (a title containing ref wins).
func closest(all []NoteInfo, ref string, k int) []string {
	type scored struct {
		title string
		d     int
	}
	var s []scored
	for _, n := range all {
		t := strings.ToLower(n.Title)
		d := editdist.Distance(ref, t)
		if strings.Contains(t, ref) || strings.Contains(ref, t) {
			d = 0
		}
		s = append(s, scored{n.Title, d})
	}
	sort.SliceStable(s, func(i, j int) bool { return s[i].d < s[j].d })
	var out []string
	for i := 0; i < len(s) && i < k; i++ {
		if s[i].d <= max(len([]rune(ref)), 3) {
			out = append(out, s[i].title)
		}
	}
	return out
}
