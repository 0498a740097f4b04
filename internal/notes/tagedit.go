package notes

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// EditTags changes the tags in a note's front matter and nothing else: every
// other byte of the file (comments, key order, quoting, body, line endings)
// stays as it was. edit receives the current tags and returns the new ones.
// A note without front matter gets one; a note whose front matter is broken,
// or whose tags are written in a form kb cannot edit in place, is refused with
// the line of the problem and left alone. changed is false when the tags are
// the same afterwards.
func EditTags(src []byte, edit func([]string) []string) (out []byte, changed bool, err error) {
	bomLen := 0
	if bytes.HasPrefix(src, bom) {
		bomLen = len(bom)
	}
	body := src[bomLen:]
	nl := lineEnding(body)
	fm, ok, ferr := SplitFrontMatter(body)
	if ferr != nil {
		return nil, false, ferr
	}
	if !ok {
		tags := edit(nil)
		if len(tags) == 0 {
			return src, false, nil
		}
		head := "---" + nl + "tags: " + flowList(tags) + nl + "---" + nl
		return concat(src[:bomLen], []byte(head), body), true, nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(fm.Raw, &root); err != nil {
		return nil, false, yamlError(err, fm.StartLine)
	}
	fmStart := bomLen + fm.RawOffset
	var doc *yaml.Node
	if len(root.Content) > 0 {
		doc = root.Content[0]
	}
	if doc == nil || (doc.Kind == yaml.ScalarNode && doc.Tag == "!!null") {
		// Empty front matter: add the key at its end.
		tags := edit(nil)
		if len(tags) == 0 {
			return src, false, nil
		}
		line := []byte("tags: " + flowList(tags) + nl)
		return concat(src[:fmStart+len(fm.Raw)], line, src[fmStart+len(fm.Raw):]), true, nil
	}
	if doc.Kind != yaml.MappingNode {
		return nil, false, &LineError{Line: fm.StartLine + doc.Line - 1, Msg: "front matter is not a mapping of keys to values"}
	}
	var key, val *yaml.Node
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if k := strings.ToLower(doc.Content[i].Value); k == "tags" || k == "tag" {
			if key != nil {
				return nil, false, &LineError{Line: fm.StartLine + doc.Content[i].Line - 1, Msg: "tags are given twice"}
			}
			key, val = doc.Content[i], doc.Content[i+1]
		}
	}
	raw := src[fmStart : fmStart+len(fm.Raw)]
	e := &tagEditor{raw: raw, lines: lineStarts(raw), nl: nl, startLine: fm.StartLine}
	var newRaw []byte
	if key == nil {
		tags := edit(nil)
		if len(tags) == 0 {
			return src, false, nil
		}
		newRaw = concat(raw, []byte(ensureNL(raw, nl)+"tags: "+flowList(tags)+nl))
	} else {
		newRaw, changed, err = e.edit(key, val, edit)
		if err != nil {
			return nil, false, err
		}
		if !changed {
			return src, false, nil
		}
	}
	return concat(src[:fmStart], newRaw, src[fmStart+len(fm.Raw):]), true, nil
}

// ensureNL is the line ending raw lacks at its end, if any: front matter
// always ends with one before the closing ---, but be safe.
func ensureNL(raw []byte, nl string) string {
	if len(raw) == 0 || raw[len(raw)-1] == '\n' {
		return ""
	}
	return nl
}

