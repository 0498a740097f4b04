package cli

import (
	"fmt"
	"os"

	"github.com/spf13/pflag"

	"github.com/kb-cli/kb/internal/clock"
	"github.com/kb-cli/kb/internal/config"
	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/iostreams"
)

// Factory gives commands what they share: streams, the clock, the settings
// and the index, each made when first asked for.
type Factory struct {
	IO    *iostreams.IOStreams
	Now   clock.Clock
	Cwd   string
	flags *pflag.FlagSet // the root command's persistent flags
	cfg   *config.Config

	editorNoted bool // the vi fallback was announced
}

// deps are what a command's run needs from outside, each narrow enough for a
// test to fake: the streams, the clock, the folder kb runs in, the settings
// and the index. Commands get them from the Factory; tests build their own
// (see newFake in run_test.go).
type deps struct {
	IO        *iostreams.IOStreams
	Now       clock.Clock
	Cwd       string
	Config    func() (*config.Config, error)
	OpenIndex func(rebuild bool) (*index.Index, error)
	// editorNoted is shared by every command of a run: a quiz session may
	// open many cards, and the vi fallback is announced once.
	editorNoted *bool
}

// Warn prints a warning on stderr.
func (d deps) Warn(msg string) { fmt.Fprintf(d.IO.ErrOut, "kb: warning: %s\n", msg) }

// Note prints a remark that is neither a warning nor an error on stderr.
func (d deps) Note(msg string) { fmt.Fprintf(d.IO.ErrOut, "kb: %s\n", msg) }

// deps are the factory's, for a command.
func (f *Factory) deps() deps {
	return deps{IO: f.IO, Now: f.Now, Cwd: f.Cwd, Config: f.Config, OpenIndex: f.OpenIndex, editorNoted: &f.editorNoted}
}

// Config finds the knowledge base and reads the settings, once.
func (f *Factory) Config() (*config.Config, error) {
	if f.cfg != nil {
		return f.cfg, nil
	}
	cfg, err := config.Load(config.Env{Cwd: f.Cwd, Flags: f.flags})
	if err != nil {
		return nil, err
	}
	for _, w := range cfg.Warnings {
		f.deps().Warn(w)
	}
	f.cfg = cfg
	return cfg, nil
}

// OpenIndex opens the index; it brings itself up to date with the notes on
// the first search or Refresh.
func (f *Factory) OpenIndex(rebuild bool) (*index.Index, error) {
	cfg, err := f.Config()
	if err != nil {
		return nil, err
	}
	bar := f.IO.NewProgress("indexing")
	return index.Open(index.Options{
		Root:        cfg.Root,
		MaxFileSize: cfg.Index.MaxFileSize,
		LockTimeout: cfg.Index.LockTimeout,
		Rebuild:     rebuild,
		Warn:        f.deps().Warn,
		Progress: func(done, total int) {
			bar.Update(done, total)
			if done == total {
				bar.Done()
			}
		},
	})
}

func newSystemFactory() (*Factory, error) {
	now, err := clock.FromEnv(os.Getenv)
	if err != nil {
		return nil, err
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("cannot tell the current folder: %w", err)
	}
	return &Factory{IO: iostreams.System(), Now: now, Cwd: cwd}, nil
}

// NewFactoryForDocs is a factory for building the command tree without
// running it (man pages): nothing in it touches the system.
func NewFactoryForDocs() *Factory {
	io, _, _, _ := iostreams.Test()
	return &Factory{IO: io, Now: clock.System}
}
