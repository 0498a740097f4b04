package cards

import (
	"sort"

	"github.com/kb-cli/kb/internal/notes"
)

// A details block as HTML has it: where <details> opens, where its
// </details> starts, and its summary's text and end.
type detailsBlock struct {
	open, close int
	summary     string
	summaryEnd  int
}

var (
	detailsTagRE = lazy(`(?i)<(/?)details\b[^>]*>`)
	summaryRE    = lazy(`(?is)<summary\b[^>]*>(.*?)</summary\s*>`)
)

// details finds the <details> blocks in the note's HTML (never in code),
// matching nested ones.
func (d *doc) details() []detailsBlock {
	if d.detailsDone {
		return d.detailsFound
	}
	d.detailsDone = true
	type region struct{ start, end int }
	var rs []region
	for _, b := range d.blocks {
		if b.Kind == notes.HTMLBlock {
			rs = append(rs, region{b.Start, b.End})
		}
	}
	for _, s := range d.n.RawHTML {
		rs = append(rs, region{s.Start, s.End})
	}
	if len(rs) == 0 {
		return nil
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].start < rs[j].start })
	inHTML := func(off int) bool {
		i := sort.Search(len(rs), func(i int) bool { return rs[i].start > off }) - 1
		return i >= 0 && off < rs[i].end
	}
	var out []detailsBlock
	var stack []int
	for _, r := range rs {
		for _, m := range detailsTagRE.get().FindAllSubmatchIndex(d.src[r.start:r.end], -1) {
			at := r.start + m[0]
			if m[3] == m[2] { // <details>
				stack = append(stack, at)
				continue
			}
			if len(stack) == 0 {
				continue
			}
			open := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			db := detailsBlock{open: open, close: at, summaryEnd: -1}
			if sm := summaryRE.get().FindSubmatchIndex(d.src[open:at]); sm != nil && inHTML(open+sm[0]) {
				db.summary = htmlText(string(d.src[open+sm[2] : open+sm[3]]))
				db.summaryEnd = open + sm[1]
			}
			out = append(out, db)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].open < out[j].open })
	d.detailsFound = out
	return out
}

// summaryIsCard: a summary is a question when it ends in ? (any summary
// with quiz: details). "코드", "예제 보기" and the like fold content away;
// they are not questions.
func (d *doc) summaryIsCard(summary string) bool {
	return summary != "" && (isQuestion(summary) || d.mode == "details")
}

// detailsCards: <details><summary>question?</summary> answer </details>.
func (d *doc) detailsCards() []found {
	var out []found
	for _, db := range d.details() {
		if db.summaryEnd < 0 || !d.summaryIsCard(db.summary) {
			continue
		}
		out = append(out, found{kind: KindDetails, line: d.lineOf(db.open), q: db.summary, a: d.answer(db.summaryEnd, db.close)})
	}
	return out
}
