package figures

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"

	"sats/internal/palette"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// raster is the memory a Publisher reuses from one PNG to the next: a
// chart is a few megabytes of pixels, and fresh memory for each costs more
// than the drawing.
type raster struct {
	pix    []uint8 // the pixels as indices into the colours drawn
	rgba   []uint8 // the pixels as RGBA, for a chart of more than 256 colours
	mask   []uint8 // the coverage of a text
	shades shades
	// levels is the level of shade, from 0 to textLevels − 1, of each
	// coverage of a text's mask.
	levels [256]uint8
	enc    png.Encoder
	bufs   encoderBuffers
}

func newRaster() *raster {
	r := &raster{}
	// The fastest deflate: a chart's file is about a tenth larger than
	// with the default compression and takes a third of the time.
	r.enc = png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &r.bufs}
	for a := range r.levels {
		r.levels[a] = uint8(math.Round(float64(a) / 255 * (textLevels - 1)))
	}
	return r
}

// encoderBuffers keeps the encoder's buffers of the last PNG for the next.
type encoderBuffers struct{ b *png.EncoderBuffer }

func (e *encoderBuffers) Get() *png.EncoderBuffer { b := e.b; e.b = nil; return b }

func (e *encoderBuffers) Put(b *png.EncoderBuffer) { e.b = b }

// grow returns buf resliced to n bytes, reallocated only if too small,
// then with room for a chart half as tall again.
func grow(buf []uint8, n int) []uint8 {
	if cap(buf) < n {
		return make([]uint8, n, n+n/2)
	}
	return buf[:n]
}

// png rasterizes a scene at pngScale pixels per user unit, the text in the Go
// fonts, and encodes it as PNG with the metadata as iTXt chunks (keyword →
// text, UTF-8) in the order given.
func (sc *scene) png(fs *fonts, r *raster, meta [][2]string) ([]byte, error) {
	const s = pngScale
	w, h := int(math.Round(sc.w*s)), int(math.Round(sc.h*s))
	img := r.canvas(w, h, sc.bg)
	for _, rc := range sc.rects {
		fill := rc.fill
		var pattern func(px, py int) color.RGBA
		if fill.pattern != solid {
			pattern = func(px, py int) color.RGBA {
				if inPattern(fill.pattern, (float64(px)+0.5)/s, (float64(py)+0.5)/s) {
					return fill.c
				}
				return sc.bg
			}
		}
		fillRect(img, rc.x*s, rc.y*s, rc.w*s, rc.h*s, fill.c, pattern)
		if rc.stroke != nil && rc.w > 0 {
			c := *rc.stroke
			sw := strokeWidth * s
			fillRect(img, rc.x*s, rc.y*s, rc.w*s, sw, c, nil)
			fillRect(img, rc.x*s, (rc.y+rc.h)*s-sw, rc.w*s, sw, c, nil)
			fillRect(img, rc.x*s, rc.y*s, min(sw, rc.w*s), rc.h*s, c, nil)
			fillRect(img, (rc.x+rc.w)*s-sw, rc.y*s, min(sw, rc.w*s), rc.h*s, c, nil)
		}
	}
	for _, l := range sc.lines {
		// Lines are horizontal or vertical.
		if l.x1 == l.x2 {
			fillRect(img, (l.x1-l.w/2)*s, l.y1*s, l.w*s, (l.y2-l.y1)*s, l.c, nil)
		} else {
			fillRect(img, l.x1*s, (l.y1-l.w/2)*s, (l.x2-l.x1)*s, l.w*s, l.c, nil)
		}
	}
	for _, t := range sc.texts {
		face := fs.face(t.size*s, t.bold)
		x := t.x * s
		if t.anchor == end {
			x -= fixedFloat(font.MeasureString(face, t.s))
		}
		drawText(img, r, face, t.s, x, t.y*s, t.c)
	}
	var b bytes.Buffer
	if err := r.enc.Encode(&b, img.image()); err != nil {
		return nil, err
	}
	return withText(b.Bytes(), meta), nil
}

// canvas is what a chart is drawn on: its pixels as indices into the
// colours drawn so far, one byte a pixel, as a chart has few colours; when
// a chart has more than 256, its pixels as RGBA.
type canvas struct {
	w, h    int
	pix     []uint8
	colours *palette.Table
	gen     int         // how many times the colours were numbered anew
	rgba    *image.RGBA // when not nil, the pixels
	ras     *raster
}

// canvas returns a w×h canvas in colour bg, on the raster's memory.
func (r *raster) canvas(w, h int, bg color.RGBA) *canvas {
	c := &canvas{w: w, h: h, colours: palette.NewTable(), ras: r}
	r.pix = grow(r.pix, w*h)
	c.pix = r.pix
	i, _ := c.colours.Index(bg)
	if len(c.pix) > 0 {
		c.pix[0] = i
		for n := 1; n < len(c.pix); n *= 2 {
			copy(c.pix[n:], c.pix[:n])
		}
	}
	return c
}

