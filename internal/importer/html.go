package importer

import (
	"html"
	"regexp"
	"strings"
	"sync"
)

var (
	htmlTagRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?s)<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>`)
	})
	htmlAttrRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\b(href|src)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`) })
	commentRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?s)<!--.*?-->`) })
	blankRunRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\n[ \t]*\n(?:[ \t]*\n)+`) })
)

// htmlToMarkdown turns the HTML Anki keeps in fields into Markdown: line
// breaks, bold, italics, code, lists, links and images; other tags are
// dropped, their text kept.
func htmlToMarkdown(s string) string {
	s = commentRE().ReplaceAllString(s, "")
	var links []string // hrefs of the open <a> tags
	pre := 0
	s = htmlTagRE().ReplaceAllStringFunc(s, func(tag string) string {
		m := htmlTagRE().FindStringSubmatch(tag)
		closing, name := m[1] == "/", strings.ToLower(m[2])
		attr := func(key string) string {
			for _, a := range htmlAttrRE().FindAllStringSubmatch(m[3], -1) {
				if strings.EqualFold(a[1], key) {
					return html.UnescapeString(strings.Trim(a[2], `"'`))
				}
			}
			return ""
		}
		switch name {
		case "br":
			return "\n"
		case "div", "p", "tr":
			return "\n"
		case "b", "strong", "h1", "h2", "h3", "h4", "h5", "h6":
			return "**"
		case "i", "em":
			return "*"
		case "code":
			if pre > 0 {
				return ""
			}
			return "`"
		case "pre":
			if closing {
				pre--
				return "\n```\n"
			}
			pre++
			return "\n```\n"
		case "li":
			if closing {
				return ""
			}
			return "\n- "
		case "ul", "ol":
			return "\n"
		case "td", "th":
			if closing {
				return " "
			}
			return ""
		case "a":
			if closing {
				if len(links) == 0 {
					return ""
				}
				href := links[len(links)-1]
				links = links[:len(links)-1]
				if href == "" {
					return ""
				}
				return "](" + href + ")"
			}
			href := attr("href")
			links = append(links, href)
			if href == "" {
				return ""
			}
			return "["
		case "img":
			if src := attr("src"); src != "" {
				return "![](" + strings.ReplaceAll(src, " ", "%20") + ")"
			}
		}
		return ""
	})
	s = html.UnescapeString(s)
	s = strings.ReplaceAll(s, "\u00a0", " ")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = blankRunRE().ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}
