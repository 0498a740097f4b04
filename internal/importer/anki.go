package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/kb-cli/kb/internal/notes"
	"github.com/kb-cli/kb/internal/reviews"
)

// ankiHeader is what the "#key:value" lines at the top of an Anki text
// export say about the rows under them.
type ankiHeader struct {
	Sep         rune
	HTML        bool
	TagsCol     int // 1-based; 0 when there is none
	DeckCol     int
	NotetypeCol int
	GUIDCol     int
	Deck        string   // #deck: every row's deck
	Tags        []string // #tags: added to every row
	Lines       int      // header lines read
}

// HeaderError is a header line kb cannot read.
type HeaderError struct {
	Line int
	Msg  string
}

func (e *HeaderError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

var ankiSeparators = map[string]rune{"tab": '\t', "comma": ',', "semicolon": ';', "space": ' ', "pipe": '|', "colon": ':'}

// parseAnkiHeader reads the header lines at the start of text. Without a
// #separator line the rows are tab-separated, as Anki wrote them before it
// had headers.
func parseAnkiHeader(text string) (ankiHeader, error) {
	h := ankiHeader{Sep: '\t', HTML: true}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if !strings.HasPrefix(line, "#") {
			break
		}
		h.Lines = n + 1
		key, val, ok := strings.Cut(line[1:], ":")
		if !ok {
			return h, &HeaderError{n + 1, fmt.Sprintf("%q is not a #key:value header line", line)}
		}
		key, val = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(val)
		col := func(dst *int) error {
			c, err := strconv.Atoi(val)
			if err != nil || c < 1 || c > 1000 {
				return &HeaderError{n + 1, fmt.Sprintf("#%s: %q is not a column number", key, val)}
			}
			*dst = c
			return nil
		}
		var err error
		switch key {
		case "separator":
			if r, ok := ankiSeparators[strings.ToLower(val)]; ok {
				h.Sep = r
			} else if rs := []rune(val); len(rs) == 1 && rs[0] != '"' && rs[0] != '\n' && rs[0] != '\r' && rs[0] != utf8.RuneError {
				h.Sep = rs[0]
			} else {
				err = &HeaderError{n + 1, fmt.Sprintf("#separator: %q is not a separator Anki writes", val)}
			}
		case "html":
			b, perr := strconv.ParseBool(val)
			if perr != nil {
				err = &HeaderError{n + 1, fmt.Sprintf("#html: %q is not true or false", val)}
			}
			h.HTML = b
		case "tags column":
			err = col(&h.TagsCol)
		case "deck column":
			err = col(&h.DeckCol)
		case "notetype column":
			err = col(&h.NotetypeCol)
		case "guid column":
			err = col(&h.GUIDCol)
		case "deck":
			h.Deck = val
		case "tags":
			h.Tags = strings.Fields(val)
		default:
			// #notetype, #columns, #if matches and those of later versions
			// say nothing kb needs.
		}
		if err != nil {
			return h, err
		}
	}
	return h, nil
}

type ankiCard struct{ Q, A string }

type ankiDeck struct {
	name  string
	cards []ankiCard
	tags  []string
}

