package config

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cast"
	"github.com/spf13/viper"

	"github.com/kb-cli/kb/internal/fsrs"
)

// Setting is one key kb reads. Settings lists every one, and nothing else
// declares them: Load takes the defaults and the typed reads from it, the
// check for unknown keys knows keys by it, and kb init's config template and
// the README's table of settings are written from it (a test holds the
// README to it).
type Setting struct {
	Key string // dotted and lower-case: index.max_file_size
	// Default is the value when no layer sets one, as a config file would
	// write it; for a Map setting, the names and their values.
	Default any
	// Shown is the default as the README's table shows it, when it is not
	// Default written out: "host name" for a value found at run time.
	Shown string
	Doc   string // what it does: one line, Markdown (the template drops the backticks)
	// UserOnly says why a knowledge base's own config may not set it (a
	// knowledge base is shared through git); "" when it may.
	UserOnly string
	// Map is a setting of names: any key under it is the setting's, such as
	// add.folders.lesson.
	Map bool
	// read parses and checks the value Viper holds, into c. Reads run in
	// the table's order, so one may rely on those above it.
	read func(v *viper.Viper, key string, c *Config) error
}

// Settings are kb's settings, in the order the README and the template give them.
var Settings = []Setting{
	{Key: "dir", Default: "", Shown: "—", Doc: "knowledge base to use when no other is found (user config only)",
		UserOnly: "a knowledge base cannot say where it is; use --dir, KB_DIR or dir in your own config",
		read:     func(*viper.Viper, string, *Config) error { return nil }}, // findRoot reads it
	{Key: "editor", Default: "", Shown: "—",
		Doc:      "editor for commands that open one, after `$KB_EDITOR`, before `$VISUAL`, `$EDITOR` (user config only)",
		UserOnly: "a knowledge base cannot choose the program kb runs; set $KB_EDITOR, $VISUAL or $EDITOR, or editor in your own config (~/.config/kb/config.yaml)",
		read: func(v *viper.Viper, k string, c *Config) error {
			c.Editor = v.GetString(k)
			return nil
		}},
	{Key: "index.max_file_size", Default: "5MiB", Doc: "larger notes are skipped",
		read: func(v *viper.Viper, k string, c *Config) (err error) {
			c.Index.MaxFileSize, err = ParseSize(v.GetString(k))
			return err
		}},
	{Key: "index.lock_timeout", Default: "10s", Doc: "how long to wait for another kb process",
		read: func(v *viper.Viper, k string, c *Config) (err error) {
			d, err := time.ParseDuration(v.GetString(k))
			if err != nil || d < 0 {
				return fmt.Errorf("%q is not a duration like 10s", v.GetString(k))
			}
			c.Index.LockTimeout = d
			return nil
		}},
	{Key: "add.folders", Map: true, Default: DefaultFolders, Shown: "`lessons`, `questions`, `books`, `notes`",
		Doc: "where `kb add` puts each type of note (inside the root, not hidden)",
		read: func(v *viper.Viper, k string, c *Config) error {
			c.Add.Folders = map[string]string{}
			// Key by key: Viper applies KB_ADD_FOLDERS_<TYPE> to single
			// keys only. Sorted, so that of two bad folders the same one is
			// reported every time.
			types := []string{}
			for typ := range v.GetStringMapString(k) {
				types = append(types, typ)
			}
			sort.Strings(types)
			for _, typ := range types {
				dir := v.GetString(k + "." + typ)
				if err := CheckFolder(dir); err != nil {
					return &SettingError{Key: k + "." + typ, Err: err}
				}
				c.Add.Folders[typ] = dir
			}
			return nil
		}},
	{Key: "review.desired_retention", Default: fsrs.DefaultParameters().DesiredRetention,
		Doc: "the recall probability FSRS schedules for",
		read: func(v *viper.Viper, k string, c *Config) (err error) {
			c.Review.Params.DesiredRetention, err = cast.ToFloat64E(v.Get(k))
			return err
		}},
	{Key: "review.learning_steps", Default: []string{"1m", "10m"}, Doc: "steps of new cards before they graduate",
		read: func(v *viper.Viper, k string, c *Config) (err error) {
			c.Review.Params.LearningSteps, err = durations(v.Get(k))
			return err
		}},
	{Key: "review.relearning_steps", Default: []string{"10m"}, Doc: "steps of forgotten cards",
		read: func(v *viper.Viper, k string, c *Config) (err error) {
			c.Review.Params.RelearningSteps, err = durations(v.Get(k))
			return err
		}},
	{Key: "review.max_interval", Default: fsrs.DefaultParameters().MaximumInterval, Doc: "longest interval, in days",
		read: wholeNumber(func(c *Config) *int { return &c.Review.Params.MaximumInterval })},
	{Key: "review.fuzz", Default: fsrs.DefaultParameters().Fuzz, Doc: "spread intervals a little (deterministic per card)",
		read: func(v *viper.Viper, k string, c *Config) (err error) {
			if c.Review.Params.Fuzz, err = cast.ToBoolE(v.Get(k)); err != nil {
				return fmt.Errorf("%q is not true or false", v.GetString(k))
			}
			return nil
		}},
	{Key: "review.weights", Default: []float64{}, Shown: "FSRS-6 defaults",
		Doc: "21 parameters, checked against FSRS-6's bounds; `kb optimize --write` sets them",
		read: func(v *viper.Viper, k string, c *Config) error {
			w, err := floats(v.Get(k))
			if err != nil || len(w) == 0 {
				return err
			}
			p := &c.Review.Params
			if len(w) != len(p.Weights) {
				return fmt.Errorf("FSRS-6 takes %d numbers, got %d", len(p.Weights), len(w))
			}
			copy(p.Weights[:], w)
			c.Review.Custom = true
			c.Review.Fitted.Weights = p.Weights
			return nil
		}},
	{Key: "review.weights_fitted_on", Default: "", Shown: "—",
		Doc: "the day `kb optimize` fitted the weights (for `kb stats`)",
		read: func(v *viper.Viper, k string, c *Config) error {
			if c.Review.Custom {
				c.Review.Fitted.On = v.GetString(k)
			}
			return nil
		}},
	{Key: "review.weights_fitted_reviews", Default: 0, Shown: "—",
		Doc: "how many reviews `kb optimize` fitted the weights to (for `kb stats`)",
		read: func(v *viper.Viper, k string, c *Config) error {
			if !c.Review.Custom {
				return nil
			}
			return wholeNumber(func(c *Config) *int { return &c.Review.Fitted.Reviews })(v, k, c)
		}},
	{Key: "review.new_per_day", Default: 20, Doc: "new cards a day",
		read: wholeNumber(func(c *Config) *int { return &c.Review.NewPerDay })},
	{Key: "review.reviews_per_day", Default: 200, Doc: "reviews a day",
		read: wholeNumber(func(c *Config) *int { return &c.Review.ReviewsPerDay })},
	{Key: "review.day_starts_at", Default: fsrs.DefaultParameters().DayStartHour,
		Doc:  "the hour a day starts (for \"today\" and same-day reviews)",
		read: wholeNumber(func(c *Config) *int { return &c.Review.Params.DayStartHour })},
	{Key: "review.leech_lapses", Default: 8, Doc: "lapses that make a card a leech (0: never)",
		read: wholeNumber(func(c *Config) *int { return &c.Review.LeechLapses })},
	{Key: "review.device", Default: "", Shown: "host name", Doc: "the name of this machine's review log",
		read: func(v *viper.Viper, k string, c *Config) error {
			c.Review.Device = v.GetString(k)
			return nil
		}},
	{Key: "review.user", Default: "", Shown: "git's `user.email`, else the login name",
		Doc: "whose review logs these are (`.kb/reviews/<user>/`)",
		read: func(v *viper.Viper, k string, c *Config) error {
			c.Review.User = v.GetString(k)
			return nil
		}},
}

