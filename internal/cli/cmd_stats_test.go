package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/config"
	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/kb"
	"github.com/kb-cli/kb/internal/reviews"
)

// Figures cached by an older kb, measured another way (key without the
// evaluation's tag), are measured again rather than shown.
func TestParameterMetricsCacheIgnoresOldEvaluation(t *testing.T) {
	root := t.TempDir()
	cfg := &config.Config{Root: root, Review: config.ReviewConfig{Params: fsrs.DefaultParameters()}}
	sched, err := fsrs.NewScheduler(cfg.Review.Params)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	at := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	for i, r := range []int{3, 3, 1} {
		e := reviews.Event{ID: fmt.Sprint("e", i), Card: "c1", At: at.AddDate(0, 0, 3*i), Kind: "review", Rating: r}
		b, _ := json.Marshal(e)
		lines = append(lines, string(b))
	}
	if err := os.MkdirAll(kb.At(root).Reviews(), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(kb.At(root).Reviews(), "d.jsonl"), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	store := reviews.NewStore(reviews.Scope{Root: root}, "test", time.Second)
	version, err := store.Fingerprint()
	if err != nil {
		t.Fatal(err)
	}
	p := cfg.Review.Params
	oldKey := fmt.Sprintf("%s|%v|%d|%s|%s", version, p.Weights, p.DayStartHour, dayLocation(p), "")
	bogus := 9.0
	old, _ := json.Marshal(map[string]any{"Key": oldKey, "measured_on": 2, "log_loss": bogus, "rmse_bins": bogus})
	if err := os.MkdirAll(kb.At(root).Index(), 0o755); err != nil {
		t.Fatal(err)
	}
	cache := kb.At(root).ParameterMetrics()
	if err := os.WriteFile(cache, old, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := parametersInUse(cfg, store, sched, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if got.LogLoss == nil || *got.LogLoss == bogus || got.Measured != 2 {
		t.Fatalf("got %+v, want the two reviews measured anew", got)
	}
}
