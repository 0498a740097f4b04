package fsutil

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
)

// Seal frames a cache file: a magic string naming its kind and format, the
// data, and a CRC-32 of both, so a cache damaged on disk (a torn write, a
// scribble) is noticed and rebuilt instead of believed.
func Seal(magic string, data []byte) []byte {
	out := make([]byte, 0, len(magic)+len(data)+4)
	out = append(out, magic...)
	out = append(out, data...)
	return binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(out))
}

// Unseal checks a file made by Seal and returns its data.
func Unseal(magic string, file []byte) ([]byte, error) {
	if len(file) < len(magic)+4 || !bytes.HasPrefix(file, []byte(magic)) {
		return nil, errors.New("wrong format")
	}
	body, sum := file[:len(file)-4], binary.LittleEndian.Uint32(file[len(file)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, errors.New("checksum mismatch")
	}
	return body[len(magic):], nil
}
