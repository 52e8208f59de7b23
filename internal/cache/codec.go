package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"slices"
	"unsafe"
)

// Key returns the key of a value made from parts: the SHA-256 of each part
// with its length, so that no two lists of parts share a key. The first
// part should name the step and the format of its values.
func Key(parts ...string) [32]byte {
	h := sha256.New()
	var n [8]byte
	for _, p := range parts {
		binary.LittleEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write([]byte(p))
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// Encoder writes a value as a list of numbers and strings.
type Encoder struct{ buf []byte }

// Uint appends a number.
func (e *Encoder) Uint(u uint64) { e.buf = binary.AppendUvarint(e.buf, u) }

// String appends a string.
func (e *Encoder) String(s string) {
	e.Uint(uint64(len(s)))
	e.buf = append(e.buf, s...)
}

// Blob appends a string given as bytes: Decoder.Bytes reads it.
func (e *Encoder) Blob(b []byte) {
	e.Uint(uint64(len(b)))
	e.buf = append(e.buf, b...)
}

// Grow makes room for n more bytes.
func (e *Encoder) Grow(n int) { e.buf = slices.Grow(e.buf, n) }

// Strings appends a list of strings.
func (e *Encoder) Strings(ss []string) {
	e.Uint(uint64(len(ss)))
	for _, s := range ss {
		e.String(s)
	}
}

// Bytes returns what was written.
func (e *Encoder) Bytes() []byte { return e.buf }

// Decoder reads what an Encoder wrote, in the same order. A value that is
// cut short or too long is an error (Err): the caller makes it again.
type Decoder struct {
	buf []byte
	err error
}

// NewDecoder reads value.
func NewDecoder(value []byte) *Decoder { return &Decoder{buf: value} }

var errShort = errors.New("cache: value cut short")

// Uint reads a number.
func (d *Decoder) Uint() uint64 {
	if d.err != nil {
		return 0
	}
	u, n := binary.Uvarint(d.buf)
	if n <= 0 {
		d.err = errShort
		return 0
	}
	d.buf = d.buf[n:]
	return u
}

// String reads a string. It shares the value's bytes, without a copy: a
// store never changes a value it gave (Store.Get), and a Memory's values
// are not changed in place either.
func (d *Decoder) String() string {
	b := d.Bytes()
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// Bytes reads a string as a slice of the value, without a copy: the
// caller must not change it.
func (d *Decoder) Bytes() []byte {
	n := d.Uint()
	if d.err != nil || n > uint64(len(d.buf)) {
		d.err = errShort
		return nil
	}
	b := d.buf[:n:n]
	d.buf = d.buf[n:]
	return b
}

// Strings reads a list of strings, each sharing the value's bytes as
// String does.
func (d *Decoder) Strings() []string {
	n := d.Uint()
	if d.err != nil || n > uint64(len(d.buf)) {
		d.err = errShort
		return nil
	}
	if n == 0 {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = d.String()
	}
	if d.err != nil {
		return nil
	}
	return ss
}

// OK reports whether the value read so far was whole.
func (d *Decoder) OK() bool { return d.err == nil }

// Err reports whether the value was read whole and exactly.
func (d *Decoder) Err() error {
	if d.err == nil && len(d.buf) > 0 {
		return errors.New("cache: value longer than expected")
	}
	return d.err
}
