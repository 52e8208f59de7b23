package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"strings"
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

// String reads a string.
func (d *Decoder) String() string { return string(d.Bytes()) }

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

// Strings reads a list of strings. Their bytes are copied into one
// string that they share: a list of a page's links is one allocation, not
// one a link.
func (d *Decoder) Strings() []string {
	n := d.Uint()
	if d.err != nil || n > uint64(len(d.buf)) {
		d.err = errShort
		return nil
	}
	if n == 0 {
		return nil
	}
	rest, total := d.buf, 0
	lens := make([]int, n)
	for i := range lens {
		l := d.Uint()
		if d.err != nil || l > uint64(len(d.buf)) {
			d.err = errShort
			return nil
		}
		lens[i] = int(l)
		total += int(l)
		d.buf = d.buf[l:]
	}
	var b strings.Builder
	b.Grow(total)
	d.buf = rest
	for range lens {
		b.Write(d.Bytes())
	}
	all := b.String()
	ss := make([]string, n)
	for i, l := range lens {
		ss[i], all = all[:l], all[l:]
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
