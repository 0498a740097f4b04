package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/kb"
)

var kvs = []keyValue{{"weights", "[1, 2]"}, {"weights_fitted_on", `"2026-01-15"`}, {"weights_fitted_reviews", "40"}}

func TestSetReviewKeys(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"empty file", "", "review:\n  weights: [1, 2]\n  weights_fitted_on: \"2026-01-15\"\n  weights_fitted_reviews: 40\n"},
		{"no review block",
			"# my settings\neditor: vim   # the best\n",
			"# my settings\neditor: vim   # the best\nreview:\n  weights: [1, 2]\n  weights_fitted_on: \"2026-01-15\"\n  weights_fitted_reviews: 40\n"},
		{"review block without weights, comments around",
			"# top\nreview:\n    # how sure I want to be\n    desired_retention: 0.85  # a bit lower\n\n    fuzz: false\n# after\nindex:\n  lock_timeout: 5s\n",
			"# top\nreview:\n    # how sure I want to be\n    desired_retention: 0.85  # a bit lower\n\n    fuzz: false\n    weights: [1, 2]\n    weights_fitted_on: \"2026-01-15\"\n    weights_fitted_reviews: 40\n# after\nindex:\n  lock_timeout: 5s\n"},
		{"weights already there, as a block list",
			"review:\n  weights:\n  - 0.5\n  - 0.6\n\n  # retention\n  desired_retention: 0.9\n  weights_fitted_reviews: 7\n",
			"review:\n  weights: [1, 2]\n\n  # retention\n  desired_retention: 0.9\n  weights_fitted_reviews: 40\n  weights_fitted_on: \"2026-01-15\"\n"},
		{"weights on several lines",
			"review:\n  weights: [0.5,\n     0.6]   # old\n  fuzz: true\n",
			"review:\n  weights: [1, 2]\n  fuzz: true\n  weights_fitted_on: \"2026-01-15\"\n  weights_fitted_reviews: 40\n"},
		{"review with nothing under it", "review:\neditor: vi\n",
			"review:\n  weights: [1, 2]\n  weights_fitted_on: \"2026-01-15\"\n  weights_fitted_reviews: 40\neditor: vi\n"},
		{"CRLF and no final newline", "editor: vi\r\nreview:\r\n  fuzz: true",
			"editor: vi\r\nreview:\r\n  fuzz: true\r\n  weights: [1, 2]\r\n  weights_fitted_on: \"2026-01-15\"\r\n  weights_fitted_reviews: 40\r\n"},
		{"untouched last line keeps its missing newline", "review:\n  weights: [3]\neditor: vi",
			"review:\n  weights: [1, 2]\n  weights_fitted_on: \"2026-01-15\"\n  weights_fitted_reviews: 40\neditor: vi"},
	} {
		got, err := setReviewKeys([]byte(c.in), kvs)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if string(got) != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
	for _, bad := range []string{"review: {fuzz: true}\n", "review: 3\n", "- a\n- b\n", "review: [\n"} {
		if out, err := setReviewKeys([]byte(bad), kvs); err == nil {
			t.Errorf("%q: edited to %q, want an error", bad, out)
		}
	}
}

func TestSaveFittedRoundTrip(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, kb.DirName), 0o755)
	path := kb.At(root).Config()
	orig := "# kb settings\nreview:\n  # stricter\n  desired_retention: 0.92\n"
	os.WriteFile(path, []byte(orig), 0o644)
	w := fsrs.DefaultWeights
	w[0] = 0.123456
	if err := SaveFitted(root, Fitted{Weights: w, On: "2026-01-15", Reviews: 1234}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(data), orig) {
		t.Errorf("the file's start changed:\n%s", data)
	}
	t.Setenv("KB_DIR", root)
	cfg, err := Load(Env{Cwd: root})
	if err != nil {
		t.Fatal(err)
	}
	rc := cfg.Review
	if !rc.Custom || rc.Params.Weights[0] != 0.1235 || rc.Fitted.On != "2026-01-15" || rc.Fitted.Reviews != 1234 ||
		rc.Params.DesiredRetention != 0.92 || len(cfg.Warnings) != 0 {
		t.Errorf("read back: %+v, warnings %v", rc, cfg.Warnings)
	}
	// Never through a symlink.
	os.Rename(path, path+".real")
	os.Symlink(path+".real", path)
	if err := SaveFitted(root, Fitted{Weights: w, On: "2026-01-16", Reviews: 1}); err == nil {
		t.Error("wrote through a symlink")
	}
}
