package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kb-cli/kb/internal/catalog"
	"github.com/kb-cli/kb/internal/config"
	"github.com/kb-cli/kb/internal/index"
	"github.com/kb-cli/kb/internal/kb"
	"github.com/kb-cli/kb/internal/search"
)

// Exit codes, as documented in the README.
const (
	exitOK     = 0
	exitFailed = 1 // an error, or nothing found
	exitUsage  = 2 // the command line was wrong
)

// exitError carries an exit code and hints for the user with an error.
type exitError struct {
	code  int
	err   error
	hints []string
	// bare errors print without the "error:" label ("kb: no notes match ...").
	bare bool
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

func withHint(err error, hints ...string) error {
	return &exitError{code: exitFailed, err: err, hints: hints}
}

// reportTo says how report prints: as JSON for --json, and with the kept
// library log for an error kb did not expect.
type reportTo struct {
	w    io.Writer
	json bool
	log  *debugLog
}

// jsonError is an error under --json, one object on stderr. Its shape is
// stable for scripts: error always, hint when kb has advice (several joined by
// newlines), log when an unexpected error comes with the library's log.
type jsonError struct {
	Error string   `json:"error"`
	Hint  string   `json:"hint,omitempty"`
	Log   []string `json:"log,omitempty"`
}

// report prints err the kb way and returns the exit code for it.
func report(to reportTo, err error) int {
	code, hints, bare, expected := classify(err)
	var log []string
	if !expected {
		log = to.log.Lines()
	}
	if len(log) > 0 {
		hints = append(hints, "the log lines are what the search library said just before the error; please include them, and kb's version ("+versionString()+"), if you report it")
	}
	if to.json {
		je := jsonError{Error: err.Error(), Hint: strings.Join(hints, "\n"), Log: log}
		if b, jerr := json.Marshal(je); jerr == nil {
			fmt.Fprintf(to.w, "%s\n", b)
			return code
		}
	}
	if bare {
		fmt.Fprintf(to.w, "kb: %s\n", err)
	} else {
		fmt.Fprintf(to.w, "kb: error: %s\n", err)
	}
	for _, l := range log {
		fmt.Fprintf(to.w, "kb: log: %s\n", l)
	}
	for _, h := range hints {
		fmt.Fprintf(to.w, "kb: hint: %s\n", h)
	}
	return code
}

// classify gives err its exit code and hints. Errors from the domain packages
// get theirs here, in one place; expected is false for an error kb has no
// words for, the kind worth a bug report.
func classify(err error) (code int, hints []string, bare, expected bool) {
	var (
		ee     *exitError
		noKB   *config.NoKBError
		notKB  *config.NotKBError
		fileE  *config.FileError
		setE   *config.SettingError
		busy   *index.BusyError
		syntax *search.SyntaxError
		amb    *catalog.AmbiguousError
		nf     *catalog.NotFoundError
	)
	code, expected = exitFailed, true
	switch {
	case errors.As(err, &ee):
		code, hints, bare = ee.code, ee.hints, ee.bare
	case errors.As(err, &noKB):
		hints = []string{"run 'kb init' to make this folder a knowledge base, or point kb at one with --dir DIR or KB_DIR"}
	case errors.As(err, &notKB):
		hints = []string{"run 'kb init " + notKB.Dir + "' to make it one, or point " + notKB.From + " at the folder that has " + kb.DirName + "/"}
	case errors.As(err, &fileE):
		hints = []string{"fix or remove that config file; 'kb init' writes a commented example in a new folder"}
	case errors.As(err, &setE):
		code = exitUsage
	case errors.As(err, &busy):
		hints = []string{"wait for the other kb command to finish, or raise index.lock_timeout"}
	case errors.As(err, &syntax):
		code = exitUsage
		hints = []string{`words must all match; use "quoted phrases", -word, tag:NAME, type:NAME, title:WORD and OR`}
	case errors.As(err, &amb):
		code = exitUsage
		for _, c := range amb.Candidates {
			hints = append(hints, fmt.Sprintf("  %s  (%s)", c.Path, c.Title))
		}
		hints = append([]string{"say which, with more of the title or the path:"}, hints...)
	case errors.As(err, &nf):
		if len(nf.Closest) > 0 {
			hints = []string{"the closest titles: " + strings.Join(nf.Closest, ", ")}
		} else {
			hints = []string{"kb list shows every note"}
		}
	case isCobraUsage(err):
		code = exitUsage
		hints = []string{"run 'kb --help' for usage"}
	default:
		expected = false
	}
	return code, hints, bare, expected
}

// isCobraUsage recognises the errors Cobra makes itself for a wrong command
// line; flag errors are wrapped as usage errors before they get here.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "invalid argument", "accepts ", "requires at least"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}