// wholeNumber reads an int setting into the field dst picks.
func wholeNumber(dst func(*Config) *int) func(*viper.Viper, string, *Config) error {
	return func(v *viper.Viper, k string, c *Config) (err error) {
		if *dst(c), err = cast.ToIntE(v.Get(k)); err != nil {
			return fmt.Errorf("%q is not a whole number", v.GetString(k))
		}
		return nil
	}
}

// setDefaults gives Viper every setting's default; a Map setting's names
// one by one, which is what lets KB_ADD_FOLDERS_LESSON override one.
func setDefaults(v *viper.Viper) {
	for _, s := range Settings {
		if m, ok := s.Default.(map[string]string); ok {
			for name, val := range m {
				v.SetDefault(s.Key+"."+name, val)
			}
			continue
		}
		v.SetDefault(s.Key, s.Default)
	}
}

// readSettings fills c from v, setting by setting, then checks what no
// single setting can: the scheduler's parameters together.
func readSettings(v *viper.Viper, c *Config) error {
	c.Review.Params = fsrs.DefaultParameters()
	c.Review.Params.Location = time.Local
	for _, s := range Settings {
		if err := s.read(v, s.Key, c); err != nil {
			if se, ok := err.(*SettingError); ok {
				return keyError(c, se.Key, se.Err)
			}
			return keyError(c, s.Key, err)
		}
	}
	if err := c.Review.Params.Validate(); err != nil {
		return keyError(c, "review", err)
	}
	for _, n := range []struct {
		key string
		v   int
	}{{"review.new_per_day", c.Review.NewPerDay}, {"review.reviews_per_day", c.Review.ReviewsPerDay}, {"review.leech_lapses", c.Review.LeechLapses}} {
		if n.v < 0 {
			return keyError(c, n.key, fmt.Errorf("%d: cannot be negative", n.v))
		}
	}
	return nil
}

// lookup finds the setting a key in a config file names: the setting
// itself, a section above settings (review), or a name under a Map
// setting (add.folders.talk). under is true for a name under a Map setting.
func lookup(key string) (s *Setting, section, under bool) {
	for i := range Settings {
		k := Settings[i].Key
		switch {
		case k == key:
			return &Settings[i], false, false
		case Settings[i].Map && strings.HasPrefix(key, k+"."):
			return &Settings[i], false, true
		case strings.HasPrefix(k, key+"."):
			section = true
		}
	}
	return nil, section, false
}
