package config

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/kb-cli/kb/internal/fsutil"
	"github.com/kb-cli/kb/internal/kb"
)

// Fitted describes parameters fitted to the user's reviews.
type Fitted struct {
	Weights [21]float64
	On      string // the date of the fit, YYYY-MM-DD
	Reviews int    // how many reviews they were fitted to
}

// WeightsText is how weights are written: four decimals, as Anki shows them.
func WeightsText(w [21]float64) string {
	parts := make([]string, len(w))
	for i, v := range w {
		parts[i] = strconv.FormatFloat(math.Round(v*10000)/10000, 'f', -1, 64)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// SaveFitted stores fitted parameters in the knowledge base's config file
// as review.weights, review.weights_fitted_on and review.weights_fitted_reviews.
// Only those keys' lines change: comments, other keys and their layout
// stay byte for byte. The file is replaced atomically, never through a
// symlink.
func SaveFitted(root string, f Fitted) error {
	path := kb.At(root).Config()
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return &FileError{Path: path, Msg: "cannot read: " + fsutil.BareError(err)}
	}
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return &FileError{Path: path, Msg: "is a symbolic link; kb does not write through it"}
	}
	out, err := setReviewKeys(data, []keyValue{
		{"weights", WeightsText(f.Weights)},
		{"weights_fitted_on", strconv.Quote(f.On)},
		{"weights_fitted_reviews", strconv.Itoa(f.Reviews)},
	})
	if err != nil {
		return &FileError{Path: path, Msg: err.Error()}
	}
	return fsutil.WriteFileAtomic(path, out, 0o644)
}

type keyValue struct{ key, value string }

// setReviewKeys sets keys under the top-level review mapping of a YAML
// document, editing its text line by line, and checks that the result reads
// back with those keys set and everything else as it was.
func setReviewKeys(data []byte, kvs []keyValue) ([]byte, error) {
	nl := "\n"
	if bytes.Contains(data, []byte("\r\n")) {
		nl = "\r\n"
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	var lines []string
	if text != "" {
		lines = strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("invalid YAML: %v", err)
	}
	var top *yaml.Node
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		top = doc.Content[0]
	}
	if top != nil && top.Kind != yaml.MappingNode {
		return nil, errors.New("is not a mapping of settings")
	}
	reviewKey, review := child(top, "review")
	switch {
	case reviewKey == nil:
		add := []string{"review:"}
		for _, kv := range kvs {
			add = append(add, "  "+kv.key+": "+kv.value)
		}
		lines = append(lines, add...)
	case review.Kind == yaml.ScalarNode && review.Tag == "!!null" && review.Line == reviewKey.Line &&
		strings.TrimSpace(lines[reviewKey.Line-1][reviewKey.Column-1:]) == reviewKey.Value+":":
		// "review:" with nothing under it.
		indent := strings.Repeat(" ", reviewKey.Column-1+2)
		var add []string
		for _, kv := range kvs {
			add = append(add, indent+kv.key+": "+kv.value)
		}
		lines = insert(lines, reviewKey.Line, add)
	case review.Kind != yaml.MappingNode || review.Style&yaml.FlowStyle != 0:
		return nil, errors.New("review is not a block of settings kb can edit; set review.weights by hand")
	default:
		indent := strings.Repeat(" ", review.Content[0].Column-1)
		// Bottom-up, so earlier line numbers stay valid: replace the keys
		// that exist, then add the others at the end of the review block.
		type edit struct {
			from, to int // 0-based, to exclusive
			with     []string
		}
		var edits []edit
		var missing []string
		for _, kv := range kvs {
			k, _ := child(review, kv.key)
			if k == nil {
				missing = append(missing, indent+kv.key+": "+kv.value)
				continue
			}
			end := blockEnd(lines, k.Line-1, k.Column-1)
			edits = append(edits, edit{k.Line - 1, end, []string{lines[k.Line-1][:k.Column-1] + k.Value + ": " + kv.value}})
		}
		if len(missing) > 0 {
			end := blockEnd(lines, reviewKey.Line-1, reviewKey.Column-1)
			edits = append(edits, edit{end, end, missing})
		}
		sort.Slice(edits, func(i, j int) bool { return edits[i].from > edits[j].from })
		for _, e := range edits {
			lines = append(lines[:e.from], append(append([]string{}, e.with...), lines[e.to:]...)...)
		}
	}
	out := []byte(strings.Join(lines, nl) + nl)
	if text != "" && !strings.HasSuffix(text, "\n") && strings.HasSuffix(text, lines[len(lines)-1]) {
		out = out[:len(out)-len(nl)] // the last line was not touched: keep it without its newline
	}
	if err := sameExceptReview(data, out, kvs); err != nil {
		return nil, err
	}
	return out, nil
}

// child finds key in a mapping node (any case, as Viper reads keys).
func child(m *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if strings.EqualFold(m.Content[i].Value, key) {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// blockEnd is the line after the value of the key on line i (0-based) at
// indent: the lines indented deeper, or list items at the same indent, up to
// the last one that is not blank.
func blockEnd(lines []string, i, indent int) int {
	end := i + 1
	for j := i + 1; j < len(lines); j++ {
		t := strings.TrimLeft(lines[j], " ")
		if t == "" {
			continue
		}
		in := len(lines[j]) - len(t)
		if in > indent || (in == indent && (t == "-" || strings.HasPrefix(t, "- "))) {
			end = j + 1
			continue
		}
		break
	}
	return end
}

func insert(lines []string, at int, add []string) []string {
	return append(lines[:at], append(append([]string{}, add...), lines[at:]...)...)
}

// sameExceptReview checks an edit: the new text sets the keys to the values
// written, and every other setting reads as before.
func sameExceptReview(before, after []byte, kvs []keyValue) error {
	var a, b map[string]any
	if err := yaml.Unmarshal(before, &a); err != nil {
		return err
	}
	if err := yaml.Unmarshal(after, &b); err != nil {
		return fmt.Errorf("editing it would break it (%v); set review.weights by hand", err)
	}
	if a == nil {
		a = map[string]any{}
	}
	review, _ := b["review"].(map[string]any)
	for _, kv := range kvs {
		var want any
		_ = yaml.Unmarshal([]byte(kv.value), &want)
		if review == nil || !reflect.DeepEqual(review[kv.key], want) {
			return fmt.Errorf("could not set review.%s safely; set it by hand", kv.key)
		}
		delete(review, kv.key)
	}
	old, _ := a["review"].(map[string]any)
	for _, kv := range kvs {
		delete(old, kv.key)
	}
	if len(old) == 0 && len(review) == 0 {
		// "review:" alone reads as null; with only these keys, as a mapping.
		delete(a, "review")
		delete(b, "review")
	}
	if !reflect.DeepEqual(a, b) {
		return errors.New("could not edit it without changing other settings; set review.weights by hand")
	}
	return nil
}
