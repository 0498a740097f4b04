//go:build unix

package fsutil

import "syscall"

// noFollow makes an open fail on a symbolic link instead of following it.
const noFollow = syscall.O_NOFOLLOW
