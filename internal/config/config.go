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
	v.SetDefault("dir", "")
	v.SetDefault("editor", "")
	v.SetDefault("index.max_file_size", "5MiB")
	v.SetDefault("index.lock_timeout", "10s")
	for typ, dir := range DefaultFolders {
		v.SetDefault("add.folders."+typ, dir)
	}
	d := fsrs.DefaultParameters()
	v.SetDefault("review.desired_retention", d.DesiredRetention)
	v.SetDefault("review.learning_steps", []string{"1m", "10m"})
	v.SetDefault("review.relearning_steps", []string{"10m"})
	v.SetDefault("review.max_interval", d.MaximumInterval)
	v.SetDefault("review.fuzz", d.Fuzz)
	v.SetDefault("review.weights", []float64{})
	v.SetDefault("review.weights_fitted_on", "")
	v.SetDefault("review.weights_fitted_reviews", 0)
	v.SetDefault("review.new_per_day", 20)
	v.SetDefault("review.reviews_per_day", 200)
	v.SetDefault("review.day_starts_at", d.DayStartHour)
	v.SetDefault("review.leech_lapses", 8)
	v.SetDefault("review.device", "")
	v.SetDefault("review.user", "")
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

	cfg.Editor = v.GetString("editor")
	// Read key by key: Viper applies KB_ADD_FOLDERS_<TYPE> to single keys only.
	cfg.Add.Folders = map[string]string{}
	for typ := range v.GetStringMapString("add.folders") {
		dir := v.GetString("add.folders." + typ)
		if err := CheckFolder(dir); err != nil {
			return nil, keyError(cfg, "add.folders."+typ, err)
		}
		cfg.Add.Folders[typ] = dir
	}
	if cfg.Index.MaxFileSize, err = ParseSize(v.GetString("index.max_file_size")); err != nil {
		return nil, keyError(cfg, "index.max_file_size", err)
	}
	if cfg.Index.LockTimeout, err = time.ParseDuration(v.GetString("index.lock_timeout")); err != nil || cfg.Index.LockTimeout < 0 {
		return nil, keyError(cfg, "index.lock_timeout", fmt.Errorf("%q is not a duration like 10s", v.GetString("index.lock_timeout")))
	}
	if cfg.Review, err = reviewConfig(v); err != nil {
		return nil, keyError(cfg, "review", err)
	}
	return cfg, nil
}

// reviewConfig reads review.*, checking every value.
func reviewConfig(v *viper.Viper) (ReviewConfig, error) {
	p := fsrs.DefaultParameters()
	p.Location = time.Local
	rc := ReviewConfig{Device: v.GetString("review.device"), User: v.GetString("review.user")}
	var err error
	if p.DesiredRetention, err = cast.ToFloat64E(v.Get("review.desired_retention")); err != nil {
		return rc, fmt.Errorf("desired_retention: %v", err)
	}
	if p.LearningSteps, err = durations(v.Get("review.learning_steps")); err != nil {
		return rc, fmt.Errorf("learning_steps: %v", err)
	}
	if p.RelearningSteps, err = durations(v.Get("review.relearning_steps")); err != nil {
		return rc, fmt.Errorf("relearning_steps: %v", err)
	}
	ints := map[string]*int{"max_interval": &p.MaximumInterval, "day_starts_at": &p.DayStartHour,
		"new_per_day": &rc.NewPerDay, "reviews_per_day": &rc.ReviewsPerDay, "leech_lapses": &rc.LeechLapses}
	for k, dst := range ints {
		if *dst, err = cast.ToIntE(v.Get("review." + k)); err != nil {
			return rc, fmt.Errorf("%s: %q is not a whole number", k, v.GetString("review."+k))
		}
	}
	if p.Fuzz, err = cast.ToBoolE(v.Get("review.fuzz")); err != nil {
		return rc, fmt.Errorf("fuzz: %q is not true or false", v.GetString("review.fuzz"))
	}
	if w, err := floats(v.Get("review.weights")); err != nil {
		return rc, fmt.Errorf("weights: %v", err)
	} else if len(w) > 0 {
		if len(w) != len(p.Weights) {
			return rc, fmt.Errorf("weights: FSRS-6 takes %d numbers, got %d", len(p.Weights), len(w))
		}
		copy(p.Weights[:], w)
		rc.Custom = true
		rc.Fitted.Weights = p.Weights
		rc.Fitted.On = v.GetString("review.weights_fitted_on")
		if rc.Fitted.Reviews, err = cast.ToIntE(v.Get("review.weights_fitted_reviews")); err != nil {
			return rc, fmt.Errorf("weights_fitted_reviews: %q is not a whole number", v.GetString("review.weights_fitted_reviews"))
		}
	}
	if err := p.Validate(); err != nil {
		return rc, err
	}
	if rc.NewPerDay < 0 || rc.ReviewsPerDay < 0 || rc.LeechLapses < 0 {
		return rc, fmt.Errorf("daily limits and leech_lapses cannot be negative")
	}
	rc.Params = p
	return rc, nil
}

