package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Limits bound what an import reads: an export is untrusted input, and a zip
// can claim one size and inflate to another.
type Limits struct {
	MaxFiles     int   // entries in the export
	MaxFileSize  int64 // bytes of one file, uncompressed
	MaxTotalSize int64 // bytes of all files, uncompressed
}

// DefaultLimits are generous for years of notes and small next to a disk.
var DefaultLimits = Limits{MaxFiles: 100_000, MaxFileSize: 64 << 20, MaxTotalSize: 2 << 30}

// source is an export as a set of files with clean, NFC, '/'-separated
// relative paths, whether it came as a folder or a zip.
type source struct {
	name   string // what the user named, for messages
	files  map[string]*srcFile
	limits Limits
	total  int64 // bytes read so far
}

type srcFile struct {
	size int64
	open func() (io.ReadCloser, error)
}

// paths lists the files in a stable order.
func (s *source) paths() []string {
	out := make([]string, 0, len(s.files))
	for p := range s.files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// read returns a file's bytes, holding it to the limits whatever its header
// claimed.
func (s *source) read(p string) ([]byte, error) {
	f := s.files[p]
	if f == nil {
		return nil, fmt.Errorf("%s: no such file in the export", p)
	}
	rc, err := f.open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, s.limits.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	if int64(len(data)) > s.limits.MaxFileSize {
		return nil, fmt.Errorf("%s: larger than %d MiB", p, s.limits.MaxFileSize>>20)
	}
	s.total += int64(len(data))
	if s.total > s.limits.MaxTotalSize {
		return nil, fmt.Errorf("%s: the export is larger than %d MiB in all", s.name, s.limits.MaxTotalSize>>20)
	}
	return data, nil
}

// open streams a file, failing once it passes the limits whatever its
// header claimed.
func (s *source) open(p string) (io.ReadCloser, error) {
	f := s.files[p]
	if f == nil {
		return nil, fmt.Errorf("%s: no such file in the export", p)
	}
	rc, err := f.open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return &limitedReader{rc: rc, s: s, name: p, left: s.limits.MaxFileSize}, nil
}

type limitedReader struct {
	rc   io.ReadCloser
	s    *source
	name string
	left int64
}

func (l *limitedReader) Read(b []byte) (int, error) {
	n, err := l.rc.Read(b)
	l.left -= int64(n)
	l.s.total += int64(n)
	if l.left < 0 {
		return n, fmt.Errorf("%s: larger than %d MiB", l.name, l.s.limits.MaxFileSize>>20)
	}
	if l.s.total > l.s.limits.MaxTotalSize {
		return n, fmt.Errorf("%s: the export is larger than %d MiB in all", l.s.name, l.s.limits.MaxTotalSize>>20)
	}
	return n, err
}

func (l *limitedReader) Close() error { return l.rc.Close() }

// cleanPath makes an entry name safe to join under a folder: NFC, '/'
// separated, no absolute paths, drive letters or '..'. ok is false for a
// name that tries to leave the export.
func cleanPath(name string) (string, bool) {
	name = norm.NFC.String(strings.ReplaceAll(name, "\\", "/"))
	if name == "" || strings.HasPrefix(name, "/") || strings.ContainsRune(name, 0) ||
		(len(name) >= 2 && name[1] == ':') {
		return "", false
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." {
			return "", false
		}
	}
	p := path.Clean(name)
	if p == "." || strings.HasPrefix(p, "../") {
		return "", false
	}
	return p, true
}

// openSource opens a folder or a zip file. Entries that would leave the
// export, links and special files are left out and named in skipped.
func openSource(p string, limits Limits) (*source, []Skip, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read %s: %w", p, errors.Unwrap(err))
	}
	if fi.IsDir() {
		return openDir(p, limits)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, nil, err
	}
	// The zip is read through; the file stays open for the run.
	zr, err := zip.NewReader(f, fi.Size())
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s is neither a folder nor a zip file: %v", p, err)
	}
	return openZip(p, zr, limits)
}

