package gitsync

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kb-cli/kb/internal/kb"
)

// Options says what kb sync shares.
type Options struct {
	Root string // the knowledge base (it may be a folder inside the repository)
	User string // whose review logs are committed
	// Logs are this user's review logs and folder, relative to Root: the
	// only logs committed (other people's are theirs to commit).
	Logs []string
}

// Result is what a sync did.
type Result struct {
	Message string   // the commit message, "" when there was nothing to commit
	Files   []string // committed, relative to the repository
	Pulled  int      // commits brought in
}

// NotRepoError means the knowledge base is not in a git repository.
type NotRepoError struct{ Dir string }

func (e *NotRepoError) Error() string { return e.Dir + " is not in a git repository" }

// ConflictError means the pull stopped on notes changed on both sides.
type ConflictError struct{ Files []string }

func (e *ConflictError) Error() string {
	return "notes changed here and on the remote, and git cannot join them: " + strings.Join(e.Files, ", ")
}

// BusyError means a rebase or merge is already under way.
type BusyError struct{ What string }

func (e *BusyError) Error() string { return "a " + e.What + " is in progress in this repository" }

// NoUpstreamError means the branch has nowhere to pull from or push to.
type NoUpstreamError struct{ Branch string }

func (e *NoUpstreamError) Error() string {
	return fmt.Sprintf("committed, but branch %s has no upstream to pull from and push to", e.Branch)
}

// GitError is git failing, with what it said.
type GitError struct {
	Args   []string
	Output string
}

func (e *GitError) Error() string {
	name := "git"
	if len(e.Args) > 0 {
		name += " " + e.Args[0] // the command, not a long commit message
	}
	return fmt.Sprintf("%s failed: %s", name, strings.TrimSpace(e.Output))
}

type repo struct {
	git  string
	root string
}

// run runs the git found on PATH (never a program the knowledge base's
// files name) in the knowledge base's folder.
func (r repo) run(args ...string) (string, error) {
	// Paths as they are (Hangul), not octal-escaped.
	cmd := exec.Command(r.git, append([]string{"-c", "core.quotePath=false"}, args...)...)
	cmd.Dir = r.root
	// Never wait for a password or an editor nobody sees; git's messages
	// in English, as kb quotes them.
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_EDITOR=true", "LC_ALL=C")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return out.String(), &GitError{Args: args, Output: out.String()}
	}
	return out.String(), nil
}

// Sync commits the notes and the user's review logs, pulls with rebase
// (review logs merge by union, see .kb/.gitattributes) and pushes.
func Sync(o Options) (*Result, error) {
	git, err := exec.LookPath("git")
	if err != nil {
		return nil, errors.New("git is not installed (or not on PATH)")
	}
	r := repo{git: git, root: o.Root}
	if _, err := r.run("rev-parse", "--show-toplevel"); err != nil {
		return nil, &NotRepoError{Dir: o.Root}
	}
	if err := r.idle(); err != nil {
		return nil, err
	}
	res := &Result{}
	if err := r.commit(o, res); err != nil {
		return nil, err
	}
	branch, _ := r.run("rev-parse", "--abbrev-ref", "HEAD")
	branch = strings.TrimSpace(branch)
	if _, err := r.run("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"); err != nil {
		return res, &NoUpstreamError{Branch: branch}
	}
	before, _ := r.run("rev-parse", "HEAD")
	if _, err := r.run("pull", "--rebase", "--quiet"); err != nil {
		if files := r.conflicts(); len(files) > 0 {
			return res, &ConflictError{Files: files}
		}
		return res, err
	}
	if n, err := r.run("rev-list", "--count", strings.TrimSpace(before)+"..HEAD"); err == nil {
		fmt.Sscan(n, &res.Pulled)
	}
	if _, err := r.run("push", "--quiet"); err != nil {
		return res, err
	}
	return res, nil
}

// idle refuses to start in the middle of a rebase or merge.
func (r repo) idle() error {
	for _, st := range []struct{ what, path string }{{"rebase", "rebase-merge"}, {"rebase", "rebase-apply"}, {"merge", "MERGE_HEAD"}} {
		out, err := r.run("rev-parse", "--git-path", st.path)
		if err != nil {
			continue
		}
		gp := strings.TrimSpace(out)
		if !filepath.IsAbs(gp) {
			gp = filepath.Join(r.root, gp)
		}
		if _, err := os.Stat(gp); err == nil {
			return &BusyError{What: st.what}
		}
	}
	return nil
}

// commit stages the notes (everything in the knowledge base but the review
// logs) and this user's logs, and commits them with a message saying what.
func (r repo) commit(o Options, res *Result) error {
	if _, err := r.run("add", "-A", "--", ".", ":(exclude)"+reviewsFolder()); err != nil {
		return err
	}
	for _, l := range o.Logs {
		if _, err := os.Stat(filepath.Join(o.Root, l)); err != nil {
			continue
		}
		if _, err := r.run("add", "-A", "--", l); err != nil {
			return err
		}
	}
	out, err := r.run("diff", "--cached", "--name-status", "--no-renames", "--", ".")
	if err != nil {
		return err
	}
	if strings.TrimSpace(out) == "" {
		return nil
	}
	res.Message, res.Files = message(o.User, out)
	_, err = r.run("commit", "--quiet", "-m", res.Message)
	return err
}

// reviewsFolder is where review logs are, relative to a knowledge base's
// root, as git names paths.
func reviewsFolder() string { return filepath.ToSlash(kb.At("").Reviews()) }

// message sums up the staged changes: notes added, changed and removed,
// review logs, other files; then the files, a few at most.
func message(user, nameStatus string) (string, []string) {
	var added, changed, removed, logs, other int
	var files []string
	for _, line := range strings.Split(strings.TrimSpace(nameStatus), "\n") {
		status, file, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		files = append(files, file)
		switch {
		case strings.Contains(file, reviewsFolder()+"/") && strings.HasSuffix(file, ".jsonl"):
			logs++
		case strings.HasSuffix(strings.ToLower(file), ".md"):
			switch status[:1] {
			case "A":
				added++
			case "D":
				removed++
			default:
				changed++
			}
		default:
			other++
		}
	}
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{{added, "added"}, {changed, "changed"}, {removed, "removed"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s %s", p.n, plural(p.n, "note"), p.what))
		}
	}
	if logs > 0 {
		parts = append(parts, fmt.Sprintf("reviews (%d %s)", logs, plural(logs, "log")))
	}
	if other > 0 {
		parts = append(parts, fmt.Sprintf("%d other %s", other, plural(other, "file")))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "kb sync by %s: %s\n\n", user, strings.Join(parts, ", "))
	sort.Strings(files)
	for i, f := range files {
		if i == 20 {
			fmt.Fprintf(&b, "... and %d more\n", len(files)-20)
			break
		}
		b.WriteString(f + "\n")
	}
	return b.String(), files
}

func plural(n int, w string) string {
	if n == 1 {
		return w
	}
	return w + "s"
}

// conflicts lists the files git could not merge, relative to the repository.
func (r repo) conflicts() []string {
	out, err := r.run("diff", "--name-only", "--diff-filter=U")
	if err != nil {
		return nil
	}
	var files []string
	for _, f := range strings.Split(strings.TrimSpace(out), "\n") {
		if f = strings.TrimSpace(f); f != "" {
			files = append(files, f)
		}
	}
	return files
}
