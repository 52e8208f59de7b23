package build

import (
	"io"

	"sats/internal/diag"
	"sats/internal/load"
)

// copier is a Target that copies a file from a reader, never holding it
// whole (write.Dir; Discard, which reads nothing).
type copier interface {
	Copy(name string, r io.Reader) error
}

// maxMinified is the largest static file that is minified; larger ones are
// copied as they are.
const maxMinified = load.MaxFileSize

// copyStatic copies a static file that goes out as it is into the output
// as a stream, so that a large file does not take its size in memory, and
// returns its size.
func (b *builder) copyStatic(c copier, o *output) (int, error) {
	f, err := b.fsys.Open(o.stream)
	if err != nil {
		return 0, diag.Errorf(diag.Pos{Path: o.stream}, "%v", err)
	}
	defer f.Close()
	n := &countReader{r: f}
	if err := c.Copy(o.name, n); err != nil {
		return n.n, diag.Errorf(diag.Pos{Path: o.stream}, "%v", err)
	}
	return n.n, nil
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}
