// Package kb knows how a knowledge base lies on disk: a folder of Markdown
// notes with a .kb/ folder at its root for kb's own files.
package kb

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/kb-cli/kb/internal/fsutil"
)

// DirName is the folder at a KB's root that marks it and holds kb's files.
const DirName = ".kb"

// FindRoot returns the nearest folder from dir upwards that holds a .kb folder.
func FindRoot(dir string) (string, bool) {
	for {
		if IsRoot(dir) {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// IsRoot reports whether dir is a knowledge base: it holds a .kb folder.
func IsRoot(dir string) bool {
	fi, err := os.Stat(At(dir).Dir())
	return err == nil && fi.IsDir()
}

// The index is a cache anyone can rebuild, so it stays out of git; review logs
// and templates in .kb/ are the user's data and are committed.
const gitignore = `# kb's search index: a cache rebuilt from the notes whenever needed.
/index/
/index.lock
# Text kb saved when an editor failed; yours to recover, not to commit.
/recovery/
# Notes kb rm removed, until kb restore: this machine's undo, not history.
/trash/
`

// Review logs only ever grow by whole lines, one file per user and device
// (reviews/<user>/<device>.jsonl; at the top, the logs from before users): if
// two machines do append to the same file, git keeps both sides' lines. The
// list of what kb import brought in grows the same way.
const gitattributes = `reviews/*.jsonl merge=union
reviews/*/*.jsonl merge=union
imports.jsonl merge=union
`

// Init makes dir a knowledge base, with config as its commented config file
// (config.Template: the settings are declared there). Files that exist
// already are left as they are, so running it twice is harmless. created
// reports whether anything new was written.
func Init(dir, config string) (created bool, err error) {
	l := At(dir)
	if err := os.MkdirAll(l.Dir(), 0o755); err != nil {
		return false, err
	}
	for _, f := range []struct{ path, body string }{
		{l.Config(), config},
		{l.GitIgnore(), gitignore},
		{l.GitAttributes(), gitattributes},
	} {
		p := f.path
		if _, err := os.Stat(p); err == nil {
			continue
		} else if !errors.Is(err, os.ErrNotExist) {
			return created, err
		}
		if err := fsutil.WriteFileAtomic(p, []byte(f.body), 0o644); err != nil {
			return created, err
		}
		created = true
	}
	return created, nil
}

// UpgradeGitattributes adds to .kb/.gitattributes the lines of ours it lacks
// (a knowledge base made before review logs were kept per user has only the
// first), so git merges every review log by union. It writes only when a
// line is missing.
func UpgradeGitattributes(root string) error {
	p := At(root).GitAttributes()
	if fi, err := os.Lstat(p); err == nil && !fi.Mode().IsRegular() {
		return &fsutil.LinkError{Path: p} // committed: never read or replace a planted link
	}
	old, err := os.ReadFile(p)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	have := map[string]bool{}
	for _, l := range strings.Split(string(old), "\n") {
		have[strings.TrimSpace(l)] = true
	}
	data := old
	for _, l := range strings.Split(strings.TrimSpace(gitattributes), "\n") {
		if have[l] {
			continue
		}
		if len(data) > 0 && data[len(data)-1] != '\n' {
			data = append(data, '\n')
		}
		data = append(data, l+"\n"...)
	}
	if len(data) == len(old) {
		return nil
	}
	return fsutil.WriteFileAtomic(p, data, 0o644)
}
