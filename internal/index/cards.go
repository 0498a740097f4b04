package index

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"sort"

	"github.com/kb-cli/kb/internal/cards"
	"github.com/kb-cli/kb/internal/fsutil"
)

// The cards of every note are found while indexing (the note is parsed then
// anyway) and kept in a file beside the manifest, so quiz commands start
// without parsing 10k notes. Like the index it is a cache: written before the
// manifest, it is never older than the manifest says.
func (ix *Index) cardsPath() string { return ix.lay.CardData() }

type cardFile struct {
	Schema int
	Notes  map[string][]cards.Card
}

// cardsMagic names the card cache's format; the file is sealed with a checksum.
const cardsMagic = "kb-cards\x00"

func (ix *Index) loadCards() (map[string][]cards.Card, error) {
	data, err := os.ReadFile(ix.cardsPath())
	if errors.Is(err, os.ErrNotExist) {
		return map[string][]cards.Card{}, errNoCards
	}
	if err != nil {
		return nil, err
	}
	body, err := fsutil.Unseal(cardsMagic, data)
	if err != nil {
		return map[string][]cards.Card{}, cardsDamaged("the card cache is damaged (" + err.Error() + ")")
	}
	var cf cardFile
	if err := gob.NewDecoder(bytes.NewReader(body)).Decode(&cf); err != nil || cf.Schema != SchemaVersion {
		return map[string][]cards.Card{}, cardsDamaged("the card cache is damaged (unreadable or outdated)")
	}
	if cf.Notes == nil {
		cf.Notes = map[string][]cards.Card{}
	}
	return cf.Notes, nil
}

var errNoCards = errors.New("the card cache is missing")

// cardsDamaged is an errNoCards that says what is wrong with the file.
type cardsDamaged string

func (e cardsDamaged) Error() string        { return string(e) }
func (e cardsDamaged) Is(target error) bool { return target == errNoCards }

func (ix *Index) saveCards(notes map[string][]cards.Card) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(cardFile{Schema: SchemaVersion, Notes: notes}); err != nil {
		return err
	}
	return fsutil.WriteFileAtomic(ix.cardsPath(), fsutil.Seal(cardsMagic, buf.Bytes()), 0o644)
}

// Cards returns every card in the knowledge base, by path and line, after
// bringing the index up to date.
func (ix *Index) Cards() ([]cards.Card, error) {
	if _, err := ix.Refresh(); err != nil {
		return nil, err
	}
	if ix.ro != nil {
		return sortCards(ix.ro.cards), nil
	}
	byNote, err := ix.loadCards()
	if errors.Is(err, errNoCards) && ix.Count() > 0 {
		ix.opts.Warn(err.Error() + "; rebuilding the index from the notes")
		if err := ix.rebuild(); err != nil {
			return nil, err
		}
		if ix.ro != nil { // a read-only disk: the notes were read anew
			return sortCards(ix.ro.cards), nil
		}
		byNote, err = ix.loadCards()
	}
	if err != nil && !errors.Is(err, errNoCards) {
		return nil, fmt.Errorf("reading the card cache: %w", err)
	}
	return sortCards(byNote), nil
}

// sortCards lists the cards of every note by path and line.
func sortCards(byNote map[string][]cards.Card) []cards.Card {
	var out []cards.Card
	for _, cs := range byNote {
		out = append(out, cs...)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Line < out[j].Line
	})
	return out
}
