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
	"github.com/kb-cli/kb/internal/index"
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
	if err := os.MkdirAll(reviews.Dir(root), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(reviews.Dir(root), "d.jsonl"), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	version, err := reviews.Version(reviews.Scope{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	p := cfg.Review.Params
	oldKey := fmt.Sprintf("%s|%v|%d|%s|%s", version, p.Weights, p.DayStartHour, dayLocation(p), "")
	bogus := 9.0
	old, _ := json.Marshal(map[string]any{"Key": oldKey, "measured_on": 2, "log_loss": bogus, "rmse_bins": bogus})
	if err := os.MkdirAll(index.Dir(root), 0o755); err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(index.Dir(root), "parameter-metrics.json")
	if err := os.WriteFile(cache, old, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := parametersInUse(cfg, reviews.Scope{Root: root}, sched, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if got.LogLoss == nil || *got.LogLoss == bogus || got.Measured != 2 {
		t.Fatalf("got %+v, want the two reviews measured anew", got)
	}
}
