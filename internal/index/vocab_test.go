package index

import (
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/kb-cli/kb/internal/korean"
	"github.com/kb-cli/kb/internal/notes"
	"github.com/kb-cli/kb/internal/shared"
)

// vocabulary must list exactly what this plain version does, in the same
// order: the index holds its output.
// vocabularyPlain lists the distinct words of a note's text for the two fields,
// each field's terms separated by spaces.
func vocabularyPlain(texts ...string) (string, string) {
	var words, loans []string
	seenW, seenL, seenRaw := map[string]bool{}, map[string]bool{}, map[string]bool{}
	addLoan := func(w string) {
		for _, k := range korean.LoanKeys(w) {
			if t := strings.ToLower(k) + ":" + w; !seenL[t] {
				seenL[t] = true
				loans = append(loans, t)
			}
		}
	}
	for _, text := range texts {
		for _, f := range strings.FieldsFunc(text, func(r rune) bool {
			return !(unicode.IsLetter(r) || unicode.IsDigit(r))
		}) {
			for _, w := range scriptWords(f) {
				n := korean.Len(w)
				if n < 2 || n > maxVocabRunes {
					continue
				}
				if korean.AllHangul(w) {
					// The word and its form without a particle (쿠버네티스를 →
					// 쿠버네티스; 그대로 stays too: 로 is not always one).
					if seenRaw[w] {
						continue
					}
					seenRaw[w] = true
					forms := []string{w}
					if n >= 3 {
						if st := korean.Stems(w); len(st) > 0 && !st[0].Verb && korean.Len(st[0].Text) >= 2 {
							forms = append(forms, st[0].Text)
						}
					}
					for _, x := range forms {
						if !seenW[x] {
							seenW[x] = true
							words = append(words, x)
							addLoan(x)
						}
					}
					continue
				}
				lw := strings.ToLower(w)
				if !seenL[lw] {
					seenL[lw] = true
					addLoan(lw)
				}
			}
		}
	}
	return strings.Join(words, " "), strings.Join(loans, " ")
}

// scriptWords splits a run of letters where the script changes between
// Hangul and the rest: Swarm으로 → Swarm, 으로.
func scriptWords(s string) []string {
	var out []string
	start, prev := 0, -1
	for i, r := range s {
		h := 0
		if korean.IsSyllable(r) {
			h = 1
		}
		if prev >= 0 && h != prev {
			out = append(out, s[start:i])
			start = i
		}
		prev = h
	}
	return append(out, s[start:])
}

func TestVocabularyMatchesPlain(t *testing.T) {
	check := func(texts ...string) {
		t.Helper()
		w, l := vocabulary(texts...)
		pw, pl := vocabularyPlain(texts...)
		if w != pw || l != pl {
			t.Fatalf("vocabulary(%.60q):\n got %q\n     %q\nwant %q\n     %q", texts, w, l, pw, pl)
		}
	}
	for _, s := range foldSamples {
		check(s, s+" 쿠버네티스", "Docker DOCKER docker ÄPFEL äpfel")
	}
	if _, ok := shared.Dir(); !ok {
		t.Skip("../shared not present: checked the samples only")
	}
	n := 0
	shared.CorpusNotes(0, func(rel string, data []byte) {
		note, _ := notes.Parse(rel, data, time.Time{})
		check(note.Title, note.HeadingText, note.Body)
		n++
	})
	if n < 100 {
		t.Fatalf("only %d corpus notes", n)
	}
}
