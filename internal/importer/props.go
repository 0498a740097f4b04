package importer

import (
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/kb-cli/kb/internal/notes"
)

// Property is one "Key: Value" line that Notion writes under a page's title.
type Property struct{ Key, Value string }

var propRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^([^\s:#*\[\]|>` + "`" + `!<-][^:\n]{0,59}?): (.*)$`)
})

// parseProperties reads the property lines at the start of body (the page
// after its title line): the first paragraph, when every line of it is
// "Key: Value". rest is the body after them; with no properties, body itself.
func parseProperties(body string) (props []Property, rest string) {
	s := strings.TrimLeft(body, "\r\n")
	end := strings.Index(s, "\n\n")
	para, after := s, ""
	if end >= 0 {
		para, after = s[:end], s[end+2:]
	}
	if strings.TrimSpace(para) == "" {
		return nil, body
	}
	for _, line := range strings.Split(para, "\n") {
		line = strings.TrimRight(line, "\r")
		m := propRE().FindStringSubmatch(line)
		if m == nil {
			return nil, body
		}
		key := strings.TrimSpace(m[1]) // \s in the pattern is ASCII only: "\v" or U+3000 may be all a key is
		if key == "" {
			return nil, body
		}
		props = append(props, Property{Key: key, Value: strings.TrimSpace(m[2])})
	}
	return props, after
}

// The keys that mean kb's own fields, in the languages our users' Notion
// speaks (English and Korean).
var (
	createdKeys = map[string]bool{"created": true, "date": true, "created time": true, "created at": true,
		"날짜": true, "작성일": true, "생성일": true, "생성 일시": true, "작성 일시": true}
	tagKeys      = map[string]bool{"tags": true, "tag": true, "태그": true, "labels": true, "label": true}
	reservedKeys = map[string]bool{"title": true, "date": true, "tag": true, "type": true, "tags": true, "created": true, "modified": true, "updated": true}
)

// header turns properties into front matter: a date key becomes created,
// a tags key the tags, the rest stay as they are, under their own names.
func header(title string, props []Property) notes.Header {
	h := notes.Header{Title: title}
	for _, p := range props {
		p.Key, p.Value = noControls(p.Key), noControls(p.Value)
		k := strings.ToLower(p.Key)
		if createdKeys[k] && h.Created.IsZero() {
			if t, ok := parseNotionDate(p.Value); ok {
				h.Created = t
				if k == "created" || k == "date" {
					continue
				}
			}
		}
		if tagKeys[k] {
			h.Tags = appendTags(h.Tags, strings.Split(p.Value, ","))
			continue
		}
		key := p.Key
		if key == "" {
			continue
		}
		if reservedKeys[k] {
			key = "notion " + p.Key // kb reads these keys itself; keep the value apart
		}
		if p.Value != "" {
			h.Extra = append(h.Extra, [2]string{key, p.Value})
		}
	}
	return h
}

// appendTags adds tags as kb takes them: no spaces, commas or leading '#'.
func appendTags(tags []string, add []string) []string {
	seen := map[string]bool{}
	for _, t := range tags {
		seen[strings.ToLower(t)] = true
	}
	for _, t := range add {
		t = strings.Join(strings.Fields(strings.TrimLeft(strings.TrimSpace(t), "#")), "-")
		t = strings.Map(func(r rune) rune {
			if r == ',' || r < 0x20 {
				return -1
			}
			return r
		}, t)
		if t == "" || seen[strings.ToLower(t)] || notes.ValidTag(t) != nil {
			continue
		}
		seen[strings.ToLower(t)] = true
		tags = append(tags, t)
	}
	return tags
}

var notionDateLayouts = []string{
	"January 2, 2006 3:04 PM", "January 2, 2006", "Jan 2, 2006",
	"2006/01/02 15:04", "2006/01/02", "2006-01-02 15:04", "2006-01-02",
	"01/02/2006 3:04 PM", "01/02/2006",
	"2006년 1월 2일 15:04", "2006년 1월 2일",
}

var koreanTimeRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(오전|오후) (\d{1,2}):(\d{2})$`) })

// parseNotionDate reads a date as Notion writes it in an export ("April 1,
// 2021", "2021년 4월 1일 오후 3:04", "2021/04/01"); of a range "A → B", A.
func parseNotionDate(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if i := strings.Index(v, "→"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	if m := koreanTimeRE().FindStringSubmatch(v); m != nil {
		h := atoi(m[2]) % 12
		if m[1] == "오후" {
			h += 12
		}
		v = strings.TrimSpace(v[:len(v)-len(m[0])]) + " " + twoDigits(h) + ":" + m[3]
	}
	for _, l := range notionDateLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// noControls drops the control characters YAML cannot hold (a CSV cell can
// have line breaks: they become spaces).
func noControls(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			return ' '
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0xfeff:
			return -1
		}
		return r
	}, s))
}
