package reviews

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"

	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/kb"
)

// Scope is whose review logs are read and written. In a shared knowledge
// base each person's logs are under .kb/reviews/<user>/, one file a device,
// and each sees only their own schedule.
type Scope struct {
	Root string
	// User is the person; "" reads and writes the logs at the top of
	// .kb/reviews, the layout from before kb knew users.
	User string
	// Visitor looks at someone else's logs: nothing is written and no old
	// log is adopted.
	Visitor bool
}

var unsafeUser = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[^\p{L}\p{N}._@+-]+`) })

// UserName makes a folder name of a user name or e-mail address:
// lower-cased, NFC, characters unsafe in file names replaced.
func UserName(s string) string {
	s = norm.NFC.String(strings.ToLower(strings.TrimSpace(s)))
	return strings.Trim(unsafeUser().ReplaceAllString(s, "-"), "-.")
}

func (s Scope) dir() string { return kb.At(s.Root).UserReviews(s.User) }

// adoptedName lists, in a user's folder, the logs from before users that
// are theirs. The logs themselves are never moved or rewritten.
const adoptedName = "adopted.txt"

// files lists the scope's logs, sorted, as paths relative to the reviews folder: the
// user's own, and the old logs they adopted. The current user adopts every
// old log nobody has claimed, and says so in their adopted.txt, so that
// whoever upgrades first keeps the history and the others never see it.
func (s Scope) files() ([]string, error) {
	base := kb.At(s.Root).Reviews()
	top, err := filepath.Glob(filepath.Join(base, "*.jsonl"))
	if err != nil {
		return nil, err
	}
	var out []string
	if s.User == "" {
		for _, p := range top {
			out = append(out, filepath.Base(p))
		}
		sort.Strings(out)
		return out, nil
	}
	own, err := filepath.Glob(filepath.Join(base, s.User, "*.jsonl"))
	if err != nil {
		return nil, err
	}
	for _, p := range own {
		out = append(out, filepath.Join(s.User, filepath.Base(p)))
	}
	if len(top) > 0 {
		claims, err := readClaims(base)
		if err != nil {
			return nil, err
		}
		var unclaimed []string
		for _, p := range top {
			name := filepath.Base(p)
			switch claims[name] {
			case s.User:
				out = append(out, name)
			case "":
				unclaimed = append(unclaimed, name)
			}
		}
		if len(unclaimed) > 0 && !s.Visitor {
			// On a read-only disk the claim waits for a later run; the
			// logs are this user's meanwhile all the same. A claim refused
			// for a link planted in the user's folder is an error.
			if err := s.claim(unclaimed); err != nil && errors.As(err, new(*fsutil.LinkError)) {
				return nil, fmt.Errorf("cannot adopt the review logs %s: %w", strings.Join(unclaimed, ", "), err)
			}
			out = append(out, unclaimed...)
		}
	}
	sort.Strings(out)
	return out, nil
}

// readClaims maps each adopted old log to the user who adopted it.
func readClaims(base string) (map[string]string, error) {
	lists, err := filepath.Glob(filepath.Join(base, "*", adoptedName))
	if err != nil {
		return nil, err
	}
	sort.Strings(lists) // two claims of one log (made apart, merged by git): the first user by name wins
	claims := map[string]string{}
	for _, l := range lists {
		if fi, err := os.Lstat(l); err != nil || !fi.Mode().IsRegular() {
			continue // a link is no one's list
		}
		if fi, err := os.Lstat(filepath.Dir(l)); err != nil || !fi.IsDir() {
			continue // nor one in a linked folder
		}
		data, err := os.ReadFile(l)
		if err != nil {
			return nil, err
		}
		user := filepath.Base(filepath.Dir(l))
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			if name := strings.TrimSpace(sc.Text()); name != "" && claims[name] == "" {
				claims[name] = user
			}
		}
	}
	return claims, nil
}

func (s Scope) claim(names []string) error {
	p := filepath.Join(s.dir(), adoptedName)
	// The folder is committed: never read or write through a link planted there.
	if _, err := kb.At(s.Root).Mkdir(s.dir()); err != nil {
		return err
	}
	if fi, err := os.Lstat(p); err == nil && !fi.Mode().IsRegular() {
		return &fsutil.LinkError{Path: p}
	}
	old, err := os.ReadFile(p)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	data := append([]byte{}, old...)
	if len(data) > 0 && data[len(data)-1] != '\n' {
		data = append(data, '\n')
	}
	for _, n := range names {
		data = append(data, n+"\n"...)
	}
	return fsutil.WriteFileAtomic(p, data, 0o644)
}

// adoptedLogs lists the old logs (names at the top of .kb/reviews) that the
// scope's user adopted.
func adoptedLogs(s Scope) []string {
	if s.User == "" {
		return nil
	}
	claims, err := readClaims(kb.At(s.Root).Reviews())
	if err != nil {
		return nil
	}
	var out []string
	for name, user := range claims {
		if user == s.User {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
