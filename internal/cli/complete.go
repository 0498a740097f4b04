package cli

import (
	"strings"

	"github.com/kb-cli/kb/internal/catalog"
	"github.com/spf13/cobra"
)

// completeNotes offers note titles and paths for NOTE arguments.
func completeNotes(f deps) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ix, err := f.OpenIndex(false)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		defer ix.Close()
		list, err := catalog.List(ix, catalog.ListOptions{Sort: "title"})
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		low := strings.ToLower(prefix)
		for _, n := range list {
			if strings.HasPrefix(strings.ToLower(n.Title), low) {
				out = append(out, n.Title+"\t"+n.Path)
			} else if strings.HasPrefix(strings.ToLower(n.Path), low) {
				out = append(out, n.Path+"\t"+n.Title)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeTags offers the tags in use, for --tag flags.
func completeTags(f deps) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
		ix, err := f.OpenIndex(false)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		defer ix.Close()
		tags, err := catalog.Tags(ix)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, t := range tags {
			if strings.HasPrefix(t.Tag, strings.ToLower(strings.TrimPrefix(prefix, "#"))) {
				out = append(out, t.Tag)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeSearch completes --tag and --linked-from values for kb search, which parses its own
// flags (so Cobra cannot complete them).
func completeSearch(f deps) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	tags, notesF := completeTags(f), completeNotes(f)
	return func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 && args[len(args)-1] == "--tag" {
			return tags(cmd, args, prefix)
		}
		if len(args) > 0 && args[len(args)-1] == "--linked-from" {
			return notesF(cmd, nil, prefix)
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeTagCmd completes kb tag: the note first, then +tag / -tag.
func completeTagCmd(f deps) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	notesF, tags := completeNotes(f), completeTags(f)
	return func(cmd *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
		if len(args) == 0 {
			return notesF(cmd, args, prefix)
		}
		if prefix == "" || (prefix[0] != '+' && prefix[0] != '-') {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		names, dir := tags(cmd, args, prefix[1:])
		for i, n := range names {
			names[i] = prefix[:1] + n
		}
		return names, dir
	}
}