func openDir(root string, limits Limits) (*source, []Skip, error) {
	s := &source{name: root, files: map[string]*srcFile{}, limits: limits}
	var skipped []Skip
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			skipped = append(skipped, Skip{Source: p, Reason: "cannot be read: " + err.Error()})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p == root {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			skipped = append(skipped, Skip{Source: rel, Reason: "not a regular file (a link?)"})
			return nil
		}
		clean, ok := cleanPath(rel)
		if !ok {
			skipped = append(skipped, Skip{Source: rel, Reason: "unsafe name"})
			return nil
		}
		if len(s.files) >= limits.MaxFiles {
			return fmt.Errorf("%s has more than %d files", root, limits.MaxFiles)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		full := p
		s.files[clean] = &srcFile{size: info.Size(), open: func() (io.ReadCloser, error) { return os.Open(full) }}
		return nil
	})
	return s, skipped, err
}

// openZip lists a zip's files. Notion splits big exports into zips inside
// the zip; those are opened too, one level deep, within the same limits.
func openZip(name string, zr *zip.Reader, limits Limits) (*source, []Skip, error) {
	s := &source{name: name, files: map[string]*srcFile{}, limits: limits}
	var skipped []Skip
	if err := s.addZip(zr, "", &skipped, true); err != nil {
		return nil, nil, err
	}
	s.stripTopFolder()
	return s, skipped, nil
}

// stripTopFolder drops the one folder a zip may hold everything in (a
// vault zipped with its folder, "Export-…/" in some Notion exports), so a
// zip and the folder it unpacks to import alike.
func (s *source) stripTopFolder() {
	top := ""
	for p := range s.files {
		first, _, ok := strings.Cut(p, "/")
		if !ok || (top != "" && first != top) {
			return
		}
		top = first
	}
	if top == "" {
		return
	}
	files := make(map[string]*srcFile, len(s.files))
	for p, f := range s.files {
		files[strings.TrimPrefix(p, top+"/")] = f
	}
	s.files = files
}

func (s *source) addZip(zr *zip.Reader, prefix string, skipped *[]Skip, outer bool) error {
	if len(zr.File) > s.limits.MaxFiles {
		return fmt.Errorf("%s has more than %d files", s.name, s.limits.MaxFiles)
	}
	for _, zf := range zr.File {
		if strings.HasSuffix(zf.Name, "/") {
			continue // a folder entry
		}
		clean, ok := cleanPath(zf.Name)
		if !ok {
			*skipped = append(*skipped, Skip{Source: prefix + zf.Name, Reason: "unsafe name (it would leave the import folder)"})
			continue
		}
		if !zf.Mode().IsRegular() {
			*skipped = append(*skipped, Skip{Source: prefix + clean, Reason: "not a regular file (a link?)"})
			continue
		}
		if zf.UncompressedSize64 > uint64(s.limits.MaxFileSize) {
			*skipped = append(*skipped, Skip{Source: prefix + clean, Reason: fmt.Sprintf("larger than %d MiB", s.limits.MaxFileSize>>20)})
			continue
		}
		if outer && strings.EqualFold(path.Ext(clean), ".zip") {
			inner, err := s.innerZip(zf)
			if err != nil {
				*skipped = append(*skipped, Skip{Source: clean, Reason: err.Error()})
				continue
			}
			if err := s.addZip(inner, clean+": ", skipped, false); err != nil {
				return err
			}
			continue
		}
		if len(s.files) >= s.limits.MaxFiles {
			return fmt.Errorf("%s has more than %d files", s.name, s.limits.MaxFiles)
		}
		zf := zf
		s.files[clean] = &srcFile{size: int64(zf.UncompressedSize64), open: zf.Open}
	}
	return nil
}

func (s *source) innerZip(zf *zip.File) (*zip.Reader, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, s.limits.MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > s.limits.MaxFileSize {
		return nil, fmt.Errorf("larger than %d MiB", s.limits.MaxFileSize>>20)
	}
	s.total += int64(len(data))
	if s.total > s.limits.MaxTotalSize {
		return nil, fmt.Errorf("the export is larger than %d MiB in all", s.limits.MaxTotalSize>>20)
	}
	return zip.NewReader(bytes.NewReader(data), int64(len(data)))
}
