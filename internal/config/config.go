// Package config reads kb's settings. It owns the one Viper instance: layers,
// lowest first, are defaults, the user config ($XDG_CONFIG_HOME/kb/config.yaml),
// the KB's .kb/config.yaml, KB_* environment variables and command-line flags.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cast"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"

	"github.com/kb-cli/kb/internal/fsrs"
	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/kb"
)

// Config is kb's settings, typed.
type Config struct {
	Root     string // the knowledge base's root folder
	Editor   string
	Index    IndexConfig
	Add      AddConfig
	Review   ReviewConfig
	Files    []string // config files that were read
	Warnings []string // unknown keys, for the user to see
}

// ReviewConfig holds the review.* keys: the scheduler and the daily limits.
type ReviewConfig struct {
	Params        fsrs.Parameters
	NewPerDay     int
	ReviewsPerDay int
	LeechLapses   int
	Device        string // the name of this machine's review log
	// Fitted says where the weights come from: zero for the defaults; with
	// Weights set (review.weights), On and Reviews say when kb optimize
	// fitted them and to how many reviews, if it did.
	Fitted Fitted
	Custom bool   // review.weights is set
	User   string // whose review logs these are; "" for the default (see cli)
}

// AddConfig holds the add.* keys.
type AddConfig struct {
	// Folders maps a note type to the folder kb add puts it in, relative to
	// the root ("" is the root itself).
	Folders map[string]string
}

// DefaultFolders are where kb add puts each type of note.
var DefaultFolders = map[string]string{"lesson": "lessons", "question": "questions", "book": "books", "note": "notes"}

// IndexConfig holds the index.* keys.
type IndexConfig struct {
	MaxFileSize int64
	LockTimeout time.Duration
}

func (c *Config) warn(msg string) { c.Warnings = append(c.Warnings, msg) }

// NoKBError means no knowledge base could be found.
type NoKBError struct{ Cwd string }

func (e *NoKBError) Error() string {
	return fmt.Sprintf("no knowledge base here: %s and the folders above it have no %s folder", e.Cwd, kb.DirName)
}

// NotKBError means a folder named with --dir, KB_DIR or the user config's
// dir is not a knowledge base: kb would otherwise scatter an index there.
type NotKBError struct{ Dir, From string }

func (e *NotKBError) Error() string {
	return fmt.Sprintf("%s (from %s) is not a knowledge base: it has no %s folder", e.Dir, e.From, kb.DirName)
}

