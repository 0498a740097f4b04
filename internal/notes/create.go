package notes

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/kb-cli/kb/internal/fsutil"
)

// maxSlug bounds file names in bytes; most file systems allow 255, and a
// Hangul syllable takes three.
const maxSlug = 80

// Slug makes a file name (without .md) from a title: Hangul and other
// letters kept, Latin lower-cased, spaces to '-', characters that some
// system forbids in names (/ \ : * ? " < > | and controls) or that trouble
// shells and URLs (# % & { } $ ! ' ` @ + = ; ,) removed.
func Slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFC.String(title) {
		switch {
		case unicode.IsSpace(r) || r == '-' || r == '_' || r == '.' || r == '/' || r == '\\':
			dash = b.Len() > 0
			continue
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r):
		default:
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	s := b.String()
	if len(s) > maxSlug {
		cut := maxSlug
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = strings.TrimRight(s[:cut], "-")
	}
	return s
}

// Compose writes a new note: front matter, a title heading, the body.
func Compose(title, typ string, tags []string, created time.Time, body string) []byte {
	title = OneLine(title)
	var b strings.Builder
	b.WriteString("---\n")
	b.WriteString("title: " + blockScalar(title) + "\n")
	if len(tags) > 0 {
		b.WriteString("tags: " + flowList(tags) + "\n")
	}
	if typ != "" {
		b.WriteString("type: " + blockScalar(typ) + "\n")
	}
	b.WriteString("created: " + created.Format(time.RFC3339) + "\n")
	b.WriteString("---\n\n# " + title + "\n")
	if body = strings.TrimSpace(body); body != "" {
		b.WriteString("\n" + body + "\n")
	}
	return []byte(b.String())
}

// OneLine folds the line breaks and other control characters of a title into
// spaces: a title is one line, or its "# heading" would split in two.
func OneLine(title string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, title))
}

// Header is the front matter of a note kb writes for something it imports.
type Header struct {
	Title   string
	Tags    []string
	Type    string
	Created time.Time   // left out when zero
	Extra   [][2]string // more keys and their text, in order
}

// ComposeHeader writes a note as Compose does, with h's keys; body follows
// the title heading as given.
func ComposeHeader(h Header, body string) []byte {
	h.Title = OneLine(h.Title)
	var b strings.Builder
	b.WriteString("---\n")
	b.WriteString("title: " + blockScalar(h.Title) + "\n")
	if len(h.Tags) > 0 {
		b.WriteString("tags: " + flowList(h.Tags) + "\n")
	}
	if h.Type != "" {
		b.WriteString("type: " + blockScalar(h.Type) + "\n")
	}
	if !h.Created.IsZero() {
		b.WriteString("created: " + h.Created.Format(time.RFC3339) + "\n")
	}
	for _, kv := range h.Extra {
		b.WriteString(blockScalar(kv[0]) + ": " + blockScalar(kv[1]) + "\n")
	}
	b.WriteString("---\n\n# " + h.Title + "\n")
	if body = strings.TrimSpace(body); body != "" {
		b.WriteString("\n" + body + "\n")
	}
	return []byte(b.String())
}

// CreateUnique writes data to dir/base.md, or base-2.md, base-3.md ... if the
// name is taken. The note appears whole or not at all: it is written to a temp
// file, fsynced, then linked to its name (a link never replaces a file, so two
// kb add at once cannot overwrite each other).
func CreateUnique(dir, base string, data []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	fsutil.CleanOnce(dir) // what a killed kb left behind
	// Created with the umask's mode, as an editor would; hidden by its dot
	// from every scan until it is linked to its name.
	tmp, err := fsutil.CreateTemp(dir, fsutil.NewNotePrefix, ".md", 0o666)
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	for n := 1; n < 1000; n++ {
		name := base + ".md"
		if n > 1 {
			name = fmt.Sprintf("%s-%d.md", base, n)
		}
		p := filepath.Join(dir, name)
		err := os.Link(tmp.Name(), p)
		if err == nil {
			fsutil.SyncDir(dir)
			return p, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("cannot create %s: %w", p, err)
		}
	}
	return "", fmt.Errorf("cannot find a free name for %s.md in %s", base, dir)
}
