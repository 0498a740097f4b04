// Package templates holds the bodies kb add starts a note from: ours, per
// note type, or the user's own in .kb/templates/<type>.md.
package templates

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/kb"
)

// Data is what a template may use: {{.Title}}, {{.Type}}, {{.Date}} (2006-01-02),
// {{.Time}} (15:04), {{.Tags}} (space-separated) and {{.Now}} (a time.Time).
type Data struct {
	Title string
	Type  string
	Tags  string
	Date  string
	Time  string
	Now   time.Time
}

// NewData fills Data from a title, type, tags and the current time.
func NewData(title, typ string, tags []string, now time.Time) Data {
	return Data{Title: title, Type: typ, Tags: strings.Join(tags, " "),
		Date: now.Format("2006-01-02"), Time: now.Format("15:04"), Now: now}
}

// Our templates: Korean headings with the English word where people use both.
var builtin = map[string]string{
	"lesson": `## 상황 (Situation)

무엇이 깨졌나? 언제, 어디서, 어떤 증상이었나?

## 원인 (Cause)

왜 그랬나?

## 해결 (Fix)

어떻게 고쳤나? 쓴 명령이나 설정을 남긴다.

## 배운 점 (Lesson)

다음에는 무엇을 다르게 할까?
`,
	"question": `## 질문을 여기에 적는다?

답을 여기에 적는다. 면접에서 말하듯 핵심부터.

## 꼬리 질문은?

답.
`,
	"book": `## 책 정보

- 저자:
- 읽은 기간: {{.Date}} ~

## 핵심 내용

## 인상 깊은 구절

## 적용할 점
`,
	"note": ``,
}

// Types are the note types kb has templates for.
func Types() []string { return []string{"lesson", "question", "book", "note"} }

// Render returns the body for a new note of type typ: the user's template when
// there is one, else ours (a type without either gets an empty body).
func Render(root string, d Data) (string, error) {
	name, text := "built-in "+d.Type, builtin[d.Type]
	p := kb.At(root).Template(d.Type)
	// A committed template that links outside the knowledge base would copy
	// some private file (a key, say) into a note that then gets pushed.
	if real, err := filepath.EvalSymlinks(p); err == nil && !fsutil.Inside(root, real) {
		return "", fmt.Errorf("template %s links to %s, outside the knowledge base; kb does not read it", p, real)
	}
	if b, err := os.ReadFile(p); err == nil {
		name, text = p, string(b)
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("template %s: %w", p, err)
	}
	t, err := template.New(name).Option("missingkey=error").Parse(text)
	if err != nil {
		return "", fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "template: "))
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return "", fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "template: "))
	}
	return b.String(), nil
}
