//go:build !unix

package fsutil

// noFollow: Windows links need privileges to make; callers Lstat first.
const noFollow = 0
