package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/text/unicode/norm"

	"github.com/kb-cli/kb/internal/cli"
	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/fsrsfit"
	"github.com/kb-cli/kb/internal/pty"
	"github.com/kb-cli/kb/internal/reviews"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"kb":  func() { os.Exit(cli.Main()) },
		"pty": func() { os.Exit(onPty(os.Args[1:])) },
	})
}

// onPty is the scripts' pty command: pty [-size ROWSxCOLS] [-stdin FILE]
// PROGRAM ARGS... runs PROGRAM with stdin, stdout and stderr on terminals, as
// from a shell in a terminal window; what they showed becomes its stdout and
// stderr (see package pty), its exit code its own. testscript's ttyin gives a
// program a controlling terminal but leaves stdout a pipe; this is for what kb
// does when stdout is a terminal: colour, the pager, widths, prompts.
func onPty(args []string) int {
	fs := flag.NewFlagSet("pty", flag.ContinueOnError)
	size := fs.String("size", "", "the terminal's `ROWSxCOLS` (default: it does not say)")
	stdin := fs.String("stdin", "", "type this `file` on the terminal, then Ctrl-D")
	if fs.Parse(args) != nil || fs.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: pty [-size ROWSxCOLS] [-stdin FILE] PROGRAM ARGS...")
		return 2
	}
	r := pty.Run{Cmd: exec.Command(fs.Arg(0), fs.Args()[1:]...)}
	if *size != "" {
		if _, err := fmt.Sscanf(*size, "%dx%d", &r.Size.Rows, &r.Size.Cols); err != nil {
			fmt.Fprintf(os.Stderr, "pty: -size %q: %v\n", *size, err)
			return 2
		}
	}
	if *stdin != "" {
		b, err := os.ReadFile(*stdin)
		if err != nil {
			fmt.Fprintln(os.Stderr, "pty:", err)
			return 2
		}
		r.Input = b
	}
	res, err := r.Start()
	os.Stdout.WriteString(res.Stdout)
	os.Stderr.WriteString(res.Stderr)
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee) && ee.Exited():
		return ee.ExitCode()
	case err != nil:
		fmt.Fprintln(os.Stderr, "pty:", err)
		return 125
	}
	return 0
}

// TestScripts runs the end-to-end scripts in testdata/script. Each runs in a
// fresh folder with its own HOME and XDG folders, a fixed clock and no colour;
// KB_DIR points at $WORK/kb, the knowledge base most scripts use.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			home := filepath.Join(env.WorkDir, "home")
			env.Setenv("HOME", home)
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
			env.Setenv("XDG_DATA_HOME", filepath.Join(home, ".local", "share"))
			env.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
			env.Setenv("KB_DIR", filepath.Join(env.WorkDir, "kb"))
			env.Setenv("KB_NOW", "2026-01-15T09:00:00+09:00")
			// Review logs are per user: the login name when git has no e-mail.
			env.Setenv("USER", "tester")
			env.Setenv("NO_COLOR", "1")
			env.Setenv("EDITOR", "kb-test-no-editor")
			env.Setenv("VISUAL", "")
			env.Setenv("KB_EDITOR", "")
			// No pager unless a script names one: tests must not depend on less.
			env.Setenv("KB_PAGER", "cat")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"truncate-segments": truncateSegments,
			"gen-reviews":       genReviews,
			"mkzip":             mkzip,
			"tmpfs":             tmpfs,
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "root":
				return os.Geteuid() == 0, nil
			case "pty":
				return canOpenPty(), nil
			case "tmpfs":
				return canMountTmpfs(), nil
			}
			return false, nil
		},
	})
}

// truncateSegments empties every Bleve segment file in a folder, the kind of
// damage a crash or a full disk leaves.
func truncateSegments(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: truncate-segments DIR")
	}
	dir := ts.MkAbs(args[0])
	entries, err := os.ReadDir(dir)
	ts.Check(err)
	n := 0
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".zap" {
			ts.Check(os.Truncate(filepath.Join(dir, e.Name()), 0))
			n++
		}
	}
	if n == 0 {
		ts.Fatalf("no segment files in %s", dir)
	}
}

// genReviews writes N reviews of a simulated learner (fsrsfit.Simulate,
// the same every time) as the review log FILE, starting on 2025-01-01.
func genReviews(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: gen-reviews FILE N")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	truth := fsrsfit.Weights(fsrs.DefaultWeights)
	truth[8], truth[11], truth[20] = 1.2, 2.5, 0.3 // a memory unlike the defaults
	rs := fsrsfit.Simulate(fsrsfit.Simulation{Truth: truth, Reviews: n, NewPerDay: 10,
		Start: time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC), Seed: 1})
	var buf bytes.Buffer
	for i, r := range rs {
		b, err := json.Marshal(reviews.Event{ID: fmt.Sprintf("sim-%d", i), Card: r.Card, At: r.At, Kind: reviews.KindReview, Rating: r.Rating})
		ts.Check(err)
		buf.Write(b)
		buf.WriteByte('\n')
	}
	p := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(filepath.Dir(p), 0o755))
	ts.Check(os.WriteFile(p, buf.Bytes(), 0o644))
}

// mkzip [-nfd] ZIP DIR zips the files under DIR, named relative to it; with
// -nfd the names are decomposed, as macOS writes them.
func mkzip(ts *testscript.TestScript, neg bool, args []string) {
	nfd := len(args) > 0 && args[0] == "-nfd"
	if nfd {
		args = args[1:]
	}
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mkzip [-nfd] ZIP DIR")
	}
	out, err := os.Create(ts.MkAbs(args[0]))
	ts.Check(err)
	zw := zip.NewWriter(out)
	dir := ts.MkAbs(args[1])
	ts.Check(filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		name := filepath.ToSlash(rel)
		if nfd {
			name = norm.NFD.String(name)
		}
		w, err := zw.Create(name)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	}))
	ts.Check(zw.Close())
	ts.Check(out.Close())
}

// canOpenPty reports whether this system gives pseudo-terminals (Linux, with
// /dev/ptmx), trying once.
var canOpenPty = sync.OnceValue(func() bool {
	t, err := pty.Open(pty.Size{})
	if err != nil {
		return false
	}
	t.Close()
	return true
})

// canMountTmpfs reports whether scripts can mount a tmpfs (root, and a
// container that allows it), trying once.
var canMountTmpfs = sync.OnceValue(func() bool {
	if os.Geteuid() != 0 {
		return false
	}
	dir, err := os.MkdirTemp("", "kb-mount-")
	if err != nil {
		return false
	}
	defer os.Remove(dir)
	if exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir).Run() != nil {
		return false
	}
	return exec.Command("umount", dir).Run() == nil
})

// tmpfs [-ro] DIR mounts a small tmpfs on DIR, unmounted when the script
// ends however it ends; -ro remounts the one already there read-only.
func tmpfs(ts *testscript.TestScript, neg bool, args []string) {
	ro := len(args) > 0 && args[0] == "-ro"
	if ro {
		args = args[1:]
	}
	if neg || len(args) != 1 {
		ts.Fatalf("usage: tmpfs [-ro] DIR")
	}
	dir := ts.MkAbs(args[0])
	if ro {
		if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
			ts.Fatalf("remount: %v %s", err, out)
		}
		return
	}
	ts.Check(os.MkdirAll(dir, 0o755))
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", dir).CombinedOutput(); err != nil {
		ts.Fatalf("mount: %v %s", err, out)
	}
	ts.Defer(func() { exec.Command("umount", dir).Run() })
}
