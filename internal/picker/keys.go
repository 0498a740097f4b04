package picker

import "unicode/utf8"

// Key is one key press the picker acts on.
type Key struct {
	Kind KeyKind
	Rune rune // for Char
}

// KeyKind names the keys the picker knows; anything else is ignored.
type KeyKind int

const (
	Char KeyKind = iota
	Up
	Down
	PageUp
	PageDown
	Enter
	Backspace
	DeleteWord // Ctrl-W
	Clear      // Ctrl-U
	Esc
	Interrupt // Ctrl-C
	Ignored
)

// Decode splits what the terminal sent into keys. A terminal sends an escape
// sequence (an arrow) in one write, so an ESC that ends the input, or is
// followed by anything but '[' or 'O', is the Esc key itself. Text arrives
// as UTF-8: an input method sends each Hangul syllable once composed, so a
// rune is a whole key; a rune cut at the end of the input is returned as rest
// for the next read.
func Decode(b []byte) (keys []Key, rest []byte) {
	for len(b) > 0 {
		c := b[0]
		switch {
		case c == 0x1b:
			if len(b) >= 3 && (b[1] == '[' || b[1] == 'O') {
				n, k := csi(b)
				keys = append(keys, k)
				b = b[n:]
				continue
			}
			keys = append(keys, Key{Kind: Esc})
			b = b[1:]
			continue
		case c == '\r' || c == '\n':
			keys = append(keys, Key{Kind: Enter})
		case c == 0x7f || c == 0x08:
			keys = append(keys, Key{Kind: Backspace})
		case c == 0x03:
			keys = append(keys, Key{Kind: Interrupt})
		case c == 0x10: // Ctrl-P
			keys = append(keys, Key{Kind: Up})
		case c == 0x0e: // Ctrl-N
			keys = append(keys, Key{Kind: Down})
		case c == 0x15:
			keys = append(keys, Key{Kind: Clear})
		case c == 0x17:
			keys = append(keys, Key{Kind: DeleteWord})
		case c < 0x20:
			keys = append(keys, Key{Kind: Ignored})
		default:
			if !utf8.FullRune(b) {
				return keys, b
			}
			r, n := utf8.DecodeRune(b)
			keys = append(keys, Key{Kind: Char, Rune: r})
			b = b[n:]
			continue
		}
		b = b[1:]
	}
	return keys, nil
}

// csi reads an escape sequence: ESC [ A, ESC O B, ESC [ 5 ~ and the like.
func csi(b []byte) (int, Key) {
	i := 2
	for i < len(b) && (b[i] < 0x40 || b[i] > 0x7e) {
		i++
	}
	if i == len(b) {
		return len(b), Key{Kind: Ignored}
	}
	k := Key{Kind: Ignored}
	switch string(b[2 : i+1]) {
	case "A":
		k.Kind = Up
	case "B":
		k.Kind = Down
	case "5~":
		k.Kind = PageUp
	case "6~":
		k.Kind = PageDown
	}
	return i + 1, k
}
