package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

type fixture struct{ home, kbRoot string }

func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	f := &fixture{home: filepath.Join(dir, "home"), kbRoot: filepath.Join(dir, "notes")}
	os.MkdirAll(filepath.Join(f.kbRoot, ".kb"), 0o755)
	os.MkdirAll(filepath.Join(f.kbRoot, "sub", "deeper"), 0o755)
	os.MkdirAll(filepath.Join(f.home, ".config", "kb"), 0o755)
	for _, k := range []string{"KB_DIR", "XDG_CONFIG_HOME", "KB_EDITOR", "KB_INDEX_MAX_FILE_SIZE", "KB_INDEX_LOCK_TIMEOUT",
		"KB_REVIEW_FUZZ", "KB_REVIEW_DAY_STARTS_AT", "KB_REVIEW_LEARNING_STEPS", "KB_REVIEW_WEIGHTS"} {
		t.Setenv(k, "")
	}
	t.Setenv("HOME", f.home)
	return f
}

func (f *fixture) load(t *testing.T, cwd string, args ...string) (*Config, error) {
	t.Helper()
	fs := pflag.NewFlagSet("kb", pflag.ContinueOnError)
	fs.String("dir", "", "")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return Load(Env{Cwd: cwd, Flags: fs})
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRootFromAncestor(t *testing.T) {
	f := newFixture(t)
	c, err := f.load(t, filepath.Join(f.kbRoot, "sub", "deeper"))
	if err != nil || c.Root != f.kbRoot {
		t.Fatalf("root %v err %v", c, err)
	}
}

func TestRootPrecedence(t *testing.T) {
	f := newFixture(t)
	other := t.TempDir()
	elsewhere := t.TempDir()
	os.Mkdir(filepath.Join(other, ".kb"), 0o755)
	write(t, filepath.Join(f.home, ".config", "kb", "config.yaml"), "dir: "+other+"\n")

	c, err := f.load(t, elsewhere)
	if err != nil || c.Root != other {
		t.Fatalf("user config dir: %v %v", c, err)
	}
	c, _ = f.load(t, filepath.Join(f.kbRoot, "sub"))
	if c.Root != f.kbRoot {
		t.Errorf("ancestor .kb should beat user config: %s", c.Root)
	}
	os.Mkdir(filepath.Join(elsewhere, ".kb"), 0o755)
	t.Setenv("KB_DIR", elsewhere)
	c, _ = f.load(t, filepath.Join(f.kbRoot, "sub"))
	if c.Root != elsewhere {
		t.Errorf("KB_DIR should beat ancestor: %s", c.Root)
	}
	c, _ = f.load(t, filepath.Join(f.kbRoot, "sub"), "--dir", f.kbRoot)
	if c.Root != f.kbRoot {
		t.Errorf("--dir should beat KB_DIR: %s", c.Root)
	}
}

func TestNoKB(t *testing.T) {
	f := newFixture(t)
	_, err := f.load(t, t.TempDir())
	var nk *NoKBError
	if !errors.As(err, &nk) {
		t.Fatalf("got %v", err)
	}
	_, err = f.load(t, t.TempDir(), "--dir", filepath.Join(f.home, "missing"))
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing --dir: %v", err)
	}
}

// A folder named with --dir or KB_DIR that has no .kb is refused, not
// silently given an index.
func TestNamedFolderMustBeAKB(t *testing.T) {
	f := newFixture(t)
	plain := t.TempDir()
	for _, tc := range []struct {
		env, from string
		args      []string
	}{{"", "--dir", []string{"--dir", plain}}, {plain, "KB_DIR", nil}} {
		t.Setenv("KB_DIR", tc.env)
		_, err := f.load(t, f.kbRoot, tc.args...)
		var nk *NotKBError
		if !errors.As(err, &nk) || nk.Dir != plain || nk.From != tc.from {
			t.Errorf("%s: got %v", tc.from, err)
		}
	}
	if _, err := os.Stat(filepath.Join(plain, ".kb")); err == nil {
		t.Errorf("a .kb folder was created in %s", plain)
	}
}

