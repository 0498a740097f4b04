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
	title := strings.TrimSpace(r.Title)
	if r.Body != nil {
		body := *r.Body
		if strings.TrimSpace(body) == "" {
			return "", errors.New("the note's text is empty")
		}
		if title == "" {
			title, body = splitTitle(body)
		}
		data = notes.Compose(title, r.Type, r.Tags, r.Now, body)
	} else {
		var err error
		if data, title, err = edit(r, title); err != nil {
			return "", err
		}
	}
	base := notes.Slug(title)
	if base == "" {
		base = "note-" + r.Now.Format("20060102-150405")
	}
	return notes.CreateUnique(filepath.Join(r.Root, r.Folder), base, data)
}

// edit runs the editor on the filled-in template and returns what was written.
func edit(r Request, title string) ([]byte, string, error) {
	body, err := templates.Render(r.Root, templates.NewData(title, r.Type, r.Tags, r.Now))
	if err != nil {
		return nil, "", err
	}
	start := notes.Compose(title, r.Type, r.Tags, r.Now, body)
	tmp, err := os.CreateTemp("", "kb-add-*.md")
	if err != nil {
		return nil, "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(start); err != nil {
		tmp.Close()
		return nil, "", err
	}
	tmp.Close()
	editErr := r.Edit(tmp.Name())
	data, readErr := os.ReadFile(tmp.Name())
	if editErr != nil {
		if readErr != nil || bytes.Equal(data, start) {
			return nil, "", editErr // nothing of the user's to keep
		}
		return nil, "", saveRecovery(r, data, editErr)
	}
	if readErr != nil {
		return nil, "", readErr
	}
	if len(bytes.TrimSpace(data)) == 0 || bytes.Equal(data, start) {
		return nil, "", ErrUnchanged
	}
	if n, _ := notes.Parse("new.md", data, r.Now); !n.TitleFromName {
		title = n.Title
	}
	return data, title, nil
}

func saveRecovery(r Request, data []byte, cause error) error {
	dir := filepath.Join(r.Root, ".kb", "recovery")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("%v; and the text could not be saved: %v", cause, err)
	}
	p := filepath.Join(dir, "add-"+r.Now.Format("20060102-150405")+".md")
	for i := 2; fileExists(p); i++ {
		p = filepath.Join(dir, fmt.Sprintf("add-%s-%d.md", r.Now.Format("20060102-150405"), i))
	}
	if err := fsutil.WriteFileAtomic(p, data, 0o600); err != nil {
		return fmt.Errorf("%v; and the text could not be saved: %v", cause, err)
	}
	return &RecoveryError{Path: p, Err: cause}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
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
