package pty

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"

	"golang.org/x/sys/unix"
)

// Supported is true where Open works.
const Supported = true

// Open opens a new pseudo-terminal of the given size.
func Open(size Size) (*Terminal, error) {
	ctrl, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("open pty: %w", err)
	}
	fail := func(what string, err error) (*Terminal, error) {
		ctrl.Close()
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if err := unix.IoctlSetPointerInt(int(ctrl.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		return fail("unlockpt", err)
	}
	n, err := unix.IoctlGetInt(int(ctrl.Fd()), unix.TIOCGPTN)
	if err != nil {
		return fail("ptsname", err)
	}
	tty, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		return fail("open pts", err)
	}
	t := &Terminal{Ctrl: ctrl, TTY: tty}
	if size != (Size{}) {
		ws := &unix.Winsize{Row: uint16(size.Rows), Col: uint16(size.Cols)}
		if err := unix.IoctlSetWinsize(int(tty.Fd()), unix.TIOCSWINSZ, ws); err != nil {
			t.Close()
			return nil, fmt.Errorf("set size: %w", err)
		}
	}
	return t, nil
}

// setCtty makes stdin the program's controlling terminal, in a session of
// its own, as a shell does for the programs it starts.
func setCtty(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
}

func noEcho(tty *os.File) error {
	tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		return fmt.Errorf("get termios: %w", err)
	}
	tio.Lflag &^= unix.ECHO
	return unix.IoctlSetTermios(int(tty.Fd()), unix.TCSETS, tio)
}
