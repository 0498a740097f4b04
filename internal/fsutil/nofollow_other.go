//go:build !unix

package fsutil

// NoFollow: Windows links need privileges to make; callers Lstat first.
const NoFollow = 0
