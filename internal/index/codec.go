package index

import (
	"encoding/binary"
	"errors"
)

// The files beside the Bleve index (manifest, journal, titles, cards) are
// flat binary: varints and length-prefixed strings. They are read before
// every command, so decoding must not allocate per field: a reader walks one
// string, and the strings it returns are slices of it.

// encoder appends the fields of a record to a buffer.
type encoder struct{ b []byte }

func (e *encoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) varint(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) str(s string)     { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) u64(v uint64)     { e.b = binary.LittleEndian.AppendUint64(e.b, v) }

func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// reader decodes what an encoder wrote; the first error sticks and every
// later read returns zero values.
type reader struct {
	s   string
	err error
}

var errTruncated = errors.New("truncated")

func (r *reader) fail() {
	r.err = errTruncated
	r.s = ""
}

func (r *reader) uvarint() uint64 {
	var v uint64
	for i := 0; i < len(r.s) && i < binary.MaxVarintLen64; i++ {
		c := r.s[i]
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			r.s = r.s[i+1:]
			return v
		}
	}
	r.fail()
	return 0
}

func (r *reader) varint() int64 {
	u := r.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

// bytes returns the next n bytes, as a slice of the input.
func (r *reader) bytes(n uint64) string {
	if n > uint64(len(r.s)) {
		r.fail()
		return ""
	}
	v := r.s[:n]
	r.s = r.s[n:]
	return v
}

func (r *reader) str() string { return r.bytes(r.uvarint()) }

func (r *reader) u64() uint64 {
	b := r.bytes(8)
	var v uint64
	for i := len(b) - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

func (r *reader) bool() bool { return r.bytes(1) == "\x01" }

// count reads a number of items that each take at least one byte, so that a
// damaged count cannot ask for more memory than the file holds.
func (r *reader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.s)) {
		r.fail()
		return 0
	}
	return int(n)
}
