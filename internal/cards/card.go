// Package cards finds the questions in ordinary Markdown notes: the cards
// kb quiz drills. Cards come from the same goldmark tree as everything else
// kb reads in a note (notes.Block), so a heading, code or HTML means the same
// here as in search. Nothing is ever written into a note.
package cards

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Kinds of cards, by the format they were written in.
const (
	KindHeading   = "heading"   // ## a heading ending in ?
	KindQA        = "qa"        // Q: ... A: ...
	KindInline    = "inline"    // question :: answer
	KindReversed  = "reversed"  // question ::: answer, one card each way
	KindMultiline = "multiline" // question lines, a line holding only ?, answer lines
	KindCloze     = "cloze"     // ==hidden== or {{c1::hidden}}
	KindDetails   = "details"   // <details><summary>question?</summary> answer </details>
)

// Card is one question and its answer.
type Card struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Path  string `json:"path"`
	Line  int    `json:"line"`
	Title string `json:"title"` // the note's title
	// Context is the path of headings above the card, outermost first,
	// without the note's title.
	Context  []string `json:"context"`
	Question string   `json:"question"`
	Answer   string   `json:"answer"` // Markdown, cleaned: see answer.go
	Deck     string   `json:"deck"`
	Tags     []string `json:"tags"`
}

// Breadcrumb is where the card sits: "title › heading › heading".
func (c Card) Breadcrumb() string {
	return strings.Join(append([]string{c.Title}, c.Context...), " › ")
}

// ID is a card's identity: a hash of the note's path, the headings above the
// card and its question (normalised: case, spaces, punctuation), so the same
// question in two notes, or under two headings of one note, is two cards.
// nth (from 1) tells apart the same question repeated under the same
// headings. Moving or renaming the note, or editing the question a little,
// changes the id; the quiz then links the new id to the old history (see
// reviews.FindLinks), so the history follows.
func ID(path string, context []string, question string, nth int) string {
	h := sha256.New()
	h.Write([]byte(norm.NFC.String(path)))
	h.Write([]byte{0})
	for _, c := range context {
		h.Write([]byte(Normalize(c)))
		h.Write([]byte{1})
	}
	h.Write([]byte{0})
	h.Write([]byte(Normalize(question)))
	if nth > 1 {
		h.Write([]byte{0})
		h.Write([]byte(strconv.Itoa(nth)))
	}
	return hex.EncodeToString(h.Sum(nil)[:6])
}

// LegacyID is the identity cards had before it was per note: a
// hash of the question alone. Review logs written then name cards by it;
// the quiz adopts such a history for the card it belongs to (reviews.Adopt).
func LegacyID(question string) string {
	sum := sha256.Sum256([]byte(Normalize(question)))
	return hex.EncodeToString(sum[:6])
}

// Normalize reduces a question to what identifies it.
func Normalize(q string) string {
	q = strings.ToLower(norm.NFC.String(q))
	var b strings.Builder
	space := false
	for _, r := range q {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

func isQuestion(s string) bool {
	s = strings.TrimRight(s, " \t*_")
	return strings.HasSuffix(s, "?") || strings.HasSuffix(s, "？")
}