// FileError is a config file kb cannot use.
type FileError struct {
	Path string
	Line int
	Msg  string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// Env is where Load starts from. Environment variables are read from the
// process (Viper reads KB_* there), so tests set them with t.Setenv.
type Env struct {
	Cwd   string
	Flags *pflag.FlagSet // global flags; --dir among them
}

// Load finds the knowledge base and reads the settings for it.
func Load(env Env) (*Config, error) {
	v := viper.New()
	v.SetConfigType("yaml")
	v.SetEnvPrefix("KB")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_", "-", "_"))
	v.AutomaticEnv()
	setDefaults(v)
	if env.Flags != nil {
		if f := env.Flags.Lookup("dir"); f != nil {
			if err := v.BindPFlag("dir", f); err != nil {
				return nil, err
			}
		}
	}

	cfg := &Config{}
	userFile := UserConfigPath()
	userDir := ""
	if userFile != "" {
		ok, err := merge(v, userFile, true, cfg.warn)
		if err != nil {
			return nil, err
		}
		if ok {
			cfg.Files = append(cfg.Files, userFile)
			userDir = v.GetString("dir") // may still be the flag or KB_DIR
		}
	}

	root, err := findRoot(env, userDir)
	if err != nil {
		return nil, err
	}
	cfg.Root = root
	if ok, err := merge(v, kb.At(root).Config(), false, cfg.warn); err != nil {
		return nil, err
	} else if ok {
		cfg.Files = append(cfg.Files, kb.At(root).Config())
	}

	if err := readSettings(v, cfg); err != nil {
		return nil, err
	}
	return cfg, nil
}

// durations reads a list of steps: [1m, 10m], or "1m 10m" from the environment.
func durations(v any) ([]time.Duration, error) {
	var items []string
	switch x := v.(type) {
	case string:
		items = strings.FieldsFunc(x, func(r rune) bool { return r == ' ' || r == ',' })
	default:
		s, err := cast.ToStringSliceE(v)
		if err != nil {
			return nil, err
		}
		items = s
	}
	var out []time.Duration
	for _, it := range items {
		d, err := time.ParseDuration(strings.TrimSpace(it))
		if err != nil {
			return nil, fmt.Errorf("%q is not a duration like 10m", it)
		}
		out = append(out, d)
	}
	return out, nil
}

func floats(v any) ([]float64, error) {
	var items []any
	switch x := v.(type) {
	case string:
		for _, f := range strings.FieldsFunc(x, func(r rune) bool { return r == ' ' || r == ',' }) {
			items = append(items, f)
		}
	case []any:
		items = x
	case []float64:
		for _, f := range x {
			items = append(items, f)
		}
	default:
		return nil, fmt.Errorf("should be a list of numbers")
	}
	var out []float64
	for _, it := range items {
		f, err := cast.ToFloat64E(it)
		if err != nil {
			return nil, fmt.Errorf("%v is not a number", it)
		}
		out = append(out, f)
	}
	return out, nil
}

// SettingError is a setting with a value kb cannot use: a usage error.
type SettingError struct {
	Key, Where string
	Err        error
}

func (e *SettingError) Error() string {
	return fmt.Sprintf("setting %s (from %s): %v", e.Key, e.Where, e.Err)
}

func (e *SettingError) Unwrap() error { return e.Err }

func keyError(cfg *Config, key string, err error) error {
	where := "the environment or defaults"
	if len(cfg.Files) > 0 {
		where = strings.Join(cfg.Files, " or ")
	}
	return &SettingError{Key: key, Where: where, Err: err}
}

// CheckFolder accepts a folder kb may write notes into: relative, inside the
// root ("" or "." is the root itself) and not hidden, since kb never indexes
// hidden folders. Every folder from config, environment or flags goes
// through it.
func CheckFolder(dir string) error {
	if dir == "" || dir == "." {
		return nil
	}
	if !filepath.IsLocal(dir) {
		return fmt.Errorf("%q must be a folder inside the knowledge base, relative to its root", dir)
	}
	for _, part := range strings.Split(filepath.ToSlash(filepath.Clean(dir)), "/") {
		if strings.HasPrefix(part, ".") {
			return fmt.Errorf("%q is a hidden folder, which kb never indexes", dir)
		}
	}
	return nil
}

// findRoot applies the order: --dir, KB_DIR, the nearest folder upwards with a
// .kb folder, the user config's dir.
func findRoot(env Env, userDir string) (string, error) {
	dir, from := "", ""
	if env.Flags != nil && env.Flags.Changed("dir") {
		dir, _ = env.Flags.GetString("dir")
		from = "--dir"
	} else if d := os.Getenv("KB_DIR"); d != "" {
		dir, from = d, "KB_DIR"
	} else if r, ok := kb.FindRoot(env.Cwd); ok {
		return r, nil
	} else if userDir != "" {
		dir, from = expandHome(userDir), "dir in "+UserConfigPath()
	} else {
		return "", &NoKBError{Cwd: env.Cwd}
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(env.Cwd, dir)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return "", fmt.Errorf("knowledge base folder %s: %s", dir, fsutil.BareError(err))
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("knowledge base folder %s is not a folder", dir)
	}
	dir = filepath.Clean(dir)
	if !kb.IsRoot(dir) {
		return "", &NotKBError{Dir: dir, From: from}
	}
	return dir, nil
}

func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		return filepath.Join(os.Getenv("HOME"), p[1:])
	}
	return p
}

