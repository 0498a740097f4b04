package config

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Template is the config file kb init writes: every setting a knowledge base
// may set, with what it does and its default, commented out, so that the
// file changes nothing until the user makes it, and a default kb changes in
// a later version is not pinned by an old file.
func Template() string {
	var b strings.Builder
	b.WriteString(`# kb settings for this knowledge base. Every key is optional; each is shown
# below with its default, commented out: to change one, remove the # before
# it and before the name of its section. The same keys can go in
# ~/.config/kb/config.yaml for all your knowledge bases, and any key can be
# set from the environment as KB_<KEY> with dots as underscores
# (KB_INDEX_MAX_FILE_SIZE=10MiB).
#
`)
	var userOnly []string
	for _, s := range Settings {
		if s.UserOnly != "" {
			userOnly = append(userOnly, s.Key)
		}
	}
	b.WriteString(wrap("Only your own config sets "+strings.Join(userOnly, " and ")+
		": a knowledge base is shared, and what it holds must not choose the program kb runs on your machine.", "# "))
	section := ""
	for _, s := range Settings {
		if s.UserOnly != "" {
			continue
		}
		sec, name, _ := strings.Cut(s.Key, ".")
		if sec != section {
			section = sec
			fmt.Fprintf(&b, "\n# %s:\n", sec)
		}
		doc := plain(s.Doc)
		if s.Shown != "" && s.Shown != "—" && !strings.HasPrefix(s.Shown, "`") {
			doc += " (if unset: " + plain(s.Shown) + ")"
		}
		b.WriteString(wrap(doc, "#   # "))
		if m, ok := s.Default.(map[string]string); ok {
			fmt.Fprintf(&b, "#   %s:\n", name)
			for _, k := range sortedKeys(m) {
				fmt.Fprintf(&b, "#     %s: %s\n", k, yamlValue(m[k]))
			}
			continue
		}
		fmt.Fprintf(&b, "#   %s: %s\n", name, yamlValue(s.Default))
	}
	return b.String()
}

// MarkdownTable is the README's table of settings.
func MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| key | default | meaning |\n|---|---|---|\n")
	for _, s := range Settings {
		key := s.Key
		if s.Map {
			key += ".TYPE"
		}
		def := s.Shown
		if def == "" {
			def = "`" + yamlValue(s.Default) + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", key, def, s.Doc)
	}
	return b.String()
}

// yamlValue writes a default as a config file would.
func yamlValue(v any) string {
	switch x := v.(type) {
	case string:
		if x == "" {
			return `""`
		}
		return x
	case []string:
		return "[" + strings.Join(x, ", ") + "]"
	case []float64:
		parts := make([]string, len(x))
		for i, f := range x {
			parts[i] = strconv.FormatFloat(f, 'f', -1, 64)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// plain is Markdown text without its code marks, for a YAML comment.
func plain(s string) string { return strings.ReplaceAll(s, "`", "") }

// wrap breaks text into comment lines of at most 78 columns.
func wrap(text, prefix string) string {
	var b strings.Builder
	line := prefix
	for _, w := range strings.Fields(text) {
		if line != prefix && len(line)+1+len(w) > 78 {
			b.WriteString(line + "\n")
			line = prefix
		}
		if line != prefix {
			line += " "
		}
		line += w
	}
	b.WriteString(line + "\n")
	return b.String()
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
