package notes

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
)

// FrontMatter is the YAML block between two "---" lines at the very top of a note.
type FrontMatter struct {
	// Raw is the YAML text without the delimiters; StartLine is the file line
	// (1-based) of its first line, so YAML errors can be reported as path:line.
	Raw       []byte
	RawOffset int // where Raw starts in the source
	StartLine int
	// BodyOffset is where the Markdown body starts in the source, BodyLine its line.
	BodyOffset int
	BodyLine   int
}

// SplitFrontMatter finds a front matter block at the start of src. ok is false
// when the note has none. An opening "---" without a closing line is reported
// as an error and the whole file is treated as body, so no text is lost.
func SplitFrontMatter(src []byte) (fm FrontMatter, ok bool, err error) {
	first, rest, found := cutLine(src)
	if !found || !isDelimiter(first, "---") {
		return FrontMatter{BodyLine: 1}, false, nil
	}
	offset := len(src) - len(rest)
	line := 2
	for len(rest) > 0 {
		l, next, _ := cutLine(rest)
		if isDelimiter(l, "---") || isDelimiter(l, "...") {
			fm.Raw = src[offset : len(src)-len(rest)]
			fm.RawOffset = offset
			fm.StartLine = 2
			fm.BodyOffset = len(src) - len(next)
			fm.BodyLine = line + 1
			return fm, true, nil
		}
		rest = next
		line++
	}
	return FrontMatter{BodyLine: 1}, false, &LineError{Line: 1, Msg: "front matter starts with --- but has no closing --- line"}
}

// cutLine returns the first line of b without its line ending, and the rest.
// found reports whether b had a line ending at all.
func cutLine(b []byte) (line, rest []byte, found bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return bytes.TrimSuffix(b, []byte("\r")), nil, len(b) > 0
	}
	return bytes.TrimSuffix(b[:i], []byte("\r")), b[i+1:], true
}

func isDelimiter(line []byte, delim string) bool {
	return string(bytes.TrimRight(line, " \t")) == delim
}

// LineError is a problem at a line of a note; Line is 1-based in the file.
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Meta is what kb reads from front matter.
type Meta struct {
	Title    string
	Tags     []string
	Type     string
	Created  time.Time
	Modified time.Time
	// Fields keeps every key, for later features (deck, quiz) and scripts.
	Fields map[string]any
}

var yamlLineRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): `) })

// ParseMeta decodes the front matter YAML. Problems come back as LineErrors with
// file line numbers; a field of the wrong type is reported but does not spoil
// the others.
func ParseMeta(fm FrontMatter) (Meta, []*LineError) {
	var meta Meta
	var root yaml.Node
	if err := yaml.Unmarshal(fm.Raw, &root); err != nil {
		return meta, []*LineError{yamlError(err, fm.StartLine)}
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return meta, nil // empty front matter
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		if doc.Kind == yaml.ScalarNode && doc.Tag == "!!null" {
			return meta, nil
		}
		return meta, []*LineError{{Line: fm.StartLine + doc.Line - 1, Msg: "front matter is not a mapping of keys to values"}}
	}
	var errs []*LineError
	meta.Fields = map[string]any{}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		line := fm.StartLine + v.Line - 1
		var val any
		if err := v.Decode(&val); err != nil {
			errs = append(errs, &LineError{Line: line, Msg: fmt.Sprintf("%s: %v", k.Value, trimYAML(err))})
			continue
		}
		meta.Fields[k.Value] = val
		switch strings.ToLower(k.Value) {
		case "title":
			s, ok := scalarString(v)
			if !ok {
				errs = append(errs, &LineError{Line: line, Msg: "title should be text"})
				continue
			}
			meta.Title = strings.TrimSpace(s)
		case "tags", "tag":
			tags, err := tagsFromNode(v)
			if err != nil {
				errs = append(errs, &LineError{Line: line, Msg: err.Error()})
				continue
			}
			meta.Tags = append(meta.Tags, tags...)
		case "type":
			s, ok := scalarString(v)
			if !ok {
				errs = append(errs, &LineError{Line: line, Msg: "type should be a single word"})
				continue
			}
			meta.Type = strings.ToLower(strings.TrimSpace(s))
		case "created", "date", "modified", "updated":
			t, err := dateFromNode(v)
			if err != nil {
				errs = append(errs, &LineError{Line: line, Msg: fmt.Sprintf("%s: %v", k.Value, err)})
				continue
			}
			switch strings.ToLower(k.Value) {
			case "created":
				meta.Created = t
			case "date":
				if meta.Created.IsZero() {
					meta.Created = t
				}
			default:
				meta.Modified = t
			}
		}
	}
	return meta, errs
}

func yamlError(err error, startLine int) *LineError {
	msg := err.Error()
	if m := yamlLineRE().FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return &LineError{Line: startLine + n - 1, Msg: "invalid front matter: " + msg[len(m[0]):]}
	}
	return &LineError{Line: startLine - 1, Msg: "invalid front matter: " + trimYAML(err)}
}

func trimYAML(err error) string { return strings.TrimPrefix(err.Error(), "yaml: ") }

func scalarString(n *yaml.Node) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		return "", false
	}
	if n.Tag == "!!null" {
		return "", true
	}
	return n.Value, true
}

// tagsFromNode accepts a YAML list or a string of tags separated by spaces or commas.
func tagsFromNode(n *yaml.Node) ([]string, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil, nil
		}
		return SplitTagList(n.Value), nil
	case yaml.SequenceNode:
		var out []string
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("tags should be a list of words or a string")
			}
			out = append(out, SplitTagList(c.Value)...)
		}
		return out, nil
	}
	return nil, fmt.Errorf("tags should be a list of words or a string")
}

// SplitTagList splits "a, b c" into tags, dropping a leading '#'.
func SplitTagList(s string) []string {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	out := fields[:0]
	for _, f := range fields {
		f = strings.TrimPrefix(f, "#")
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"}

func dateFromNode(n *yaml.Node) (time.Time, error) {
	if n.Kind != yaml.ScalarNode {
		return time.Time{}, fmt.Errorf("should be a date like 2024-05-01")
	}
	v := strings.TrimSpace(n.Value)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date like 2024-05-01", v)
}
