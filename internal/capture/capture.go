// Package capture turns what the user gives kb add (a title, a body from a
// flag, a file, stdin or an editor) into a new note file.
package capture

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/kb"
	"github.com/kb-cli/kb/internal/notes"
	"github.com/kb-cli/kb/internal/templates"
)

// Request describes the note to create.
type Request struct {
	Root   string // the KB root
	Folder string // relative to Root
	Title  string
	Type   string
	Tags   []string
	Now    time.Time
	// Body is the note's text when given (by -m, -f or stdin); nil means the
	// user writes it in Edit, starting from the type's template.
	Body *string
	// Edit opens an editor on a file; used when Body is nil.
	Edit func(path string) error
	// Links are written at the end of the body, a line each ([[title]]).
	Links []string
}

// withLinks puts the links after the text, as a paragraph of their own.
func withLinks(body string, links []string) string {
	if len(links) == 0 {
		return body
	}
	body = strings.TrimRight(body, "\n")
	if strings.TrimSpace(body) != "" {
		body += "\n\n"
	}
	return body + strings.Join(links, "\n") + "\n"
}

// ErrUnchanged means the user left the editor without writing anything.
var ErrUnchanged = errors.New("the note was left empty or unchanged; nothing was created")

// RecoveryError means the editor failed; the text is safe in Path.
type RecoveryError struct {
	Path string
	Err  error
}

func (e *RecoveryError) Error() string { return e.Err.Error() }

// New creates the note and returns its path. The file appears whole or not
// at all.
func New(r Request) (string, error) {
	var data []byte
	var draft string // the editor's file, kept until the note exists
	title := notes.OneLine(r.Title)
	var err error
	if r.Body != nil {
		body := *r.Body
		if strings.TrimSpace(body) == "" {
			return "", errors.New("the note's text is empty")
		}
		if title == "" {
			title, body = splitTitle(body)
		}
		data = notes.Compose(title, r.Type, r.Tags, r.Now, withLinks(body, r.Links))
	} else {
		if data, title, draft, err = edit(r, title); err != nil {
			return "", err
		}
	}
	base := notes.Slug(title)
	if base == "" {
		base = "note-" + r.Now.Format("20060102-150405")
	}
	var p string
	// Made only now, so that an abandoned note leaves no empty folder; never
	// through a link (a committed notes -> /elsewhere).
	dir, err := fsutil.MkdirInside(r.Root, r.Folder)
	if err == nil {
		p, err = notes.CreateUnique(dir, base, data)
	}
	if err != nil && draft != "" {
		return "", &RecoveryError{Path: draft, Err: err}
	}
	if draft != "" {
		os.Remove(draft)
	}
	return p, err
}

// edit runs the editor on the filled-in template and returns what was written
// and the draft's path. The draft lives in .kb/recovery/ from the start, so
// that if kb dies while the editor is open the text is still there; the
// caller removes it once the note exists.
func edit(r Request, title string) ([]byte, string, string, error) {
	body, err := templates.Render(r.Root, templates.NewData(title, r.Type, r.Tags, r.Now))
	if err != nil {
		return nil, "", "", err
	}
	start := notes.Compose(title, r.Type, r.Tags, r.Now, withLinks(body, r.Links))
	draft, err := newDraft(r, start)
	if err != nil {
		return nil, "", "", err
	}
	editErr := r.Edit(draft)
	data, readErr := os.ReadFile(draft)
	if editErr != nil {
		if readErr != nil || bytes.Equal(data, start) {
			os.Remove(draft)
			return nil, "", "", editErr // nothing of the user's to keep
		}
		return nil, "", "", &RecoveryError{Path: draft, Err: editErr}
	}
	if readErr != nil {
		return nil, "", "", readErr
	}
	if len(bytes.TrimSpace(data)) == 0 || bytes.Equal(data, start) {
		os.Remove(draft)
		return nil, "", "", ErrUnchanged
	}
	if n, _ := notes.Parse("new.md", data, r.Now); !n.TitleFromName {
		title = n.Title
	}
	return data, title, draft, nil
}

// newDraft makes .kb/recovery/add-TIME.md (or add-TIME-2.md ...) holding
// start, readable by the user only: a draft may be private.
func newDraft(r Request, start []byte) (string, error) {
	lay := kb.At(r.Root)
	dir, err := lay.Mkdir(lay.Recovery())
	if err != nil {
		return "", err
	}
	stamp := r.Now.Format("20060102-150405")
	for i := 1; i < 1000; i++ {
		p := filepath.Join(dir, "add-"+stamp+".md")
		if i > 1 {
			p = filepath.Join(dir, fmt.Sprintf("add-%s-%d.md", stamp, i))
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, err = f.Write(start)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(p)
			return "", err
		}
		return p, nil
	}
	return "", fmt.Errorf("cannot find a free name for a draft in %s", dir)
}

// splitTitle finds a title for a note given only a body: a leading "# H1"
// (taken out of the body, since kb writes the title heading itself), else the
// first line of text, shortened.
func splitTitle(body string) (string, string) {
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if strings.HasPrefix(t, "# ") {
			return strings.TrimSpace(t[2:]), strings.Join(lines[i+1:], "\n")
		}
		t = strings.TrimSpace(strings.TrimLeft(t, "#"))
		if r := []rune(t); len(r) > 60 {
			t = strings.TrimSpace(string(r[:60])) + "…"
		}
		return t, body
	}
	return "", body
}
