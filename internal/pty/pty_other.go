//go:build !linux

package pty

import (
	"os"
	"os/exec"
)

// Supported is true where Open works.
const Supported = false

// Open fails: kb's pty tests run on Linux.
func Open(Size) (*Terminal, error) { return nil, ErrUnsupported }

func setCtty(*exec.Cmd) {}

func noEcho(*os.File) error { return ErrUnsupported }
