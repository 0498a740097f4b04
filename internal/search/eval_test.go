package search

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/shared"
)

type judged struct {
	class, query string
	relevant     map[string]bool
}

func loadJudged(t *testing.T) []judged {
	f, err := os.Open(filepath.Join("testdata", "eval", "queries.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []judged
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) != 3 {
			t.Fatalf("queries.tsv:%d: want class, query, relevant", n)
		}
		j := judged{class: parts[0], query: parts[1], relevant: map[string]bool{}}
		for _, p := range strings.Split(parts[2], "|") {
			j.relevant[p] = true
		}
		out = append(out, j)
	}
	return out
}

// copyCorpora copies the Markdown files to a writable folder (the index lives
// inside the knowledge base) and returns their texts for the grep baseline.
func copyCorpora(t *testing.T, dst string) map[string]string {
	texts := map[string]string{}
	shared.CorpusNotes(0, func(rel string, data []byte) {
		texts[rel] = string(data)
		p := filepath.Join(dst, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	})
	return texts
}

// grepRank is the baseline: every word must occur as a case-insensitive
// substring; notes rank by the total count of occurrences (ripgrep -c, sorted).
func grepRank(texts map[string]string, query string) []string {
	words := strings.Fields(strings.ToLower(strings.ReplaceAll(query, `"`, "")))
	type scored struct {
		path string
		n    int
	}
	var hits []scored
	for p, text := range texts {
		low, total := strings.ToLower(text), 0
		for _, w := range words {
			c := strings.Count(low, w)
			if c == 0 {
				total = -1
				break
			}
			total += c
		}
		if total > 0 {
			hits = append(hits, scored{p, total})
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].n != hits[j].n {
			return hits[i].n > hits[j].n
		}
		return hits[i].path < hits[j].path
	})
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.path
	}
	return out
}

// reciprocalRank is 1/rank of the first relevant result in the top 10, else 0.
func reciprocalRank(ranked []string, relevant map[string]bool) float64 {
	for i, p := range ranked {
		if i == 10 {
			break
		}
		if relevant[p] {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// TestEval measures search quality on real notes nobody on the project wrote
// and prints MRR@10 per query class for kb and the grep baseline. It fails if
// kb falls below the floor it reached when this set was written, so ranking
// regressions show up in make test.
func TestEval(t *testing.T) {
	if _, ok := shared.Path("corpora"); !ok {
		t.Skip("../shared/corpora not present")
	}
	root := t.TempDir()
	texts := copyCorpora(t, root)
	ix, err := index.Open(index.Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	type sums struct {
		n               int
		kb, nosyn, grep float64
	}
	syn, _ := LoadSynonyms("")
	rank := func(q *Query, syn *Synonyms) []string {
		res, err := Run(ix, q, Options{Limit: 10, Synonyms: syn})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.Path)
		}
		return out
	}
	byClass := map[string]*sums{}
	var classes []string
	all := &sums{}
	for _, j := range loadJudged(t) {
		q, err := Parse(j.query)
		if err != nil {
			t.Fatalf("%q: %v", j.query, err)
		}
		ranked := rank(q, syn)
		kbRR, grepRR := reciprocalRank(ranked, j.relevant), reciprocalRank(grepRank(texts, j.query), j.relevant)
		nosynRR := reciprocalRank(rank(q, nil), j.relevant)
		if testing.Verbose() && kbRR < 1 {
			top := "nothing"
			if len(ranked) > 0 {
				top = ranked[0]
			}
			t.Logf("%-8s %-28s kb %.2f grep %.2f (kb top: %s)", j.class, j.query, kbRR, grepRR, top)
		}
		s := byClass[j.class]
		if s == nil {
			s = &sums{}
			byClass[j.class] = s
			classes = append(classes, j.class)
		}
		for _, x := range []*sums{s, all} {
			x.n++
			x.kb += kbRR
			x.nosyn += nosynRR
			x.grep += grepRR
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n| class | queries | kb | kb without synonyms | grep |\n|---|---|---|---|---|\n")
	for _, c := range append(classes, "all") {
		s := byClass[c]
		if c == "all" {
			s = all
		}
		fmt.Fprintf(&b, "| %s | %d | %.3f | %.3f | %.3f |\n", c, s.n, s.kb/float64(s.n), s.nosyn/float64(s.n), s.grep/float64(s.n))
	}
	t.Log(b.String())
	if all.n < 60 {
		t.Errorf("only %d judged queries; the evaluation needs at least 60", all.n)
	}
	// The targets of the search issue: 0.95 on plain queries, 0.80 on the
	// messy ones (particles, spacing, transliteration, synonyms, typos).
	if p := byClass["plain"]; p.kb/float64(p.n) < 0.95 {
		t.Errorf("plain MRR@10 %.3f is below 0.95", p.kb/float64(p.n))
	}
	messy, n := 0.0, 0
	for _, c := range []string{"particle", "spacing", "transliteration", "synonym", "typo"} {
		if s := byClass[c]; s != nil {
			messy += s.kb
			n += s.n
		}
	}
	if messy/float64(n) < 0.80 {
		t.Errorf("messy-query MRR@10 %.3f is below 0.80", messy/float64(n))
	}
	t.Logf("messy queries: %d, kb MRR@10 %.3f", n, messy/float64(n))
	if got := all.kb / float64(all.n); got < evalFloor {
		t.Errorf("kb MRR@10 %.3f fell below %.3f", got, evalFloor)
	}
}

// evalFloor is kb's overall MRR@10 on this set when it was written (0.978),
// less a margin for ties that may order differently.
const evalFloor = 0.93