func TestLayers(t *testing.T) {
	f := newFixture(t)
	c, err := f.load(t, f.kbRoot)
	if err != nil || c.Index.MaxFileSize != 5<<20 || c.Index.LockTimeout != 10*time.Second {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	write(t, filepath.Join(f.home, ".config", "kb", "config.yaml"), "editor: nano\nindex:\n  max_file_size: 1MiB\n  lock_timeout: 3s\n")
	c, _ = f.load(t, f.kbRoot)
	if c.Editor != "nano" || c.Index.MaxFileSize != 1<<20 {
		t.Errorf("user config: %+v", c)
	}
	write(t, filepath.Join(f.kbRoot, ".kb", "config.yaml"), "index:\n  max_file_size: 2MiB\n")
	c, _ = f.load(t, f.kbRoot)
	if c.Index.MaxFileSize != 2<<20 || c.Index.LockTimeout != 3*time.Second || c.Editor != "nano" {
		t.Errorf("kb config over user config: %+v", c)
	}
	t.Setenv("KB_INDEX_MAX_FILE_SIZE", "300KiB")
	c, _ = f.load(t, f.kbRoot)
	if c.Index.MaxFileSize != 300<<10 {
		t.Errorf("env over files: %+v", c)
	}
	if len(c.Files) != 2 {
		t.Errorf("files read: %v", c.Files)
	}
}

func TestXDGConfigHome(t *testing.T) {
	f := newFixture(t)
	xdg := t.TempDir()
	os.MkdirAll(filepath.Join(xdg, "kb"), 0o755)
	write(t, filepath.Join(xdg, "kb", "config.yaml"), "editor: micro\n")
	t.Setenv("XDG_CONFIG_HOME", xdg)
	c, err := f.load(t, f.kbRoot)
	if err != nil || c.Editor != "micro" {
		t.Fatalf("%+v %v", c, err)
	}
}

func TestBrokenConfigNamesFileAndLine(t *testing.T) {
	f := newFixture(t)
	p := filepath.Join(f.kbRoot, ".kb", "config.yaml")
	write(t, p, "editor: vim\nindex:\n  max_file_size: : 3\n")
	_, err := f.load(t, f.kbRoot)
	var fe *FileError
	if !errors.As(err, &fe) || fe.Path != p || fe.Line != 3 {
		t.Fatalf("got %#v", err)
	}
	write(t, p, "index:\n  max_file_size: lots\n")
	_, err = f.load(t, f.kbRoot)
	if err == nil || !strings.Contains(err.Error(), "index.max_file_size") || !strings.Contains(err.Error(), p) {
		t.Errorf("bad value: %v", err)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"5MiB": 5 << 20, "5MB": 5 << 20, "5 mb": 5 << 20, "512KiB": 512 << 10,
		"1G": 1 << 30, "100": 100, "100B": 100, "1.5MiB": 3 << 19} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("%q: %d %v", in, got, err)
		}
	}
	for _, in := range []string{"", "MiB", "-1", "5XB", "five"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestReviewConfig(t *testing.T) {
	f := newFixture(t)
	c, err := f.load(t, f.kbRoot)
	if err != nil {
		t.Fatal(err)
	}
	r := c.Review
	if !r.Params.Fuzz || r.Params.DayStartHour != 4 || r.NewPerDay != 20 || r.ReviewsPerDay != 200 || r.LeechLapses != 8 ||
		len(r.Params.LearningSteps) != 2 || r.Params.LearningSteps[1] != 10*time.Minute || r.Params.DesiredRetention != 0.9 {
		t.Errorf("defaults: %+v", r)
	}
	write(t, filepath.Join(f.kbRoot, ".kb", "config.yaml"), "review:\n  learning_steps: [2m]\n  desired_retention: 0.85\n  new_per_day: 5\n")
	t.Setenv("KB_REVIEW_FUZZ", "false")
	t.Setenv("KB_REVIEW_DAY_STARTS_AT", "0")
	c, err = f.load(t, f.kbRoot)
	if err != nil {
		t.Fatal(err)
	}
	r = c.Review
	if r.Params.Fuzz || r.Params.DayStartHour != 0 || r.NewPerDay != 5 || r.Params.DesiredRetention != 0.85 ||
		len(r.Params.LearningSteps) != 1 || r.Params.LearningSteps[0] != 2*time.Minute {
		t.Errorf("overrides: %+v", r)
	}
	t.Setenv("KB_REVIEW_LEARNING_STEPS", "30s 5m")
	c, _ = f.load(t, f.kbRoot)
	if len(c.Review.Params.LearningSteps) != 2 || c.Review.Params.LearningSteps[0] != 30*time.Second {
		t.Errorf("steps from env: %v", c.Review.Params.LearningSteps)
	}
	t.Setenv("KB_REVIEW_LEARNING_STEPS", "")
	t.Setenv("KB_REVIEW_FUZZ", "") // the environment would override the bad values
	for _, bad := range []string{"review:\n  weights: [1, 2]\n", "review:\n  fuzz: maybe\n", "review:\n  desired_retention: 1.5\n",
		"review:\n  weights: [0.212, 1.2931, 2.3065, 8.2956, 66, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542]\n"} {
		write(t, filepath.Join(f.kbRoot, ".kb", "config.yaml"), bad)
		if _, err := f.load(t, f.kbRoot); err == nil || !strings.Contains(err.Error(), "review") {
			t.Errorf("%q accepted: %v", bad, err)
		}
	}
}

func TestUnknownKeysWarnWithLine(t *testing.T) {
	f := newFixture(t)
	p := filepath.Join(f.kbRoot, ".kb", "config.yaml")
	write(t, p, "review: {}\nindex:\n  max_file_sise: 1MiB\nreviews:\n  fuzz: false\nadd:\n  folders:\n    talk: talks\n")
	c, err := f.load(t, f.kbRoot)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{p + ":3: unknown setting index.max_file_sise (ignored)", p + ":4: unknown setting reviews (ignored)"}
	if strings.Join(c.Warnings, "|") != strings.Join(want, "|") {
		t.Errorf("warnings %q", c.Warnings)
	}
}

// A knowledge base's own config is committed and shared: it may not choose
// the program kb runs, nor where notes go outside the root.
func TestKBConfigIsUntrusted(t *testing.T) {
	f := newFixture(t)
	write(t, filepath.Join(f.home, ".config", "kb", "config.yaml"), "editor: nano\n")
	p := filepath.Join(f.kbRoot, ".kb", "config.yaml")
	write(t, p, "index:\n  lock_timeout: 3s\nEditor: \"touch /tmp/PWNED; true\"\n")
	c, err := f.load(t, f.kbRoot)
	if err != nil {
		t.Fatal(err)
	}
	if c.Editor != "nano" || c.Index.LockTimeout != 3*time.Second {
		t.Errorf("editor %q, lock timeout %s", c.Editor, c.Index.LockTimeout)
	}
	if len(c.Warnings) != 1 || !strings.HasPrefix(c.Warnings[0], p+":3: editor is ignored here") {
		t.Errorf("warnings %q", c.Warnings)
	}
	t.Setenv("KB_EDITOR", "vi")
	if c, _ := f.load(t, f.kbRoot); c.Editor != "vi" {
		t.Errorf("KB_EDITOR: %q", c.Editor)
	}
	for _, bad := range []string{"../out", "/tmp/out", ".hidden", "a/.git", "a/../../b"} {
		write(t, p, "add:\n  folders:\n    note: "+bad+"\n")
		_, err := f.load(t, f.kbRoot)
		var se *SettingError
		if !errors.As(err, &se) || se.Key != "add.folders.note" {
			t.Errorf("%q: %v", bad, err)
		}
	}
	for _, good := range []string{"", ".", "notes", "a/b", "면접/네트워크"} {
		if err := CheckFolder(good); err != nil {
			t.Errorf("%q: %v", good, err)
		}
	}
}
