// Package palette makes images with a palette out of drawn images of few
// colours, such as a chart or a share image (plain backgrounds, text in one
// colour): PNG stores a pixel of one in one byte instead of three or four,
// so the file is about half the size and several times quicker to encode.
// The pixels stay the same, and the palette is in colour order, so the same
// pixels always give the same file.
package palette

import (
	"cmp"
	"encoding/binary"
	"image"
	"image/color"
	"slices"
)

// Of returns img with a palette of its colours when it has at most 256, and
// img itself otherwise. The indices are written to buf when it is large
// enough (one byte a pixel), so that a caller drawing many images can reuse
// it; the second result is the buffer to pass next time.
func Of(img *image.RGBA, buf []uint8) (image.Image, []uint8) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if cap(buf) < w*h {
		buf = make([]uint8, w*h)
	}
	pix := buf[:w*h]
	// One pass gives every pixel the index of its colour in the order the
	// colours first appear. Runs of one colour are long, so the last colour
	// saves most lookups.
	t := NewTable()
	var last uint32 // the last pixel as 0xRRGGBBAA, and its index
	var li uint8
	for y := range h {
		row := img.Pix[y*img.Stride:][:4*w]
		out := pix[y*w:][:w]
		for x := range out {
			c := binary.BigEndian.Uint32(row[4*x:])
			if c != last || (x == 0 && y == 0) {
				i, ok := t.Index(color.RGBA{uint8(c >> 24), uint8(c >> 16), uint8(c >> 8), uint8(c)})
				if !ok {
					return img, buf
				}
				last, li = c, i
			}
			out[x] = li
		}
	}
	return t.Image(pix, img.Rect), buf
}

// Table numbers the colours of an image as they are drawn, at most 256.
type Table struct {
	colours []color.RGBA
	index   map[uint32]uint8 // by the colour as 0xRRGGBBAA
	last    color.RGBA       // the colour asked for last, and its index
	lastI   uint8
}

// NewTable returns a table of no colours.
func NewTable() *Table {
	return &Table{index: map[uint32]uint8{}}
}

// Colour returns the colour of index i.
func (t *Table) Colour(i uint8) color.RGBA { return t.colours[i] }

// Index returns the index of colour c, numbering it if it is new; it
// reports false when c is new and the table has 256 colours already.
func (t *Table) Index(c color.RGBA) (uint8, bool) {
	if c == t.last && len(t.colours) > 0 {
		return t.lastI, true
	}
	i, ok := t.index[pack(c)]
	if !ok {
		if len(t.colours) == 256 {
			return 0, false
		}
		i = uint8(len(t.colours))
		t.index[pack(c)] = i
		t.colours = append(t.colours, c)
	}
	t.last, t.lastI = c, i
	return i, true
}

// Compact drops the colours that no index of pix names, renumbering pix,
// and reports whether any was dropped.
func (t *Table) Compact(pix []uint8) bool {
	keep := t.used(pix)
	if len(keep) == len(t.colours) {
		return false
	}
	t.renumber(pix, keep)
	return true
}

// used returns the colours that pix names, in the table's order.
func (t *Table) used(pix []uint8) []color.RGBA {
	var used [256]bool
	k := 0
	for ; k+8 <= len(pix); k += 8 {
		// Most runs of one colour are long: eight pixels at a time.
		if i := pix[k]; binary.LittleEndian.Uint64(pix[k:]) == uint64(i)*ones {
			used[i] = true
			continue
		}
		for _, i := range pix[k : k+8] {
			used[i] = true
		}
	}
	for _, i := range pix[k:] {
		used[i] = true
	}
	var keep []color.RGBA
	for i, c := range t.colours {
		if used[i] {
			keep = append(keep, c)
		}
	}
	return keep
}

// Image returns the image of rect whose pixels are the indices pix (one
// row after the other, no gaps), with a palette of the colours pix uses in
// colour order; pix is renumbered in place.
func (t *Table) Image(pix []uint8, rect image.Rectangle) *image.Paletted {
	sorted := t.used(pix)
	slices.SortFunc(sorted, compareUint32)
	t.renumber(pix, sorted)
	pal := make(color.Palette, len(sorted))
	for i, c := range sorted {
		pal[i] = c
	}
	return &image.Paletted{Pix: pix, Stride: rect.Dx(), Rect: rect, Palette: pal}
}

// renumber makes colours the table's colours, in their order, and pix the
// indices into them; colours holds every colour pix uses.
func (t *Table) renumber(pix []uint8, colours []color.RGBA) {
	index := make(map[uint32]uint8, len(colours))
	for i, c := range colours {
		index[pack(c)] = uint8(i)
	}
	var to [256]uint8
	same := true
	for i, c := range t.colours {
		to[i] = index[pack(c)]
		same = same && to[i] == uint8(i)
	}
	if !same {
		k := 0
		for ; k+8 <= len(pix); k += 8 {
			if i := pix[k]; binary.LittleEndian.Uint64(pix[k:]) == uint64(i)*ones {
				binary.LittleEndian.PutUint64(pix[k:], uint64(to[i])*ones)
				continue
			}
			for j := k; j < k+8; j++ {
				pix[j] = to[pix[j]]
			}
		}
		for ; k < len(pix); k++ {
			pix[k] = to[pix[k]]
		}
	}
	t.colours, t.index = colours, index
	t.last, t.lastI = color.RGBA{}, 0
	if len(colours) > 0 {
		t.last = colours[0]
	}
}

// ones has a one in each of its eight bytes: i·ones is eight bytes i.
const ones = 0x0101010101010101

// pack returns a colour as the number 0xRRGGBBAA.
func pack(c color.RGBA) uint32 {
	return uint32(c.R)<<24 | uint32(c.G)<<16 | uint32(c.B)<<8 | uint32(c.A)
}

// compareUint32 orders colours as the numbers 0xRRGGBBAA.
func compareUint32(a, b color.RGBA) int {
	return cmp.Compare(pack(a), pack(b))
}
