package reliability

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/reviews"
)

// TestConcurrentProcesses runs four kb processes at once for a while (30 s by
// default; KB_CONCURRENCY_SECONDS): two adding notes, one reviewing, one
// searching. Every added note must exist and be found, every review must be
// in the log exactly once, and the only acceptable failure is a clear "busy".
func TestConcurrentProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs processes for 30 s")
	}
	root := seedKB(t)
	cards := run(t, root, nil, "cards", "--json")
	card := between(cards.stdout, `"id": "`, `"`)
	seconds := envInt("KB_CONCURRENCY_SECONDS", 30)
	deadline := time.Now().Add(time.Duration(seconds) * time.Second)

	var mu sync.Mutex
	var slowest time.Duration
	timed := func(args []string, extra ...string) result {
		start := time.Now()
		r := run(t, root, extra, args...)
		mu.Lock()
		slowest = max(slowest, time.Since(start))
		mu.Unlock()
		return r
	}
	added := map[string]string{} // unique word -> path
	reviewsOK := 0
	ops := map[string]int{}
	var failures []string
	fail := func(who string, r result) {
		mu.Lock()
		defer mu.Unlock()
		if r.code == 1 && strings.Contains(r.stderr, "busy") {
			ops[who+" busy"]++
			return
		}
		failures = append(failures, fmt.Sprintf("%s: exit %d: %s", who, r.code, r.stderr))
	}
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				word := fmt.Sprintf("zq%dx%dq", w, i)
				r := timed([]string{"add", fmt.Sprintf("동시 노트 %d %d", w, i), "-m", "고유 단어 " + word})
				if r.code != 0 {
					fail("add", r)
					continue
				}
				mu.Lock()
				added[word] = strings.TrimSpace(r.stdout)
				ops["add"]++
				mu.Unlock()
			}
		}(w)
	}
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; time.Now().Before(deadline); i++ {
			r := timed([]string{"review", card, "good"}, fmt.Sprintf("KB_NOW=2026-01-01T09:%02d:%02dZ", (i/60)%60, i%60))
			if r.code != 0 {
				fail("review", r)
				continue
			}
			mu.Lock()
			reviewsOK++
			ops["review"]++
			mu.Unlock()
		}
	}()
	go func() {
		defer wg.Done()
		for time.Now().Before(deadline) {
			r := timed([]string{"search", "쿠버네티스"})
			if r.code != 0 {
				fail("search", r)
				continue
			}
			mu.Lock()
			ops["search"]++
			mu.Unlock()
		}
	}()
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d failures, first: %s", len(failures), failures[0])
	}
	// No process waited longer than the lock timeout (10 s) and a little.
	if slowest > 12*time.Second {
		t.Errorf("the slowest command took %s", slowest)
	}
	// One search for the word every added note has finds them all.
	found := run(t, root, nil, "search", "--json", "-n", "1000000", "고유")
	for word, p := range added {
		if !filepath.IsAbs(p) { // kb prints paths relative to its working folder
			wd, _ := os.Getwd()
			p = filepath.Join(wd, p)
		}
		if _, err := os.Stat(p); err != nil {
			t.Errorf("added note %s (%s) missing: %v", p, word, err)
		}
		rel, _ := filepath.Rel(root, p)
		if !strings.Contains(found.stdout, `"path": "`+filepath.ToSlash(rel)+`"`) {
			t.Errorf("added note %s not found by search", rel)
		}
	}
	events, problems, err := reviews.NewStore(reviews.Scope{Root: root, User: "test"}, "test", time.Second).ReadAll(time.Time{})
	if err != nil || len(problems) > 0 {
		t.Fatalf("log: %v %v", err, problems)
	}
	n := 0
	for _, e := range events {
		if e.Kind == reviews.KindReview {
			n++
		}
	}
	if n != reviewsOK {
		t.Errorf("%d reviews in the log, %d recorded", n, reviewsOK)
	}
	t.Logf("%d s: operations %v, slowest command %s", seconds, ops, slowest.Round(time.Millisecond))
}
