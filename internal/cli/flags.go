package cli

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// parseOwnFlags parses the flags of a command that sets DisableFlagParsing
// because its words may start with '-' (kb search -word, kb tag NOTE -tag)
// and returns the other words. It returns nil words after printing help.
func parseOwnFlags(cmd *cobra.Command, args []string) ([]string, error) {
	flags, words := splitFlags(cmd, args)
	fs := cmd.Flags()
	fs.AddFlagSet(cmd.InheritedFlags()) // --dir
	if err := fs.Parse(flags); err != nil {
		return nil, cmd.FlagErrorFunc()(cmd, err)
	}
	if help, _ := fs.GetBool("help"); help {
		return nil, cmd.Help()
	}
	if words == nil {
		words = []string{}
	}
	return words, nil
}

// splitFlags separates the command's flags (and their values) from the other
// arguments. "--" ends the flags; -word that names no flag is a query word
// (an exclusion); --word is always a flag.
func splitFlags(cmd *cobra.Command, args []string) (flags, words []string) {
	lookup := func(long bool, name string) *pflag.Flag {
		for _, fs := range []*pflag.FlagSet{cmd.Flags(), cmd.InheritedFlags()} {
			if long {
				if f := fs.Lookup(name); f != nil {
					return f
				}
			} else if f := fs.ShorthandLookup(name); f != nil {
				return f
			}
		}
		return nil
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return flags, append(words, args[i+1:]...)
		}
		if len(a) < 2 || a[0] != '-' {
			words = append(words, a)
			continue
		}
		long := strings.HasPrefix(a, "--")
		name, inline := strings.TrimLeft(a, "-"), false
		if j := strings.IndexByte(name, '='); j >= 0 {
			name, inline = name[:j], true
		}
		if !long && len(name) > 1 {
			name, inline = name[:1], true // -n5
			if strings.HasPrefix(a[2:], "=") {
				inline = true
			}
		}
		f := lookup(long, name)
		if long && f == nil {
			flags = append(flags, a) // --unknown: let the parser say so
			continue
		}
		if f == nil || (!long && inline && f.Value.Type() == "bool") {
			words = append(words, a)
			continue
		}
		flags = append(flags, a)
		if !inline && f.Value.Type() != "bool" && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return flags, words
}
