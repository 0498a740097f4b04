package notes

import "bytes"

// MaxInlineDelimiters bounds the link and emphasis delimiters Goldmark
// matches against each other in one paragraph. Its inline parser pairs them
// in time that grows with the square of their number: 80 KB of "[a](" took
// 6 s, "*a_" 4 s. Past this many in a paragraph, delimiters are blanked, so
// a paragraph costs at most a few milliseconds and a note's parse stays
// linear in its size. A real paragraph has a few dozen; a list of hundreds of
// links is still far below.
const MaxInlineDelimiters = 2048

// inlineDelimiter are the bytes that open or close links, images, autolinks
// and emphasis.
func inlineDelimiter(c byte) bool {
	switch c {
	case '[', ']', '(', ')', '<', '>', '*', '_', '!':
		return true
	}
	return false
}

// boundInline blanks, in each paragraph of src outside fenced code, the
// inline delimiters past MaxInlineDelimiters. Like BoundNesting it keeps every
// other byte in place and returns src itself when nothing changes. A
// paragraph here is a run of lines up to a blank line or a line that starts a
// block (list item, heading, quote), which is never longer than Goldmark's.
func boundInline(src []byte) []byte {
	var out []byte
	count := 0
	fence := false
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		line := bytes.TrimLeft(src[start:end], " \t")
		switch {
		case bytes.HasPrefix(line, []byte("```")) || bytes.HasPrefix(line, []byte("~~~")):
			fence = !fence
			count = 0
		case fence:
		case len(bytes.TrimSpace(line)) == 0 || startsBlock(line):
			count = 0
		}
		if !fence {
			for i := start; i < end; i++ {
				if !inlineDelimiter(src[i]) {
					continue
				}
				if count++; count > MaxInlineDelimiters {
					if out == nil {
						out = append([]byte(nil), src...)
					}
					out[i] = ' '
				}
			}
		}
		start = end + 1
	}
	if out == nil {
		return src
	}
	return out
}

// startsBlock reports whether a line (without its indent) starts a block of
// its own: a heading, a quote or a list item.
func startsBlock(line []byte) bool {
	switch {
	case line[0] == '#' || line[0] == '>':
		return true
	case len(line) > 1 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ':
		return true
	}
	i := 0
	for i < len(line) && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(line) && (line[i] == '.' || line[i] == ')') && line[i+1] == ' '
}
