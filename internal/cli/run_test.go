package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kb-cli/kb/internal/config"
	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/iostreams"
)

// Commands' runs tested on fakes: streams on buffers, a fixed clock, the
// settings made here rather than read, and an index the test opens (or one
// that fails). No process, no Cobra, no user's home.

var fakeNow = time.Date(2026, 1, 15, 9, 0, 0, 0, time.FixedZone("KST", 9*3600))

type fake struct {
	deps
	out, errOut *bytes.Buffer
	cfg         *config.Config
}

// newFake is a knowledge base in a temp folder holding files (path → text),
// with settings as kb's defaults would make them.
func newFake(t *testing.T, files map[string]string) *fake {
	t.Helper()
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, ".kb"), 0o755); err != nil {
		t.Fatal(err)
	}
	for p, text := range files {
		abs := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(abs, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	io, _, out, errOut := iostreams.Test()
	cfg := &config.Config{Root: root,
		Index:  config.IndexConfig{LockTimeout: 5 * time.Second},
		Review: config.ReviewConfig{Params: fsrs.DefaultParameters(), NewPerDay: 20, ReviewsPerDay: 200, LeechLapses: 8, User: "tester", Device: "test"}}
	f := &fake{out: out, errOut: errOut, cfg: cfg}
	noted := false
	f.deps = deps{IO: io, Now: func() time.Time { return fakeNow }, Cwd: root, editorNoted: &noted,
		Config: func() (*config.Config, error) { return cfg, nil },
		OpenIndex: func(rebuild bool) (*index.Index, error) {
			return index.Open(index.Options{Root: root, LockTimeout: cfg.Index.LockTimeout, Rebuild: rebuild, Warn: f.Warn})
		},
	}
	return f
}

// failingIndex makes OpenIndex fail as when another kb holds the index.
func (f *fake) failingIndex() {
	f.OpenIndex = func(bool) (*index.Index, error) { return nil, &index.BusyError{Waited: time.Second} }
}

func (f *fake) noKB() {
	f.Config = func() (*config.Config, error) { return nil, &config.NoKBError{} }
}

func TestTagsRun(t *testing.T) {
	f := newFake(t, map[string]string{
		"a.md": "---\ntags: [go, 네트워크]\n---\n# A\n",
		"b.md": "---\ntags: [go]\n---\n# B\n",
	})
	if err := tagsRun(&tagsOptions{deps: f.deps}); err != nil {
		t.Fatal(err)
	}
	if got, want := f.out.String(), "    2  #go\n    1  #네트워크\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	f.out.Reset()
	if err := tagsRun(&tagsOptions{deps: f.deps, JSON: true}); err != nil {
		t.Fatal(err)
	}
	var tags []struct {
		Tag   string
		Count int
	}
	if err := json.Unmarshal(f.out.Bytes(), &tags); err != nil || len(tags) != 2 || tags[0].Tag != "go" || tags[0].Count != 2 {
		t.Errorf("json %s: %v", f.out, err)
	}

	// The index is busy: its error comes back as is, for report to explain.
	f.failingIndex()
	var busy *index.BusyError
	if err := tagsRun(&tagsOptions{deps: f.deps}); !errors.As(err, &busy) {
		t.Errorf("busy index: %v", err)
	}
}

func TestTagsRunNoTags(t *testing.T) {
	f := newFake(t, map[string]string{"a.md": "# 태그 없음\n"})
	err := tagsRun(&tagsOptions{deps: f.deps})
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != exitFailed || !ee.bare || err.Error() != "no tags yet" {
		t.Errorf("got %#v", err)
	}
}

func TestListRun(t *testing.T) {
	f := newFake(t, map[string]string{
		"net/dns.md": "---\ncreated: 2025-03-01\n---\n# DNS 질의 과정\n",
		"os/proc.md": "---\ncreated: 2025-04-01\n---\n# 프로세스와 스레드\n",
	})
	opts := &listOptions{deps: f.deps}
	opts.List.Sort = "created"
	if err := listRun(opts); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(f.out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "2025-04-01  프로세스와 스레드") || !strings.HasSuffix(lines[1], "net/dns.md") {
		t.Errorf("newest first:\n%s", f.out)
	}

	// The index is busy: nothing printed, the error returned.
	f.failingIndex()
	f.out.Reset()
	opts.deps = f.deps
	var busy *index.BusyError
	if err := listRun(opts); !errors.As(err, &busy) || f.out.Len() != 0 {
		t.Errorf("busy: %v, %q", err, f.out)
	}
}

// cardID is the id of the only card in f's notes.
func cardID(t *testing.T, f *fake) string {
	t.Helper()
	c, _, err := loadCollection(f.deps, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Items) != 1 {
		t.Fatalf("%d cards", len(c.Items))
	}
	return c.Items[0].ID
}

func TestReviewRun(t *testing.T) {
	f := newFake(t, map[string]string{"q.md": "# 네트워크\n\n## TCP와 UDP의 차이는?\n\n연결 지향과 비연결.\n"})
	id := cardID(t, f)
	if err := reviewRun(&reviewOptions{deps: f.deps, Card: id[:6], Rating: fsrs.Good}); err != nil {
		t.Fatal(err)
	}
	want := id + ": good · learning · due 2026-01-15T09:10:00+09:00 (in 10m)\n"
	if f.out.String() != want {
		t.Errorf("got %q, want %q", f.out.String(), want)
	}
	logs, _ := filepath.Glob(filepath.Join(f.cfg.Root, ".kb", "reviews", "tester", "*.jsonl"))
	if len(logs) != 1 {
		t.Errorf("review logs: %v", logs)
	}

	// A card that is not there.
	f.out.Reset()
	if err := reviewRun(&reviewOptions{deps: f.deps, Card: "ffffffff", Rating: fsrs.Good}); err == nil || f.out.Len() != 0 {
		t.Errorf("unknown card: %v, %q", err, f.out)
	}
	// No knowledge base.
	f.noKB()
	var noKB *config.NoKBError
	if err := reviewRun(&reviewOptions{deps: f.deps, Card: id, Rating: fsrs.Good}); !errors.As(err, &noKB) {
		t.Errorf("no kb: %v", err)
	}
}

func TestSuspendRun(t *testing.T) {
	f := newFake(t, map[string]string{"q.md": "## 힙과 스택?\n\n메모리 영역.\n"})
	id := cardID(t, f)
	if err := suspendRun(&suspendOptions{deps: f.deps, Card: id, Suspend: true}); err != nil {
		t.Fatal(err)
	}
	c, _, err := loadCollection(f.deps, nil)
	if err != nil || !c.Items[0].Suspended() {
		t.Fatalf("not suspended: %v", err)
	}
	if err := suspendRun(&suspendOptions{deps: f.deps, Card: id}); err != nil {
		t.Fatal(err)
	}
	if got := f.out.String(); got != id+": suspended\n"+id+": unsuspended\n" {
		t.Errorf("got %q", got)
	}
	f.failingIndex()
	var busy *index.BusyError
	if err := suspendRun(&suspendOptions{deps: f.deps, Card: id, Suspend: true}); !errors.As(err, &busy) {
		t.Errorf("busy: %v", err)
	}
}

func TestIndexRun(t *testing.T) {
	f := newFake(t, map[string]string{"a.md": "# 하나\n", "b.md": "# 둘\n"})
	if err := indexRun(&indexOptions{deps: f.deps, JSON: true}); err != nil {
		t.Fatal(err)
	}
	var st struct{ Notes, Added int }
	if err := json.Unmarshal(f.out.Bytes(), &st); err != nil || st.Notes != 2 || st.Added != 2 {
		t.Errorf("%s: %v", f.out, err)
	}
	f.failingIndex()
	f.out.Reset()
	var busy *index.BusyError
	if err := indexRun(&indexOptions{deps: f.deps}); !errors.As(err, &busy) || f.out.Len() != 0 {
		t.Errorf("busy: %v, %q", err, f.out)
	}
}

func TestSyncRunOutsideGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	t.Setenv("GIT_CEILING_DIRECTORIES", os.TempDir())
	t.Setenv("HOME", t.TempDir()) // not the user's git settings
	f := newFake(t, map[string]string{"a.md": "# 하나\n"})
	err := syncRun(&syncOptions{deps: f.deps})
	var ee *exitError
	if !errors.As(err, &ee) || len(ee.hints) != 1 || !strings.Contains(ee.hints[0], "git init") {
		t.Errorf("got %#v", err)
	}
}