func (c *canvas) bounds() image.Rectangle { return image.Rect(0, 0, c.w, c.h) }

func (c *canvas) at(px, py int) color.RGBA {
	if c.rgba != nil {
		return c.rgba.RGBAAt(px, py)
	}
	return c.colours.Colour(c.pix[py*c.w+px])
}

func (c *canvas) set(px, py int, col color.RGBA) {
	if c.rgba == nil {
		i, ok := c.colours.Index(col)
		if !ok && c.colours.Compact(c.pix) {
			c.gen++
			i, ok = c.colours.Index(col)
		}
		if ok {
			c.pix[py*c.w+px] = i
			return
		}
		c.toRGBA()
	}
	c.rgba.SetRGBA(px, py, col)
}

// fill paints the pixels of r in colour col.
func (c *canvas) fill(r image.Rectangle, col color.RGBA) {
	if r.Empty() {
		return
	}
	c.set(r.Min.X, r.Min.Y, col)
	for py := r.Min.Y; py < r.Max.Y; py++ {
		if c.rgba != nil {
			for px := r.Min.X; px < r.Max.X; px++ {
				c.rgba.SetRGBA(px, py, col)
			}
			continue
		}
		row := c.pix[py*c.w+r.Min.X : py*c.w+r.Max.X]
		i := c.pix[r.Min.Y*c.w+r.Min.X]
		for k := range row {
			row[k] = i
		}
	}
}

// toRGBA turns the canvas into one of RGBA pixels.
func (c *canvas) toRGBA() {
	c.ras.rgba = grow(c.ras.rgba, 4*c.w*c.h)
	img := &image.RGBA{Pix: c.ras.rgba, Stride: 4 * c.w, Rect: c.bounds()}
	for k, i := range c.pix {
		col := c.colours.Colour(i)
		img.Pix[4*k], img.Pix[4*k+1], img.Pix[4*k+2], img.Pix[4*k+3] = col.R, col.G, col.B, col.A
	}
	c.rgba = img
}

// image returns the canvas as an image, with a palette of the colours it
// has, in colour order, when they are at most 256.
func (c *canvas) image() image.Image {
	if c.rgba != nil {
		img, pix := palette.Of(c.rgba, c.pix)
		c.ras.pix = pix
		return img
	}
	return c.colours.Image(c.pix, c.bounds())
}

// textLevels is how many shades the edges of letters get: enough for
// smooth text, few enough that a chart has at most 256 colours.
const textLevels = 32

// drawText draws s with its baseline starting at (x, y) in pixels: the
// glyphs are rasterized into a mask, whose coverage is rounded to
// textLevels shades and blended over the image in colour c.
func drawText(img *canvas, ras *raster, face font.Face, s string, x, y float64, c color.RGBA) {
	dot := fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.Int26_6(math.Round(y * 64))}
	bounds, _ := font.BoundString(face, s)
	r := image.Rect(bounds.Min.X.Floor()+dot.X.Floor()-1, bounds.Min.Y.Floor()+dot.Y.Floor()-1,
		bounds.Max.X.Ceil()+dot.X.Ceil()+1, bounds.Max.Y.Ceil()+dot.Y.Ceil()+1).Intersect(img.bounds())
	if r.Empty() {
		return
	}
	ras.mask = grow(ras.mask, r.Dx()*r.Dy())
	clear(ras.mask)
	mask := &image.Alpha{Pix: ras.mask, Stride: r.Dx(), Rect: r}
	// As font.Drawer.DrawString draws, one glyph over the other.
	prev := rune(-1)
	for _, ch := range s {
		if prev >= 0 {
			dot.X += face.Kern(prev, ch)
		}
		dr, glyph, gp, advance, _ := face.Glyph(dot, ch)
		if !dr.Empty() {
			over(mask, dr, glyph, gp)
		}
		dot.X += advance
		prev = ch
	}
	memo := &ras.shades
	*memo = shades{gen: img.gen}
	for py := r.Min.Y; py < r.Max.Y; py++ {
		row := mask.Pix[(py-r.Min.Y)*mask.Stride:][:r.Dx()]
		for i, a := range row {
			if a == 0 {
				continue
			}
			level := ras.levels[a]
			px := r.Min.X + i
			switch level {
			case 0: // blending by 0 leaves the pixel as it is
			case textLevels - 1:
				img.set(px, py, c)
			default:
				img.shade(px, py, c, level, memo)
			}
		}
	}
}

// shades remembers, for a text in one colour, the colour that a level of
// shade gives over each colour of a canvas: a text has few of either.
type shades struct {
	gen   int                         // the canvas's gen when they were noted
	index [256][textLevels - 1]uint16 // by the index under and the level: the index + 1, 0 if not yet known
}