// UserConfigPath is $XDG_CONFIG_HOME/kb/config.yaml, else ~/.config/kb/config.yaml.
func UserConfigPath() string {
	if x := os.Getenv("XDG_CONFIG_HOME"); x != "" {
		return filepath.Join(x, "kb", "config.yaml")
	}
	if h := os.Getenv("HOME"); h != "" {
		return filepath.Join(h, ".config", "kb", "config.yaml")
	}
	return ""
}

var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): `) })

// userOnly says why a knowledge base's own config may not set key, or "".
// A knowledge base is shared through git, so what is committed in it must
// not decide what runs on the machine of whoever clones it.
func userOnly(key string) string {
	if st, _, _ := lookup(key); st != nil {
		return st.UserOnly
	}
	return ""
}

// merge reads one YAML config file into v. A missing file is fine; one that is
// not valid YAML, or not a mapping, is an error naming the file and line.
// trusted is false for the knowledge base's own file, which may not set the
// userOnly keys: those are dropped with a warning.
func merge(v *viper.Viper, path string, trusted bool, warn func(string)) (bool, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, &FileError{Path: path, Msg: "cannot read: " + fsutil.BareError(err)}
	}
	var doc map[string]any
	var node yaml.Node
	_ = yaml.Unmarshal(data, &node)
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		line := 0
		if m := yamlLine().FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = msg[len(m[0]):]
		}
		return false, &FileError{Path: path, Line: line, Msg: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
	}
	if !trusted {
		dropUserOnly(path, &node, doc, warn)
	}
	if err := v.MergeConfigMap(doc); err != nil {
		return false, &FileError{Path: path, Msg: err.Error()}
	}
	unknownKeys(path, &node, warn)
	return true, nil
}

// dropUserOnly removes the userOnly keys from doc, warning with their line.
func dropUserOnly(path string, n *yaml.Node, doc map[string]any, warn func(string)) {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := strings.ToLower(n.Content[i].Value)
			if why := userOnly(key); why != "" {
				warn(fmt.Sprintf("%s:%d: %s is ignored here: %s", path, n.Content[i].Line, key, why))
			}
		}
	}
	for k := range doc {
		if userOnly(strings.ToLower(k)) != "" {
			delete(doc, k)
		}
	}
}

// unknownKeys warns, with file and line, about keys kb does not know: most
// often a typo that would otherwise be silently ignored. The warnings come
// in the file's order (by line, then key), the same on every run.
func unknownKeys(path string, n *yaml.Node, warn func(string)) {
	type unknown struct {
		line int
		key  string
	}
	var found []unknown
	var walk func(n *yaml.Node, prefix string)
	walk = func(n *yaml.Node, prefix string) {
		if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
			walk(n.Content[0], prefix)
			return
		}
		if n.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := strings.ToLower(n.Content[i].Value)
			if prefix != "" {
				key = prefix + "." + key
			}
			st, section, under := lookup(key)
			switch {
			case st == nil && !section:
				found = append(found, unknown{n.Content[i].Line, key})
			case st == nil || st.Map && !under:
				walk(n.Content[i+1], key) // a section, or a Map setting's names
			}
		}
	}
	walk(n, "")
	sort.Slice(found, func(i, j int) bool {
		if found[i].line != found[j].line {
			return found[i].line < found[j].line
		}
		return found[i].key < found[j].key
	})
	for _, u := range found {
		warn(fmt.Sprintf("%s:%d: unknown setting %s (ignored)", path, u.line, u.key))
	}
}

var sizeRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*(\d+(?:\.\d+)?)\s*([KMGkmg]i?[Bb]?|[Bb])?\s*$`) })

// ParseSize reads a byte count: 5242880, 5MiB, 5MB, 512KiB, 1G. kb counts in
// powers of 1024 either way, as people mean when they write "5MB" of a file.
func ParseSize(s string) (int64, error) {
	m := sizeRE().FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%q is not a size like 5MiB", s)
	}
	n, _ := strconv.ParseFloat(m[1], 64)
	switch strings.ToUpper(m[2][:min(1, len(m[2]))]) {
	case "K":
		n *= 1 << 10
	case "M":
		n *= 1 << 20
	case "G":
		n *= 1 << 30
	}
	return int64(n), nil
}
