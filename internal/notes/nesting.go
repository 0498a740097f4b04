package notes

import "bytes"

// MaxContainerColumn bounds how deep Markdown containers nest. Goldmark's
// work on a line grows with the containers open around it (block quotes, list
// items), so a line of 200,000 '>' or a list nested 2,000 deep took seconds
// to minutes to parse, under the index lock. Container markers (>, list
// bullets, the '.' or ')' of a list number) that start this many bytes or more
// into a line are blanked before parsing: at most about this many containers
// are ever open, and parsing stays linear in the note's size. Real notes nest
// a handful of levels; a marker 100 bytes in is not one of them.
const MaxContainerColumn = 100

// BoundNesting returns src with container markers at or after
// MaxContainerColumn replaced by spaces; src itself when there are none.
// Every other byte stays where it was, so offsets into the result are offsets
// into src, and blanking a marker never joins or splits a word.
func BoundNesting(src []byte) []byte {
	var out []byte // a copy, made at the first change
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		if end-start > MaxContainerColumn { // only a long line can reach the bound
			out = blankDeepMarkers(src, out, start, end)
		}
		start = end + 1
	}
	if out == nil {
		return boundInline(src)
	}
	return boundInline(out)
}

// blankDeepMarkers walks the container prefix of the line src[start:end]
// (white space and markers) and blanks, in out, the markers past the bound.
func blankDeepMarkers(src, out []byte, start, end int) []byte {
	blank := func(i int) {
		if i-start < MaxContainerColumn {
			return
		}
		if out == nil {
			out = append([]byte(nil), src...)
		}
		out[i] = ' '
	}
	// spaceAt: white space or the end of the line follows a marker.
	spaceAt := func(i int) bool { return i >= end || src[i] == ' ' || src[i] == '\t' || src[i] == '\r' }
	for i := start; i < end; {
		switch c := src[i]; {
		case c == ' ' || c == '\t':
			i++
		case c == '>':
			blank(i)
			i++
		case (c == '-' || c == '*' || c == '+') && spaceAt(i+1):
			blank(i)
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < end && j-i < 9 && src[j] >= '0' && src[j] <= '9' {
				j++
			}
			if j >= end || (src[j] != '.' && src[j] != ')') || !spaceAt(j+1) {
				return out
			}
			blank(j)
			i = j + 1
		default:
			return out
		}
	}
	return out
}
