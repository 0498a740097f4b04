//go:build unix

package fsutil

import "syscall"

// NoFollow makes an open fail on a symbolic link instead of following it.
const NoFollow = syscall.O_NOFOLLOW
