package cards

import (
	"fmt"
	"math/rand"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/kb-cli/kb/internal/shared"
)

// TestCardsReport measures card quality over every note of ../shared/corpora
// (make cards-report prints it): how many cards, how many are not questions,
// answers too long or holding raw HTML, identities shared by two cards, and
// 20 sampled cards to read. It fails when a target is missed.
func TestCardsReport(t *testing.T) {
	var all []Card
	srcLines := map[string][]string{}
	shared.CorpusNotes(0, func(rel string, b []byte) {
		srcLines[rel] = strings.Split(string(b), "\n")
		all = append(all, Extract(rel, b)...)
	})
	if len(all) == 0 {
		t.Skip("../shared/corpora not present")
	}
	var notQ, details, detailsNotQ, long, html int
	ids := map[string]int{}
	for _, c := range all {
		ids[c.ID]++
		q := !strings.HasSuffix(c.Question, "?") && !strings.HasSuffix(c.Question, "？")
		if q {
			notQ++
		}
		if l := srcLines[c.Path]; c.Line-1 < len(l) && strings.Contains(strings.ToLower(l[c.Line-1]), "<details") {
			details++
			if q {
				detailsNotQ++
			}
		}
		if len([]rune(c.Answer)) > 1500 {
			long++
		}
		if hasRawHTML(c.Answer) {
			html++
		}
	}
	sharing := 0
	for _, n := range ids {
		if n > 1 {
			sharing += n
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "cards: %d\n", len(all))
	fmt.Fprintf(&b, "questions not ending in '?': %d\n", notQ)
	fmt.Fprintf(&b, "<details> cards: %d, not questions: %d\n", details, detailsNotQ)
	fmt.Fprintf(&b, "answers over 1,500 characters: %d (%.1f%%)\n", long, 100*float64(long)/float64(len(all)))
	fmt.Fprintf(&b, "answers with raw HTML: %d\n", html)
	fmt.Fprintf(&b, "cards sharing an identity: %d\n", sharing)
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].Path != all[j].Path {
			return all[i].Path < all[j].Path
		}
		return all[i].Line < all[j].Line
	})
	rnd := rand.New(rand.NewSource(13))
	for _, i := range rnd.Perm(len(all))[:min(20, len(all))] {
		c := all[i]
		fmt.Fprintf(&b, "\n--- %s:%d\nQ: %s\nC: %s\n", c.Path, c.Line, c.Question, reportContext(c))
		lines := strings.Split(c.Answer, "\n")
		for k, l := range lines[:min(4, len(lines))] {
			if k == 0 {
				fmt.Fprintf(&b, "A: %s\n", clip(l))
			} else {
				fmt.Fprintf(&b, "   %s\n", clip(l))
			}
		}
	}
	t.Log("\n" + b.String())
	// The targets of issue 13.
	if sharing > 0 || html > 0 || detailsNotQ > 0 || long*50 > len(all) {
		t.Errorf("targets: 0 shared identities (%d), 0 raw HTML (%d), 0 non-questions among <details> cards (%d), at most 2%% of answers over 1,500 characters (%d of %d)",
			sharing, html, detailsNotQ, long, len(all))
	}
}

func clip(s string) string {
	if r := []rune(s); len(r) > 100 {
		return string(r[:100]) + "…"
	}
	return s
}

var (
	fencedRE = regexp.MustCompile("(?s)(^|\n) {0,3}(```|~~~).*?(\n {0,3}(```|~~~)|$)")
	spanRE   = regexp.MustCompile("`[^`\n]*`")
	rawTagRE = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9-]*(\s[^>]*)?/?>`)
)

// hasRawHTML: an HTML tag outside code.
func hasRawHTML(answer string) bool {
	s := fencedRE.ReplaceAllString(answer, "\n")
	s = spanRE.ReplaceAllString(s, "")
	return rawTagRE.MatchString(s)
}