// durations reads a list of steps: [1m, 10m], or "1m 10m" from the environment.
func durations(v interface{}) ([]time.Duration, error) {
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

func floats(v interface{}) ([]float64, error) {
	var items []interface{}
	switch x := v.(type) {
	case string:
		for _, f := range strings.FieldsFunc(x, func(r rune) bool { return r == ' ' || r == ',' }) {
			items = append(items, f)
		}
	case []interface{}:
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

// userOnly are the settings a knowledge base's own config may not make: the
// program kb runs, and where the knowledge base is. A knowledge base is
// shared through git, so what is committed in it must not decide what runs
// on the machine of whoever clones it.
var userOnly = map[string]string{
	"editor": "a knowledge base cannot choose the program kb runs; set $KB_EDITOR, $VISUAL or $EDITOR, or editor in your own config (~/.config/kb/config.yaml)",
	"dir":    "a knowledge base cannot say where it is; use --dir, KB_DIR or dir in your own config",
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
	var doc map[string]interface{}
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
	unknownKeys(path, &node, "", warn)
	return true, nil
}

// dropUserOnly removes the userOnly keys from doc, warning with their line.
func dropUserOnly(path string, n *yaml.Node, doc map[string]interface{}, warn func(string)) {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := strings.ToLower(n.Content[i].Value)
			if why, ok := userOnly[key]; ok {
				warn(fmt.Sprintf("%s:%d: %s is ignored here: %s", path, n.Content[i].Line, key, why))
			}
		}
	}
	for k := range doc {
		if _, ok := userOnly[strings.ToLower(k)]; ok {
			delete(doc, k)
		}
	}
}

// known are the settings kb reads; add.folders.* and anything under them too.
var known = map[string]bool{
	"dir": true, "editor": true, "index": true, "index.max_file_size": true, "index.lock_timeout": true,
	"add": true, "add.folders": true, "review": true, "review.desired_retention": true, "review.learning_steps": true,
	"review.relearning_steps": true, "review.max_interval": true, "review.fuzz": true, "review.weights": true,
	"review.new_per_day": true, "review.reviews_per_day": true, "review.day_starts_at": true,
	"review.leech_lapses": true, "review.device": true, "review.weights_fitted_on": true,
	"review.weights_fitted_reviews": true,
}

// unknownKeys warns, with file and line, about keys kb does not know: most
// often a typo that would otherwise be silently ignored.
func unknownKeys(path string, n *yaml.Node, prefix string, warn func(string)) {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		unknownKeys(path, n.Content[0], prefix, warn)
		return
	}
	if n.Kind != yaml.MappingNode || prefix == "add.folders" {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := strings.ToLower(n.Content[i].Value)
		if prefix != "" {
			key = prefix + "." + key
		}
		if !known[key] {
			warn(fmt.Sprintf("%s:%d: unknown setting %s (ignored)", path, n.Content[i].Line, key))
			continue
		}
		unknownKeys(path, n.Content[i+1], key, warn)
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
