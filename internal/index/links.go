package index

import (
	"strconv"
	"strings"

	"github.com/kb-cli/kb/internal/notes"
)

// A note's links are stored as one string, a line per link and tab-separated
// fields (kind, line, start, end, target, heading, label): kb links, kb check
// and kb mv read them without opening the note. They are stored unresolved
// and resolved when read, so a link to a note added later resolves.

func encodeLinks(ls []notes.Link) string {
	var b strings.Builder
	clean := strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")
	for i, l := range ls {
		if i > 0 {
			b.WriteByte('\n')
		}
		for j, v := range []int{int(l.Kind), l.Line, l.Start, l.End} {
			if j > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(strconv.Itoa(v))
		}
		for _, s := range []string{l.Target, l.Heading, l.Label} {
			b.WriteByte('\t')
			b.WriteString(clean.Replace(s))
		}
	}
	return b.String()
}

// DecodeLinks reads the stored links field; records it cannot read are left out.
func DecodeLinks(s string) []notes.Link {
	if s == "" {
		return nil
	}
	var out []notes.Link
	for _, rec := range strings.Split(s, "\n") {
		f := strings.Split(rec, "\t")
		if len(f) != 7 {
			continue
		}
		var n [4]int
		ok := true
		for i := range n {
			v, err := strconv.Atoi(f[i])
			n[i], ok = v, ok && err == nil
		}
		if !ok {
			continue
		}
		out = append(out, notes.Link{Kind: notes.LinkKind(n[0]), Line: n[1], Start: n[2], End: n[3],
			Target: f[4], Heading: f[5], Label: f[6]})
	}
	return out
}

// linkKeys are the keys of the notes n's links could name, without repeats.
func linkKeys(n *notes.Note) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, l := range n.Links {
		for _, k := range l.Keys(n.Path) {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out
}

// Skipped are the note files the index leaves out, with the reason.
func (ix *Index) Skipped() map[string]string {
	out := map[string]string{}
	for _, e := range ix.st.m.entries {
		if e.Skipped != "" {
			out[e.Path] = e.Skipped
		}
	}
	return out
}
