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

// loadJudged reads a judged query set from testdata/eval: one query a line,
// class<TAB>query<TAB>relevant paths joined by '|'; '#' starts a comment.
func loadJudged(t *testing.T, name string) []judged {
	f, err := os.Open(filepath.Join("testdata", "eval", name))
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
			t.Fatalf("%s:%d: want class, query, relevant", name, n)
		}
		j := judged{class: parts[0], query: parts[1], relevant: map[string]bool{}}
		for _, p := range strings.Split(parts[2], "|") {
			j.relevant[p] = true
		}
		out = append(out, j)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", name, err)
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

// score sums reciprocal ranks over a class of queries, and counts the
// queries that found nothing at all, for kb, kb without its dictionary and
// the grep baseline.
type score struct {
	n                           int
	kb, nosyn, grep             float64
	kbNone, nosynNone, grepNone int
}

func (s *score) add(kb, nosyn, grep []string, relevant map[string]bool) {
	s.n++
	s.kb += reciprocalRank(kb, relevant)
	s.nosyn += reciprocalRank(nosyn, relevant)
	s.grep += reciprocalRank(grep, relevant)
	s.kbNone += empty(kb)
	s.nosynNone += empty(nosyn)
	s.grepNone += empty(grep)
}

func empty(ranked []string) int {
	if len(ranked) == 0 {
		return 1
	}
	return 0
}

// mrr is kb's MRR@10 over the class.
func (s *score) mrr() float64 { return s.kb / float64(s.n) }

// report is one judged set's scores, by class in the order of the file.
type report struct {
	classes []string
	byClass map[string]*score
	all     score
}

// evaluate runs every query of a judged set through kb (with and without the
// dictionary) and the grep baseline over a copy of ../shared/corpora, logs
// MRR@10 and empty results per class (and, verbose, every query kb does not
// rank first), and returns the scores. It skips the test without the corpora.
func evaluate(t *testing.T, name string) *report {
	t.Helper()
	if _, ok := shared.Path("corpora"); !ok {
		t.Skip("../shared/corpora not present")
	}
	set := loadJudged(t, name)
	root := t.TempDir()
	texts := copyCorpora(t, root)
	ix, err := index.Open(index.Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	syn, warns := LoadSynonyms("")
	if len(warns) > 0 {
		t.Fatal(warns)
	}
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
	r := &report{byClass: map[string]*score{}}
	for _, j := range set {
		for p := range j.relevant {
			if _, ok := texts[p]; !ok {
				t.Errorf("%s: %q: %q is not a note of the corpora", name, j.query, p)
			}
		}
		q, err := Parse(j.query)
		if err != nil {
			t.Fatalf("%s: %q: %v", name, j.query, err)
		}
		kb, nosyn, grep := rank(q, syn), rank(q, nil), grepRank(texts, j.query)
		if kbRR := reciprocalRank(kb, j.relevant); testing.Verbose() && kbRR < 1 {
			top := "nothing"
			if len(kb) > 0 {
				top = kb[0]
			}
			t.Logf("%-8s %-28s kb %.2f grep %.2f (kb top: %s)", j.class, j.query, kbRR, reciprocalRank(grep, j.relevant), top)
		}
		s := r.byClass[j.class]
		if s == nil {
			s = &score{}
			r.byClass[j.class] = s
			r.classes = append(r.classes, j.class)
		}
		s.add(kb, nosyn, grep, j.relevant)
		r.all.add(kb, nosyn, grep, j.relevant)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s: MRR@10, and queries that found nothing\n", name)
	fmt.Fprintf(&b, "| class | queries | kb | kb without synonyms | grep | nothing: kb / without synonyms / grep |\n|---|---|---|---|---|---|\n")
	for _, c := range append(r.classes, "all") {
		s := r.byClass[c]
		if c == "all" {
			s = &r.all
		}
		fmt.Fprintf(&b, "| %s | %d | %.3f | %.3f | %.3f | %d / %d / %d |\n", c, s.n,
			s.kb/float64(s.n), s.nosyn/float64(s.n), s.grep/float64(s.n), s.kbNone, s.nosynNone, s.grepNone)
	}
	t.Log(b.String())
	return r
}

// TestEval measures search quality on real notes nobody on the project wrote
// and prints MRR@10 per query class for kb and the grep baseline. It fails if
// kb falls below the floor it reached when this set was written, so ranking
// regressions show up in make test.
func TestEval(t *testing.T) {
	r := evaluate(t, "queries.tsv")
	all := &r.all
	if all.n < 60 {
		t.Errorf("only %d judged queries; the evaluation needs at least 60", all.n)
	}
	// The targets of the search issue: 0.95 on plain queries, 0.80 on the
	// messy ones (particles, spacing, transliteration, synonyms, typos).
	if p := r.byClass["plain"]; p.mrr() < 0.95 {
		t.Errorf("plain MRR@10 %.3f is below 0.95", p.mrr())
	}
	messy, n := 0.0, 0
	for _, c := range []string{"particle", "spacing", "transliteration", "synonym", "typo"} {
		if s := r.byClass[c]; s != nil {
			messy += s.kb
			n += s.n
		}
	}
	if messy/float64(n) < 0.80 {
		t.Errorf("messy-query MRR@10 %.3f is below 0.80", messy/float64(n))
	}
	t.Logf("messy queries: %d, kb MRR@10 %.3f", n, messy/float64(n))
	if got := all.mrr(); got < evalFloor {
		t.Errorf("kb MRR@10 %.3f fell below %.3f", got, evalFloor)
	}
}

// evalFloor is kb's overall MRR@10 on this set when it was written (0.978),
// less a margin for ties that may order differently.
const evalFloor = 0.93

// TestEvalNatural reports kb on natural.tsv, the set of issue 10: queries
// typed as people type them (whole questions, verb forms, filler words,
// transliterations without a dictionary entry, Hangul typos...). It only
// fails below the floors of that mechanisms.
func TestEvalNatural(t *testing.T) {
	r := evaluate(t, "natural.tsv")
	if r.all.n < 100 {
		t.Errorf("only %d judged queries in natural.tsv; issue 10 asks for at least 100", r.all.n)
	}
	// Floors at what the mechanisms of issue 10 reached (0.929 overall, plain
	// 1.000, every class 0.85 or more, nothing empty), less a margin for
	// ties, so a regression shows in make test. The targets are 0.90
	// overall, 0.95 on plain and no class below 0.75.
	if got := r.all.mrr(); got < naturalFloor {
		t.Errorf("natural.tsv MRR@10 %.3f fell below %.3f", got, naturalFloor)
	}
	if p := r.byClass["plain"]; p != nil && p.mrr() < 0.95 {
		t.Errorf("natural.tsv plain MRR@10 %.3f is below 0.95", p.mrr())
	}
	for class, c := range r.byClass {
		if c.mrr() < 0.75 {
			t.Errorf("natural.tsv %s MRR@10 %.3f is below 0.75", class, c.mrr())
		}
	}
	if r.all.kbNone > 0 {
		t.Errorf("%d natural.tsv queries find nothing; every one has a note that answers it", r.all.kbNone)
	}
}

const naturalFloor = 0.88
