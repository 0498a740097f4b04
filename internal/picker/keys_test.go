package picker

import (
	"reflect"
	"testing"
)

func TestDecode(t *testing.T) {
	in := []byte("스레\x1b[A\x1b[Bx\x7f\r\x1bq\x1b[5~\x15\x03")
	keys, rest := Decode(in)
	want := []Key{{Char, '스'}, {Char, '레'}, {Kind: Up}, {Kind: Down}, {Char, 'x'}, {Kind: Backspace}, {Kind: Enter},
		{Kind: Esc}, {Char, 'q'}, {Kind: PageUp}, {Kind: Clear}, {Kind: Interrupt}}
	if !reflect.DeepEqual(keys, want) || rest != nil {
		t.Errorf("keys %v rest %q", keys, rest)
	}
	// A syllable cut between two reads waits for its other bytes.
	b := []byte("드")
	keys, rest = Decode(b[:2])
	if len(keys) != 0 || len(rest) != 2 {
		t.Errorf("cut rune: %v %q", keys, rest)
	}
	keys, _ = Decode(append(rest, b[2:]...))
	if !reflect.DeepEqual(keys, []Key{{Char, '드'}}) {
		t.Errorf("joined: %v", keys)
	}
	if keys, _ := Decode([]byte{0x1b}); !reflect.DeepEqual(keys, []Key{{Kind: Esc}}) {
		t.Errorf("lone ESC: %v", keys)
	}
}
