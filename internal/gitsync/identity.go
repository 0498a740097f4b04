// Package gitsync shares a knowledge base through git: who the user is
// (git's user.email), and kb sync, which commits, pulls with rebase and
// pushes by running the git found on PATH, never a program the knowledge
// base names.
package gitsync

import (
	"bufio"
	"bytes"
	"os"
	"os/user"
	"path/filepath"
	"strings"
)

// UserEmail is git's user.email for the repository holding dir, read from
// the repository's config and the user's global config files (git is not
// run: this is asked at the start of every quiz). "" when none says.
func UserEmail(dir string) string {
	var files []string
	if v := os.Getenv("GIT_CONFIG_GLOBAL"); v != "" {
		files = append(files, v)
	} else {
		xdg := os.Getenv("XDG_CONFIG_HOME")
		home, _ := os.UserHomeDir()
		if xdg == "" && home != "" {
			xdg = filepath.Join(home, ".config")
		}
		if xdg != "" {
			files = append(files, filepath.Join(xdg, "git", "config"))
		}
		if home != "" {
			files = append(files, filepath.Join(home, ".gitconfig"))
		}
	}
	if gd := gitDir(dir); gd != "" {
		files = append(files, filepath.Join(gd, "config"))
		if c, err := os.ReadFile(filepath.Join(gd, "commondir")); err == nil {
			common := strings.TrimSpace(string(c))
			if !filepath.IsAbs(common) {
				common = filepath.Join(gd, common)
			}
			files = append(files, filepath.Join(common, "config"))
		}
	}
	email := ""
	for _, f := range files { // later files override earlier ones, as in git
		if v, ok := configValue(f, "user", "email"); ok {
			email = v
		}
	}
	return email
}

// LoginName is the user's login name, "" if the system does not say.
func LoginName() string {
	for _, k := range []string{"USER", "LOGNAME", "USERNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}

// gitDir finds the .git folder of the repository holding dir (following a
// .git file, as worktrees and submodules have), or "".
func gitDir(dir string) string {
	for d := dir; ; {
		p := filepath.Join(d, ".git")
		if fi, err := os.Stat(p); err == nil {
			if fi.IsDir() {
				return p
			}
			if data, err := os.ReadFile(p); err == nil {
				if rest, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:"); ok {
					g := strings.TrimSpace(rest)
					if !filepath.IsAbs(g) {
						g = filepath.Join(d, g)
					}
					return g
				}
			}
			return ""
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// configValue reads section.key from a git config file: the last value
// wins; includes are not followed.
func configValue(file, section, key string) (string, bool) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", false
	}
	val, found, in := "", false, false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || l[0] == '#' || l[0] == ';' {
			continue
		}
		if l[0] == '[' {
			end := strings.IndexByte(l, ']')
			if end < 0 {
				in = false
				continue
			}
			name := strings.TrimSpace(l[1:end])
			in = strings.EqualFold(name, section)
			l = strings.TrimSpace(l[end+1:])
			if l == "" {
				continue
			}
		}
		if !in {
			continue
		}
		k, v, _ := strings.Cut(l, "=")
		if !strings.EqualFold(strings.TrimSpace(k), key) {
			continue
		}
		v = strings.TrimSpace(v)
		if i := strings.IndexAny(v, "#;"); i >= 0 && !strings.HasPrefix(v, `"`) {
			v = strings.TrimSpace(v[:i])
		}
		val, found = strings.Trim(v, `"`), true
	}
	return val, found
}
