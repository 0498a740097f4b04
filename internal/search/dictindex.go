package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// dictIndex finds the groups of kb's dictionary without parsing it. Every
// search loads the dictionary (thousands of groups) and looks up a few
// words; parsing it into maps cost more than the rest of a search. One pass
// over the text hashes each term's key (computed in place, no allocation)
// into an open-addressing table of line offsets; a look-up parses only the
// lines whose hash matches and checks their keys.
//
// The text must be what TestBuiltinDictionaryWellFormed checks: NFC, so
// that a term's key is its letters, digits, '+' and '#', lower-cased.
type dictIndex struct {
	text   string
	slots  []uint64 // key hash<<32 | (line offset+1); 0 is empty
	n      int      // groups
	maxLen int      // the most words in a term
}

func indexDict(text string) *dictIndex {
	d := &dictIndex{text: text}
	terms := strings.Count(text, ",") + strings.Count(text, "=") + strings.Count(text, "\n") + 1
	size := 64
	for size < 2*terms {
		size <<= 1
	}
	d.slots = make([]uint64, size)
	var hashes []uint32
	for off := 0; off < len(text); {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		line, start := text[off:end], off
		off = end + 1
		if t := strings.TrimSpace(line); t == "" || t[0] == '#' {
			continue
		}
		// The state of the term being read; plain variables, no closure, so
		// that they stay in registers: this loop is the whole cost.
		hashes = hashes[:0]
		lineMax := 0
		h, keyLen, words, inWord := uint32(hashOffset), 0, 0, false
		for i := 0; i <= len(line); {
			if i == len(line) || line[i] == ',' || line[i] == '=' {
				if keyLen > 0 {
					hashes = append(hashes, h)
					lineMax = max(lineMax, words)
				}
				h, keyLen, words, inWord = hashOffset, 0, 0, false
				i++
				continue
			}
			c := line[i]
			space := false
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '+', c == '#':
				h = (h ^ uint32(c)) * hashPrime
				keyLen++
				i++
			case c >= 'A' && c <= 'Z':
				h = (h ^ uint32(c+'a'-'A')) * hashPrime
				keyLen++
				i++
			case c < utf8.RuneSelf:
				space = c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
				i++
			case c >= 0xEA && c <= 0xED && i+2 < len(line) && isHangulSyllable(line[i:i+3]):
				h = (h ^ uint32(hangulRune(line[i:i+3]))) * hashPrime
				keyLen++
				i += 3
			default:
				r, size := utf8.DecodeRuneInString(line[i:])
				if lr := unicode.ToLower(r); unicode.IsLetter(lr) || unicode.IsNumber(lr) {
					h = (h ^ uint32(lr)) * hashPrime
					keyLen++
				}
				space = unicode.IsSpace(r)
				i += size
			}
			if !space && !inWord {
				words++
			}
			inWord = !space
		}
		if len(hashes) < 2 {
			continue // parse skips such a line too
		}
		d.n++
		d.maxLen = max(d.maxLen, lineMax)
		for _, h := range hashes {
			d.insert(h, start)
		}
	}
	return d
}

// A key's hash is FNV-1a over its runes rather than its bytes: one step per
// Hangul syllable instead of three.
const (
	hashOffset = 2166136261
	hashPrime  = 16777619
)

// isHangulSyllable reports whether the 3 bytes b encode U+AC00-U+D7A3
// (decoded by hand: utf8.DecodeRuneInString was a tenth of the scan).
func isHangulSyllable(b string) bool {
	if b[1]&0xC0 != 0x80 || b[2]&0xC0 != 0x80 {
		return false
	}
	r := hangulRune(b)
	return r >= 0xAC00 && r <= 0xD7A3
}

func hangulRune(b string) rune {
	return rune(b[0]&0x0F)<<12 | rune(b[1]&0x3F)<<6 | rune(b[2]&0x3F)
}

func hashKey(k string) uint32 {
	h := uint32(hashOffset)
	for _, r := range k {
		h = (h ^ uint32(r)) * hashPrime
	}
	return h
}

func (d *dictIndex) insert(h uint32, off int) {
	mask := uint32(len(d.slots) - 1)
	v := uint64(h)<<32 | uint64(off+1)
	for i := h & mask; ; i = (i + 1) & mask {
		if d.slots[i] == 0 {
			d.slots[i] = v
			return
		}
	}
}

// groups calls yield with the terms of each group that has a term of key k,
// in the order of the text.
func (d *dictIndex) groups(k string, yield func(terms []string)) {
	if k == "" {
		return
	}
	h := hashKey(k)
	mask := uint32(len(d.slots) - 1)
	var lines []int
	for i := h & mask; d.slots[i] != 0; i = (i + 1) & mask {
		if v := d.slots[i]; uint32(v>>32) == h {
			if off := int(uint32(v)) - 1; !slices.Contains(lines, off) {
				lines = append(lines, off)
			}
		}
	}
	slices.Sort(lines)
	for _, off := range lines {
		line := d.text[off:]
		if end := strings.IndexByte(line, '\n'); end >= 0 {
			line = line[:end]
		}
		if terms, keys := lineTerms(strings.TrimSpace(line)); slices.Contains(keys, k) {
			yield(terms)
		}
	}
}