// The runF seam: flags and arguments reach the options; a bad one is a usage
// error and nothing runs.
func TestFlagsReachOptions(t *testing.T) {
	f := &Factory{}
	f.IO, _, _, _ = iostreams.Test()
	var got *listOptions
	cmd := newListCmd(f, func(o *listOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--sort", "title", "-n", "3", "--tag", "a", "--tag", "b", "--reverse"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.List.Sort != "title" || got.List.Limit != 3 || strings.Join(got.List.Tags, ",") != "a,b" || !got.List.Reverse {
		t.Errorf("%+v", got.List)
	}

	ran := false
	rc := newReviewCmd(f, func(*reviewOptions) error { ran = true; return nil })
	rc.SetArgs([]string{"abc", "perfect"})
	rc.SilenceErrors, rc.SilenceUsage = true, true
	err := rc.Execute()
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != exitUsage || ran {
		t.Errorf("bad rating: %v, ran %v", err, ran)
	}
	var sopts *suspendOptions
	sc := newSuspendCmd(f, false, func(o *suspendOptions) error { sopts = o; return nil })
	sc.SetArgs([]string{"abc123"})
	if err := sc.Execute(); err != nil || sopts.Card != "abc123" || sopts.Suspend {
		t.Errorf("unsuspend: %v %+v", err, sopts)
	}
}

func TestCardsRun(t *testing.T) {
	f := newFake(t, map[string]string{"net/q.md": "---\ntags: [network]\n---\n# 네트워크\n\n## TCP와 UDP의 차이는?\n\n연결.\n"})
	if err := cardsRun(&cardsOptions{deps: f.deps, JSON: true}); err != nil {
		t.Fatal(err)
	}
	var cs []cardJSON
	if err := json.Unmarshal(f.out.Bytes(), &cs); err != nil || len(cs) != 1 {
		t.Fatalf("%s: %v", f.out, err)
	}
	if c := cs[0]; c.Path != "net/q.md" || c.Question != "TCP와 UDP의 차이는?" || c.State != "new" || c.Deck != "net" {
		t.Errorf("%+v", c)
	}
	// A filter nothing passes: exit 1, said plainly.
	f.out.Reset()
	err := cardsRun(&cardsOptions{deps: f.deps, Tags: []string{"os"}})
	var ee *exitError
	if !errors.As(err, &ee) || !ee.bare || err.Error() != "no cards" || f.out.Len() != 0 {
		t.Errorf("got %v, %q", err, f.out)
	}
}

func TestRestoreRunEmptyTrash(t *testing.T) {
	f := newFake(t, nil)
	err := restoreRun(&restoreOptions{deps: f.deps})
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != exitFailed || err.Error() != "the trash is empty" {
		t.Errorf("got %v", err)
	}
	if err := restoreRun(&restoreOptions{deps: f.deps, JSON: true}); err != nil || f.out.String() != "[]\n" {
		t.Errorf("json: %v, %q", err, f.out)
	}
	err = restoreRun(&restoreOptions{deps: f.deps, Ref: "gone.md"})
	if !errors.As(err, &ee) || len(ee.hints) != 1 {
		t.Errorf("not in the trash: %v", err)
	}
}

// kb rm asks when stdin and stderr are terminals (faked here: the prompt's
// logic, not the terminal, is under test; cmd/kb's rm script uses a pty).
func TestRmRunAsks(t *testing.T) {
	f := newFake(t, map[string]string{"net/tcp.md": "# TCP와 UDP\n"})
	f.IO.SetTTY(true, false, true)
	in := f.IO.In.(*bytes.Buffer)
	in.WriteString("n\n")
	err := rmRun(&rmOptions{deps: f.deps, Ref: "net/tcp.md"})
	var ee *exitError
	if !errors.As(err, &ee) || err.Error() != "nothing removed" {
		t.Fatalf("no: %v", err)
	}
	if got := f.errOut.String(); got != "Move net/tcp.md (TCP와 UDP) to the trash? [y/N] " {
		t.Errorf("prompt %q", got)
	}
	if _, err := os.Stat(filepath.Join(f.cfg.Root, "net", "tcp.md")); err != nil {
		t.Fatal("the note went")
	}
	in.WriteString("y\n")
	if err := rmRun(&rmOptions{deps: f.deps, Ref: "net/tcp.md"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(f.cfg.Root, "net", "tcp.md")); !os.IsNotExist(err) {
		t.Errorf("still there: %v", err)
	}
	if !strings.HasPrefix(f.out.String(), "net/tcp.md: moved to the trash") {
		t.Errorf("out %q", f.out)
	}
	// A note that is not there: nothing asked.
	f.errOut.Reset()
	if err := rmRun(&rmOptions{deps: f.deps, Ref: "없는노트"}); err == nil || strings.Contains(f.errOut.String(), "[y/N]") {
		t.Errorf("missing note: %v, %q", err, f.errOut)
	}
}