func concat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// lineEnding is the file's line ending, judged by its first line.
func lineEnding(b []byte) string {
	if i := bytes.IndexByte(b, '\n'); i > 0 && b[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

func lineStarts(b []byte) []int {
	starts := []int{0}
	for i, c := range b {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

type tagEditor struct {
	raw       []byte
	lines     []int // byte offset of each line start in raw
	nl        string
	startLine int // file line of raw's first line
}

func (e *tagEditor) fail(n *yaml.Node, format string, args ...any) error {
	return &LineError{Line: e.startLine + n.Line - 1, Msg: fmt.Sprintf(format, args...)}
}

// offset is the byte offset in raw of a node's (1-based line, rune column).
func (e *tagEditor) offset(line, col int) int {
	if line < 1 || line > len(e.lines) {
		return -1
	}
	off := e.lines[line-1]
	for c := 1; c < col && off < len(e.raw); c++ {
		_, size := utf8.DecodeRune(e.raw[off:])
		off += size
	}
	return off
}

func (e *tagEditor) lineEnd(line int) int {
	if line < len(e.lines) {
		return e.lines[line] // includes the line ending
	}
	return len(e.raw)
}

func (e *tagEditor) edit(key, val *yaml.Node, edit func([]string) []string) ([]byte, bool, error) {
	if val.Anchor != "" || val.Alias != nil || val.Kind == yaml.AliasNode {
		return nil, false, e.fail(val, "tags use a YAML anchor or alias; edit them by hand")
	}
	switch {
	case val.Kind == yaml.ScalarNode && val.Tag == "!!null":
		tags := edit(nil)
		if len(tags) == 0 {
			return nil, false, nil
		}
		if val.Value != "" || val.Style != 0 {
			// A written null (null, ~, !!null, !!null ''): the list takes its place.
			start := e.offset(val.Line, val.Column)
			if start < 0 {
				return nil, false, e.fail(val, "cannot find the tags text")
			}
			end := start + scalarEnd(e.raw[start:e.lineEnd(val.Line)], 0)
			return concat(e.raw[:start], []byte(flowList(tags)), e.raw[end:]), true, nil
		}
		// "tags:" with nothing after it (maybe a comment): put the list after the colon.
		at := e.offset(key.Line, key.Column) + len(key.Value)
		colon := bytes.IndexByte(e.raw[at:e.lineEnd(key.Line)], ':')
		if colon < 0 {
			return nil, false, e.fail(key, "cannot find the colon after tags")
		}
		at += colon + 1
		return concat(e.raw[:at], []byte(" "+flowList(tags)), e.raw[at:]), true, nil
	case val.Kind == yaml.ScalarNode:
		return e.editScalar(val, edit)
	case val.Kind == yaml.SequenceNode && val.Style&yaml.FlowStyle != 0:
		return e.editFlow(val, edit)
	case val.Kind == yaml.SequenceNode:
		return e.editBlock(val, edit)
	}
	return nil, false, e.fail(val, "tags should be a list or a string of words")
}

// items are the current tags with the exact text that writes each.
type item struct {
	value string
	text  string
}

// apply runs edit on the items' values and returns the items to write:
// kept tags keep their original text, new ones get a fresh one.
func apply(items []item, edit func([]string) []string) ([]item, bool) {
	var values []string
	for _, it := range items {
		values = append(values, it.value)
	}
	next := edit(append([]string(nil), values...))
	byValue := map[string]item{}
	for _, it := range items {
		byValue[it.value] = it
	}
	var out []item
	for _, v := range next {
		if it, ok := byValue[v]; ok {
			out = append(out, it)
			continue
		}
		out = append(out, item{value: v, text: yamlScalar(v)})
	}
	return out, !slices.Equal(values, next)
}

func (e *tagEditor) editFlow(val *yaml.Node, edit func([]string) []string) ([]byte, bool, error) {
	open := e.offset(val.Line, val.Column)
	if open < 0 || e.raw[open] != '[' {
		return nil, false, e.fail(val, "cannot find the [ of the tag list")
	}
	end := e.lineEnd(val.Line)
	close := matchBracket(e.raw[open:end])
	if close < 0 {
		return nil, false, e.fail(val, "the tag list spans several lines; write it on one line or as a - list")
	}
	close += open
	inner := string(e.raw[open+1 : close])
	texts := splitFlow(inner)
	if len(texts) != len(val.Content) {
		return nil, false, e.fail(val, "cannot read the tag list as written")
	}
	var items []item
	for i, c := range val.Content {
		if c.Kind != yaml.ScalarNode {
			return nil, false, e.fail(c, "a tag should be a single word")
		}
		items = append(items, item{value: c.Value, text: strings.TrimSpace(texts[i])})
	}
	next, changed := apply(items, edit)
	if !changed {
		return nil, false, nil
	}
	pad := ""
	if strings.HasPrefix(inner, " ") && strings.HasSuffix(inner, " ") && len(items) > 0 {
		pad = " " // keep "[ a, b ]" spacing
	}
	sep := ", "
	if len(items) > 1 && !strings.Contains(inner, ", ") {
		sep = ","
	}
	var parts []string
	for _, it := range next {
		parts = append(parts, it.text)
	}
	list := "[" + pad + strings.Join(parts, sep) + pad + "]"
	if len(parts) == 0 {
		list = "[]"
	}
	return concat(e.raw[:open], []byte(list), e.raw[close+1:]), true, nil
}

func (e *tagEditor) editBlock(val *yaml.Node, edit func([]string) []string) ([]byte, bool, error) {
	var items []item
	for i, c := range val.Content {
		if c.Kind != yaml.ScalarNode || c.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			return nil, false, e.fail(c, "a tag should be a single word")
		}
		if i > 0 && c.Line == val.Content[i-1].Line {
			return nil, false, e.fail(c, "two tags on one line of a - list")
		}
		items = append(items, item{value: c.Value})
	}
	next, changed := apply(items, edit)
	if !changed {
		return nil, false, nil
	}
	first, last := val.Content[0].Line, val.Content[len(val.Content)-1].Line
	// Lines between items (comments, blank lines) would be lost: refuse.
	for ln := first; ln <= last; ln++ {
		if _, ok := lineOfLine(val.Content, ln); !ok {
			return nil, false, &LineError{Line: e.startLine + ln - 1, Msg: "a comment or blank line inside the tag list; move it so kb can edit the tags"}
		}
	}
	// Each item owns its line; kept lines are copied as they are.
	lineOf := map[string]int{}
	for _, c := range val.Content {
		lineOf[c.Value] = c.Line
	}
	prefix := e.itemPrefix(val.Content[len(val.Content)-1])
	var block []byte
	for _, it := range next {
		if ln, ok := lineOf[it.value]; ok && it.text == "" {
			block = append(block, e.raw[e.lines[ln-1]:e.lineEnd(ln)]...)
			continue
		}
		block = append(block, []byte(prefix+it.text+e.nl)...)
	}
	start, end := e.lines[first-1], e.lineEnd(last)
	if !bytes.HasSuffix(e.raw[start:end], []byte("\n")) && len(block) > 0 {
		block = bytes.TrimSuffix(block, []byte(e.nl)) // the last line had no ending
	}
	if len(next) == 0 {
		// An empty block list is not valid YAML: leave "tags:" with nothing.
		return concat(e.raw[:start], e.raw[end:]), true, nil
	}
	return concat(e.raw[:start], block, e.raw[end:]), true, nil
}

func lineOfLine(items []*yaml.Node, line int) (*yaml.Node, bool) {
	for _, c := range items {
		if c.Line == line {
			return c, true
		}
	}
	return nil, false
}

// itemPrefix is the "  - " in front of a block list item.
func (e *tagEditor) itemPrefix(n *yaml.Node) string {
	start := e.lines[n.Line-1]
	at := e.offset(n.Line, n.Column)
	return string(e.raw[start:at])
}

func (e *tagEditor) editScalar(val *yaml.Node, edit func([]string) []string) ([]byte, bool, error) {
	if val.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return nil, false, e.fail(val, "tags written as a block string; write them as a list")
	}
	start := e.offset(val.Line, val.Column)
	end := scalarEnd(e.raw[start:e.lineEnd(val.Line)], val.Style)
	if start < 0 || end < 0 {
		return nil, false, e.fail(val, "cannot find the tags text")
	}
	end += start
	// A scalar continued on the next lines cannot be replaced on one line.
	var probe yaml.Node
	if yaml.Unmarshal(e.raw[start:end], &probe) != nil || len(probe.Content) == 0 || probe.Content[0].Value != val.Value {
		return nil, false, e.fail(val, "the tags string spans several lines; write it on one line")
	}
	old := SplitTagList(val.Value)
	var items []item
	for _, t := range old {
		items = append(items, item{value: t, text: t})
	}
	next, changed := apply(items, edit)
	if !changed {
		return nil, false, nil
	}
	sep := " "
	if strings.Contains(val.Value, ",") {
		sep = ", "
	}
	var words []string
	for _, it := range next {
		words = append(words, it.value)
	}
	text := strings.Join(words, sep)
	switch {
	case val.Style&yaml.DoubleQuotedStyle != 0:
		text = doubleQuote(text)
	case val.Style&yaml.SingleQuotedStyle != 0:
		text = "'" + strings.ReplaceAll(text, "'", "''") + "'"
	default:
		text = blockScalar(text)
	}
	if len(words) == 0 {
		text = "[]"
	}
	return concat(e.raw[:start], []byte(text), e.raw[end:]), true, nil
}

// scalarEnd finds where a one-line scalar ends in line (which starts at it).
func scalarEnd(line []byte, style yaml.Style) int {
	switch {
	case style&yaml.DoubleQuotedStyle != 0:
		for i := 1; i < len(line); i++ {
			if line[i] == '\\' {
				i++
				continue
			}
			if line[i] == '"' {
				return i + 1
			}
		}
		return -1
	case style&yaml.SingleQuotedStyle != 0:
		for i := 1; i < len(line); i++ {
			if line[i] == '\'' {
				if i+1 < len(line) && line[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		return -1
	}
	end := len(line)
	if i := bytes.Index(line, []byte(" #")); i >= 0 {
		end = i
	}
	return len(bytes.TrimRight(line[:end], " \t\r\n"))
}

// matchBracket finds the ] that closes the [ at b[0], skipping quoted text.
func matchBracket(b []byte) int {
	depth := 0
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '"', '\'':
			i = quoteEnd(string(b), i)
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return i
			}
		case '#':
			if i > 0 && (b[i-1] == ' ' || b[i-1] == '\t') {
				return -1 // a comment before the list closed
			}
		}
	}
	return -1
}

// quoteEnd returns the index of the quote that closes the one at s[i]
// (or len(s)); double quotes honour backslash escapes.
func quoteEnd(s string, i int) int {
	q := s[i]
	j := i + 1
	for j < len(s) && s[j] != q {
		if q == '"' && s[j] == '\\' {
			j++
		}
		j++
	}
	return j
}

// splitFlow splits the inside of a one-line [a, "b, c", d] at top-level commas.
func splitFlow(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\'':
			i = quoteEnd(s, i)
		case ',':
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	if last := s[start:]; strings.TrimSpace(last) != "" {
		out = append(out, last)
	}
	return out
}

func flowList(tags []string) string {
	parts := make([]string, len(tags))
	for i, t := range tags {
		parts[i] = yamlScalar(t)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// yamlScalar writes a tag for a flow list [a, b], and blockScalar a value
// after "key: ". Each is plain when YAML reads it back as the same string in
// that place, else double-quoted. Words YAML 1.1 readers (many editors and
// scripts) take for booleans are quoted too.
func yamlScalar(s string) string {
	if plainCandidate(s) && readsBack("x: ["+s+"]", func(v any) bool {
		l, ok := v.([]any)
		return ok && len(l) == 1 && l[0] == s
	}) {
		return s
	}
	return doubleQuote(s)
}

func blockScalar(s string) string {
	if plainCandidate(s) && readsBack("x: "+s, func(v any) bool { return v == s }) {
		return s
	}
	return doubleQuote(s)
}

func plainCandidate(s string) bool {
	if s == "" || strings.TrimSpace(s) != s || strings.ContainsAny(s, "#&*!|>'\"%@`\t\n\r\\") ||
		strings.HasPrefix(s, "-") || strings.HasPrefix(s, "?") || strings.HasPrefix(s, ":") {
		return false
	}
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~":
		return false
	}
	return true
}

func readsBack(doc string, ok func(any) bool) bool {
	var m map[string]any
	return yaml.Unmarshal([]byte(doc), &m) == nil && ok(m["x"])
}

func doubleQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// ValidTag says what is wrong with a tag name, if anything: kb reads tags from
// lists split on spaces and commas, so a tag cannot hold those.
func ValidTag(t string) error {
	switch {
	case t == "":
		return fmt.Errorf("a tag cannot be empty")
	case !utf8.ValidString(t):
		return fmt.Errorf("tag %q is not valid UTF-8", t)
	case strings.IndexFunc(t, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || unicode.IsControl(r) }) >= 0:
		return fmt.Errorf("tag %q has a space, comma or control character", t)
	case strings.HasPrefix(t, "#"):
		return fmt.Errorf("write tag %q without the #", t)
	}
	return nil
}

// AddRemove is an edit that adds the tags in add that are missing and drops
// those in remove, comparing without regard to case.
func AddRemove(add, remove []string) func([]string) []string {
	return func(tags []string) []string {
		drop := map[string]bool{}
		for _, t := range remove {
			drop[strings.ToLower(t)] = true
		}
		var out []string
		have := map[string]bool{}
		for _, t := range tags {
			if !drop[strings.ToLower(t)] {
				out = append(out, t)
				have[strings.ToLower(t)] = true
			}
		}
		for _, t := range add {
			if !have[strings.ToLower(t)] && !drop[strings.ToLower(t)] {
				out = append(out, t)
				have[strings.ToLower(t)] = true
			}
		}
		return out
	}
}

// Rename is an edit that renames tag old to new in place (without regard to
// case), dropping it when new is already there.
func Rename(old, new string) func([]string) []string {
	return func(tags []string) []string {
		hasNew := false
		for _, t := range tags {
			hasNew = hasNew || strings.EqualFold(t, new)
		}
		var out []string
		for _, t := range tags {
			switch {
			case !strings.EqualFold(t, old):
				out = append(out, t)
			case !hasNew:
				out = append(out, new)
				hasNew = true
			}
		}
		return out
	}
}