// shade blends colour col over the pixel (px, py) at a level from 1 to
// textLevels − 2.
func (c *canvas) shade(px, py int, col color.RGBA, level uint8, memo *shades) {
	cov := float64(level) / (textLevels - 1)
	if c.rgba != nil {
		c.set(px, py, mix(col, c.at(px, py), cov))
		return
	}
	if memo.gen != c.gen {
		*memo = shades{gen: c.gen}
	}
	k := py*c.w + px
	under := c.pix[k]
	if i := memo.index[under][level]; i != 0 {
		c.pix[k] = uint8(i - 1)
		return
	}
	c.set(px, py, mix(col, c.colours.Colour(under), cov))
	if c.rgba == nil && c.gen == memo.gen {
		memo.index[under][level] = uint16(c.pix[k]) + 1
	}
}

// over draws the glyph mask of a font.Face's Glyph at dr onto dst, as
// draw.DrawMask does with an opaque source and draw.Over, without going
// through its general path for an Alpha destination.
func over(dst *image.Alpha, dr image.Rectangle, glyph image.Image, gp image.Point) {
	gm, ok := glyph.(*image.Alpha)
	if !ok {
		draw.DrawMask(dst, dr, image.Opaque, image.Point{}, glyph, gp, draw.Over)
		return
	}
	off := gp.Sub(dr.Min) // the point of the glyph's mask at p is p + off
	r := dr.Intersect(dst.Rect).Intersect(gm.Rect.Sub(off))
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			m := gm.Pix[gm.PixOffset(x+off.X, y+off.Y)]
			i := dst.PixOffset(x, y)
			switch d := dst.Pix[i]; {
			case m == 0:
			case d == 0: // glyphs seldom overlap
				dst.Pix[i] = m
			default:
				// In 16 bits, as draw does: d·(1 − m) + m.
				const full = 0xffff
				ma := uint32(m) * 0x101
				dst.Pix[i] = uint8((uint32(d)*0x101*(full-ma) + full*ma) / full >> 8)
			}
		}
	}
}

// mix returns colour c over colour d by cov, from 0 to 1, opaque.
func mix(c, d color.RGBA, cov float64) color.RGBA {
	m := func(a, b uint8) uint8 { return uint8(math.Round(float64(a)*cov + float64(b)*(1-cov))) }
	return color.RGBA{m(c.R, d.R), m(c.G, d.G), m(c.B, d.B), 255}
}

// inPattern reports whether the point (x, y) in user units is inked by a
// pattern, as the SVG's <pattern> elements draw it.
func inPattern(pattern int, x, y float64) bool {
	switch pattern {
	case stripes:
		// The SVG pattern is rotated by 45°: its x axis runs along x = y.
		return math.Mod((x+y)/math.Sqrt2, stripePeriod) < stripeWidth
	case dots:
		dx, dy := math.Mod(x, dotPeriod)-dotPeriod/2, math.Mod(y, dotPeriod)-dotPeriod/2
		return dx*dx+dy*dy < dotRadius*dotRadius
	}
	return true
}

// fillRect paints the rectangle (x, y, w, h) in pixels, its edges on whole
// pixels (at least one pixel wide), so that edges are sharp and the image
// has few colours: in colour c, or with a pattern, in the colour it gives
// each pixel.
func fillRect(img *canvas, x, y, w, h float64, c color.RGBA, pattern func(px, py int) color.RGBA) {
	if w <= 0 || h <= 0 {
		return
	}
	x0, y0 := math.Round(x), math.Round(y)
	x1, y1 := x0+max(math.Round(x+w)-x0, 1), y0+max(math.Round(y+h)-y0, 1)
	r := image.Rect(int(x0), int(y0), int(x1), int(y1)).Intersect(img.bounds())
	if pattern == nil {
		img.fill(r, c)
		return
	}
	for py := r.Min.Y; py < r.Max.Y; py++ {
		for px := r.Min.X; px < r.Max.X; px++ {
			img.set(px, py, pattern(px, py))
		}
	}
}

// withText adds iTXt chunks after the IHDR chunk of a PNG file.
func withText(data []byte, meta [][2]string) []byte {
	const ihdrEnd = 8 + 4 + 4 + 13 + 4 // signature, IHDR length, type, data, CRC
	var chunks bytes.Buffer
	for _, kv := range meta {
		if kv[1] == "" {
			continue
		}
		// keyword, NUL, no compression (0, 0), no language tag, NUL, no
		// translated keyword, NUL, the text.
		body := append([]byte(kv[0]), 0, 0, 0, 0, 0)
		body = append(body, kv[1]...)
		chunk := append([]byte("iTXt"), body...)
		_ = binary.Write(&chunks, binary.BigEndian, uint32(len(body)))
		chunks.Write(chunk)
		_ = binary.Write(&chunks, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	}
	out := make([]byte, 0, len(data)+chunks.Len())
	out = append(out, data[:ihdrEnd]...)
	out = append(out, chunks.Bytes()...)
	return append(out, data[ihdrEnd:]...)
}
