package reviews

import (
	"encoding/json"
	"errors"
	"strconv"
	"time"
	"unicode/utf8"
)

// parseEvent decodes one log line. kb writes flat objects of strings and
// integers, which this reads about five times faster than encoding/json,
// and that is most of the start-up of kb quiz with a big log. Anything it
// does not expect goes to encoding/json, so no valid line is misread.
func parseEvent(line []byte) (Event, error) {
	if e, ok := parseFlat(line); ok {
		return e, nil
	}
	var e Event
	err := json.Unmarshal(line, &e)
	return e, err
}

var errFlat = errors.New("not flat")

func parseFlat(b []byte) (Event, bool) {
	var e Event
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return e, false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return e, skipSpace(b, i+1) == len(b)
	}
	for {
		key, j, err := readString(b, i)
		if err != nil {
			return e, false
		}
		j = skipSpace(b, j)
		if j >= len(b) || b[j] != ':' {
			return e, false
		}
		j = skipSpace(b, j+1)
		if j >= len(b) {
			return e, false
		}
		if b[j] == '"' {
			val, k, err := readString(b, j)
			if err != nil {
				return e, false
			}
			switch key {
			case "id":
				e.ID = val
			case "card":
				e.Card = val
			case "kind":
				e.Kind = val
			case "target":
				e.Target = val
			case "q":
				e.Question = val
			case "p":
				e.Path = val
			case "ctx":
				e.Context = val
			case "at", "due":
				t, err := time.Parse(time.RFC3339Nano, val)
				if err != nil {
					return e, false
				}
				if key == "at" {
					e.At = t
				} else {
					e.Due = t
				}
			default:
				return e, false // a field kb does not know: let encoding/json decide
			}
			j = k
		} else {
			k := j
			for k < len(b) && (b[k] == '-' || (b[k] >= '0' && b[k] <= '9')) {
				k++
			}
			n, err := strconv.ParseInt(string(b[j:k]), 10, 64)
			if err != nil {
				return e, false
			}
			switch key {
			case "rating":
				e.Rating = int(n)
			case "ms":
				e.Duration = n
			case "ivl":
				e.Interval = int(n)
			case "ease":
				e.Ease = int(n)
			default:
				return e, false
			}
			j = k
		}
		j = skipSpace(b, j)
		if j < len(b) && b[j] == ',' {
			i = skipSpace(b, j+1)
			continue
		}
		if j < len(b) && b[j] == '}' {
			return e, skipSpace(b, j+1) == len(b)
		}
		return e, false
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// readString reads a JSON string at b[i]; escapes go through strconv.
func readString(b []byte, i int) (string, int, error) {
	if i >= len(b) || b[i] != '"' {
		return "", i, errFlat
	}
	escaped := false
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '\\':
			escaped = true
			j++
		case c == '"':
			raw := b[i+1 : j]
			if !escaped {
				if !utf8.Valid(raw) {
					return "", i, errFlat
				}
				return string(raw), j + 1, nil
			}
			var s string
			if err := json.Unmarshal(b[i:j+1], &s); err != nil {
				return "", i, err
			}
			return s, j + 1, nil
		case c < 0x20:
			return "", i, errFlat
		}
	}
	return "", i, errFlat
}
