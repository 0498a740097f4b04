package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// Every setting is whole: a key in lower case, a line of doc, a read, and
// keys that neither repeat nor nest in one another (but for a Map's names).
func TestSettingsTable(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Settings {
		if s.Key != strings.ToLower(s.Key) || strings.Contains(s.Doc, "\n") || s.Doc == "" || s.read == nil {
			t.Errorf("%s: key, doc or read", s.Key)
		}
		if seen[s.Key] {
			t.Errorf("%s twice", s.Key)
		}
		seen[s.Key] = true
		for _, o := range Settings {
			if strings.HasPrefix(o.Key, s.Key+".") {
				t.Errorf("%s is under %s", o.Key, s.Key)
			}
		}
		if st, section, under := lookup(s.Key); st == nil || st.Key != s.Key || section || under {
			t.Errorf("lookup(%s) = %v %v %v", s.Key, st, section, under)
		}
	}
	for _, c := range []struct {
		key            string
		found, section bool
	}{{"review", false, true}, {"add", false, true}, {"add.folders.talk", true, false}, {"reviews", false, false},
		{"index.max_file_sise", false, false}, {"index.max_file_size.x", false, false}} {
		st, section, _ := lookup(c.key)
		if (st != nil) != c.found || section != c.section {
			t.Errorf("lookup(%s): %v %v", c.key, st, section)
		}
	}
}

// The README's table of settings is the one MarkdownTable writes.
func TestREADMEInSync(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	start := strings.Index(text, "| key | default | meaning |\n")
	if start < 0 {
		t.Fatal("README.md has no table of settings (| key | default | meaning |)")
	}
	end := strings.Index(text[start:], "\n\n")
	if end < 0 {
		end = len(text) - start
	}
	if got, want := text[start:start+end+1], MarkdownTable(); got != want {
		t.Errorf("README.md's table of settings is not the table in internal/config/settings.go; replace it with:\n%s", want)
	}
}

// kb init's template changes nothing as written, and with every # taken off
// is a config kb reads without a warning, to the same settings.
func TestTemplate(t *testing.T) {
	tmpl := Template()
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(tmpl), &doc); err != nil || len(doc) != 0 {
		t.Fatalf("as written: %v %v", doc, err)
	}
	// kb optimize --write can add its keys to it.
	if out, err := setReviewKeys([]byte(tmpl), kvs); err != nil || !strings.HasPrefix(string(out), tmpl) {
		t.Errorf("kb optimize --write on the template: %v\n%s", err, out)
	}
	var lines []string
	for _, l := range strings.Split(tmpl, "\n") {
		if rest, ok := strings.CutPrefix(l, "# "); ok && !strings.HasPrefix(strings.TrimSpace(rest), "#") &&
			(strings.HasPrefix(rest, " ") || strings.HasSuffix(rest, ":")) {
			lines = append(lines, rest)
		}
	}
	uncommented := strings.Join(lines, "\n") + "\n"
	for _, s := range Settings {
		name := s.Key[strings.LastIndex(s.Key, ".")+1:]
		if in := strings.Contains(uncommented, " "+name+":"); in != (s.UserOnly == "") {
			t.Errorf("%s in the template: %v", s.Key, in)
		}
	}

	f := newFixture(t)
	defaults, err := f.load(t, f.kbRoot)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(f.kbRoot, ".kb", "config.yaml"), uncommented)
	c, err := f.load(t, f.kbRoot)
	if err != nil {
		t.Fatalf("%v\n%s", err, uncommented)
	}
	if len(c.Warnings) != 0 {
		t.Errorf("warnings %q\n%s", c.Warnings, uncommented)
	}
	c.Files, defaults.Files = nil, nil
	if !reflect.DeepEqual(c, defaults) {
		t.Errorf("uncommented template:\n%+v\ndefaults:\n%+v", c, defaults)
	}
}

// Unknown keys come sorted by line and key, whatever the map order.
func TestUnknownKeysSorted(t *testing.T) {
	f := newFixture(t)
	p := filepath.Join(f.kbRoot, ".kb", "config.yaml")
	write(t, p, "zeta: 1\nreview: {fuzz: true, zz: 1, aa: 2}\nalpha: 2\n")
	for i := 0; i < 5; i++ {
		c, err := f.load(t, f.kbRoot)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{p + ":1: unknown setting zeta (ignored)", p + ":2: unknown setting review.aa (ignored)",
			p + ":2: unknown setting review.zz (ignored)", p + ":3: unknown setting alpha (ignored)"}
		if !reflect.DeepEqual(c.Warnings, want) {
			t.Fatalf("warnings %q", c.Warnings)
		}
	}
}

// Settings checked one by one name the key that is wrong.
func TestBadValueNamesKey(t *testing.T) {
	f := newFixture(t)
	p := filepath.Join(f.kbRoot, ".kb", "config.yaml")
	for body, key := range map[string]string{
		"review:\n  new_per_day: -1\n":                 "review.new_per_day",
		"review:\n  max_interval: lots\n":              "review.max_interval",
		"review:\n  learning_steps: [1m, soon]\n":      "review.learning_steps",
		"review:\n  weights: [1, 2]\n":                 "review.weights",
		"index:\n  lock_timeout: -3s\n":                "index.lock_timeout",
		"add:\n  folders:\n    b: ../x\n    a: /abs\n": "add.folders.a", // the first by name, every time
	} {
		write(t, p, body)
		_, err := f.load(t, f.kbRoot)
		var se *SettingError
		if !errorsAs(err, &se) || se.Key != key {
			t.Errorf("%q: %v, want an error for %s", body, err, key)
		}
	}
}

func errorsAs(err error, se **SettingError) bool { return errors.As(err, se) }
