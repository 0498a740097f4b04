package cli

import (
	"os"

	"github.com/kb-cli/kb/internal/kb"
	"github.com/kb-cli/kb/internal/notes"
	"github.com/kb-cli/kb/internal/picker"
	"github.com/kb-cli/kb/internal/search"
)

// pickerRun is kb search -i (and kb alone on a terminal): the picker on
// /dev/tty, then the editor at the chosen hit's line.
func pickerRun(f deps, query string, tags []string, typ string) error {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return usageErrorf("the interactive search needs a terminal (%v)", err)
	}
	defer tty.Close()
	cfg, err := f.Config()
	if err != nil {
		return err
	}
	ix, err := f.OpenIndex(false)
	if err != nil {
		return err
	}
	syn, warns := search.LoadSynonyms(kb.At(cfg.Root).Synonyms())
	for _, w := range warns {
		f.Warn(w)
	}
	src := picker.NewIndexSource(ix, cfg.Root, search.Options{Tags: tags, Type: typ, Synonyms: syn})
	it, chosen, err := picker.Run(tty, picker.New(src, query), picker.Style{Color: os.Getenv("NO_COLOR") == ""})
	// The editor may take long: the index must not stay locked meanwhile.
	ix.Close()
	if err != nil || !chosen {
		return err
	}
	if err := openEditor(f, notes.OnDisk(cfg.Root, it.Path), it.Line); err != nil {
		return err
	}
	refreshAfterWrite(f)
	return nil
}
