package notes

import (
	"bytes"
	"strings"
)

// KeepCreated puts the created (or date) line of before back into after when
// an edit removed it: without it a note's creation date falls back to the
// file's time, which on another clone is the checkout time, and an old note
// turns up as the newest. It returns after unchanged (and false) otherwise.
func KeepCreated(before, after []byte) ([]byte, bool) {
	line := createdLine(before)
	if line == nil || hasCreated(after) {
		return after, false
	}
	nl := "\n"
	if bytes.Contains(after, []byte("\r\n")) {
		nl = "\r\n"
	}
	body := after
	bom := []byte(nil)
	if bytes.HasPrefix(body, []byte("\uFEFF")) {
		bom, body = []byte("\uFEFF"), body[3:]
	}
	fm, ok, _ := SplitFrontMatter(body)
	var out []byte
	out = append(out, bom...)
	if ok {
		out = append(out, body[:fm.RawOffset]...)
		out = append(out, line...)
		out = append(out, nl...)
		out = append(out, body[fm.RawOffset:]...)
	} else {
		out = append(out, "---"+nl+string(line)+nl+"---"+nl...)
		out = append(out, body...)
	}
	return out, true
}

// createdLine is the front matter's top-level created: (else date:) line.
func createdLine(src []byte) []byte {
	fm, ok, _ := SplitFrontMatter(bytes.TrimPrefix(src, []byte("\uFEFF")))
	if !ok {
		return nil
	}
	var date []byte
	for _, l := range bytes.Split(fm.Raw, []byte("\n")) {
		l = bytes.TrimRight(l, "\r")
		key, _, found := strings.Cut(string(l), ":")
		if !found || key != strings.TrimSpace(key) {
			continue // not a top-level key
		}
		switch strings.ToLower(key) {
		case "created":
			return l
		case "date":
			if date == nil {
				date = l
			}
		}
	}
	return date
}

func hasCreated(src []byte) bool {
	fm, ok, _ := SplitFrontMatter(bytes.TrimPrefix(src, []byte("\uFEFF")))
	if !ok {
		return false
	}
	meta, _ := ParseMeta(fm)
	return !meta.Created.IsZero()
}
