package picker

import (
	"bufio"
	"os"

	"golang.org/x/term"

	"github.com/kb-cli/kb/internal/ansi"
)

// Run draws m on the terminal tty (kb opens /dev/tty, so the picker works
// with stdout piped) in the alternate screen and handles keys until Enter on
// a hit (returned, true) or Esc (false). The terminal is restored on return.
func Run(tty *os.File, m *Model, st Style) (Item, bool, error) {
	fd := int(tty.Fd())
	old, err := term.MakeRaw(fd)
	if err != nil {
		return Item{}, false, err
	}
	w := bufio.NewWriter(tty)
	w.WriteString(ansi.AltScreen)
	defer func() {
		w.WriteString(ansi.MainScreen)
		w.Flush()
		term.Restore(fd, old)
	}()
	draw := func() int {
		width, height, err := term.GetSize(fd)
		if err != nil || width <= 0 || height <= 0 {
			width, height = 80, 24 // a terminal that does not say (a bare pty)
		}
		w.WriteString(ansi.Home)
		for i, l := range m.Render(width, height, st) {
			if i > 0 {
				w.WriteString("\r\n")
			}
			w.WriteString(l)
			w.WriteString(ansi.ClearLine)
		}
		w.WriteString(ansi.ClearScreen)
		w.Flush()
		return max(3, (height-3)/3)
	}
	rows := draw()
	buf := make([]byte, 256)
	var rest []byte
	for {
		n, err := tty.Read(buf)
		if err != nil {
			return Item{}, false, err
		}
		var keys []Key
		keys, rest = Decode(append(rest, buf[:n]...))
		// Drawn after every key, pasted text too: what the screen shows is
		// then what each key did, for the user and for the tests.
		for _, k := range keys {
			switch m.Handle(k, rows) {
			case Open:
				it, _ := m.Selected()
				return it, true, nil
			case Quit:
				return Item{}, false, nil
			}
			rows = draw()
		}
	}
}