// Anki plans the import of an Anki "Notes in Plain Text" export: a note for
// each deck, a Q:/A: card for each Anki note, into folder.
func Anki(file, folder string, limits Limits) (*Plan, error) {
	fi, err := os.Stat(file)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", file, unwrap(err))
	}
	if fi.IsDir() || fi.Size() > limits.MaxFileSize {
		return nil, fmt.Errorf("%s is not an Anki text export (a file up to %d MiB)", file, limits.MaxFileSize>>20)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	text := norm.NFC.String(string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	h, err := parseAnkiHeader(text)
	if err != nil {
		return nil, fmt.Errorf("%s:%w", file, err)
	}
	body := text
	for i := 0; i < h.Lines; i++ {
		_, body, _ = strings.Cut(body, "\n")
	}
	r := csv.NewReader(strings.NewReader(body))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = h.Sep, -1, true
	source := filepath.Base(file)
	defaultDeck := h.Deck
	if defaultDeck == "" {
		defaultDeck = strings.TrimSuffix(source, filepath.Ext(source))
	}
	p := &Plan{Kind: "anki"}
	decks := map[string]*ankiDeck{}
	var order []string
	for {
		row, err := r.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			line, _ := r.FieldPos(0)
			return nil, fmt.Errorf("%s:%d: %v", file, h.Lines+line, err)
		}
		line, _ := r.FieldPos(0)
		at := fmt.Sprintf("%s:%d", source, h.Lines+line)
		deck, tags, fields := defaultDeck, h.Tags, []string(nil)
		for i, f := range row {
			switch i + 1 {
			case h.DeckCol:
				if f != "" {
					deck = f
				}
			case h.TagsCol:
				tags = append(append([]string{}, tags...), strings.Fields(f)...)
			case h.NotetypeCol, h.GUIDCol:
			default:
				fields = append(fields, f)
			}
		}
		card, ok := ankiToCard(fields, h.HTML)
		if !ok {
			p.Skipped = append(p.Skipped, Skip{Source: at, Reason: "no question and answer in it"})
			continue
		}
		d := decks[deck]
		if d == nil {
			d = &ankiDeck{name: deck}
			decks[deck] = d
			order = append(order, deck)
		}
		d.cards = append(d.cards, card)
		d.tags = appendTags(d.tags, tags)
	}
	for _, name := range order {
		d := decks[name]
		parts := strings.Split(name, "::")
		dir := folder
		for _, part := range parts[:len(parts)-1] {
			if s := notes.Slug(part); s != "" {
				dir = path.Join(dir, s)
			}
		}
		title := noControls(parts[len(parts)-1])
		if title == "" {
			title = "Anki"
		}
		slug := notes.Slug(title)
		if slug == "" {
			slug = "deck"
		}
		h := notes.Header{Title: title, Tags: d.tags, Extra: [][2]string{{"deck", name}}}
		body := deckBody(d.cards)
		p.Items = append(p.Items, &Item{Source: source + "#" + name, Want: path.Join(dir, slug+".md"), Title: title, Note: true,
			Render: func(func(string) string) ([]byte, []reviews.Event, error) {
				return notes.ComposeHeader(h, body), nil, nil
			}})
	}
	return p, nil
}

var clozeRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{\{c\d+::(.*?)(?:::(.*?))?\}\}`) })

// ankiToCard makes a card of an Anki note's fields: the first is the
// question, the second the answer; a cloze note asks its text with the
// deletions hidden and answers it whole.
func ankiToCard(fields []string, isHTML bool) (ankiCard, bool) {
	conv := func(s string) string {
		if isHTML {
			return htmlToMarkdown(s)
		}
		return strings.TrimSpace(s)
	}
	if len(fields) == 0 {
		return ankiCard{}, false
	}
	front := conv(fields[0])
	if clozeRE().MatchString(front) {
		q := clozeRE().ReplaceAllStringFunc(front, func(m string) string {
			if hint := clozeRE().FindStringSubmatch(m)[2]; hint != "" {
				return "[" + hint + "]"
			}
			return "[...]"
		})
		a := clozeRE().ReplaceAllString(front, "**$1**")
		if len(fields) > 1 && strings.TrimSpace(fields[1]) != "" {
			a += "\n\n" + conv(fields[1])
		}
		return ankiCard{Q: q, A: a}, true
	}
	if len(fields) < 2 {
		return ankiCard{}, false
	}
	back := conv(fields[1])
	if front == "" || back == "" {
		return ankiCard{}, false
	}
	return ankiCard{Q: front, A: back}, true
}

// deckBody writes the cards so that kb reads each back as one: no blank
// line inside a question or an answer, nothing that would start a heading
// or another card.
func deckBody(cs []ankiCard) string {
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString("Q: " + strings.Join(cardLines(c.Q), "\n") + "\n")
		b.WriteString("A: " + strings.Join(cardLines(c.A), "\n") + "\n")
	}
	return b.String()
}

var cardBreakRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:\*\*)?[QqAa][:：]|^#`) })

func cardLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if len(out) > 0 && cardBreakRE().MatchString(strings.TrimSpace(l)) {
			l = `\` + strings.TrimSpace(l)
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		return []string{""}
	}
	return out
}
