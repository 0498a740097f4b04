package importer

import (
	"path"
	"regexp"
	"strings"
	"sync"
)

// vaultNames finds a vault's files by the names wikilinks use: a note's
// name without .md, an attachment's with its extension, lower-cased (as
// Obsidian matches them); a name that several files share maps to "".
type vaultNames map[string]string

func vaultNamesOf(paths []string) vaultNames {
	n := vaultNames{}
	for _, p := range paths {
		if hiddenPart(p) != "" {
			continue
		}
		name := path.Base(p)
		if strings.EqualFold(path.Ext(name), ".md") {
			name = strings.TrimSuffix(name, path.Ext(name))
		}
		key := strings.ToLower(name)
		if _, dup := n[key]; dup {
			n[key] = ""
		} else {
			n[key] = p
		}
	}
	return n
}

var wikilinkRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(!?)\[\[([^\]|#^\n]+)([#^][^\]|\n]*)?(\|[^\]\n]*)?\]\]`)
})

// relink points the wikilinks to a note or attachment that had to be
// imported under another name (its name was taken) at the new name, keeping
// the text shown. Links to names several files share are left alone.
func (n vaultNames) relink(text string, final func(string) string) string {
	return wikilinkRE().ReplaceAllStringFunc(text, func(m string) string {
		sub := wikilinkRE().FindStringSubmatch(m)
		target := strings.TrimSpace(sub[2])
		name := path.Base(target)
		isNote := path.Ext(name) == "" || strings.EqualFold(path.Ext(name), ".md")
		name = strings.TrimSuffix(name, ".md")
		src := n[strings.ToLower(name)]
		if src == "" {
			return m
		}
		to := final(src)
		if to == "" {
			return m
		}
		newName := path.Base(to)
		if strings.EqualFold(path.Ext(src), ".md") {
			newName = strings.TrimSuffix(newName, path.Ext(newName))
		}
		if newName == path.Base(src) || newName == strings.TrimSuffix(path.Base(src), path.Ext(src)) {
			return m // imported under its own name: the link still holds
		}
		alias := sub[4]
		if alias == "" && isNote {
			alias = "|" + target
		}
		return sub[1] + "[[" + newName + sub[3] + alias + "]]"
	})
}
