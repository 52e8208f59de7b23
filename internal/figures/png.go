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
	"slices"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// png rasterizes a scene at pngScale pixels per user unit, the text in the Go
// fonts, and encodes it as PNG with the metadata as iTXt chunks (keyword →
// text, UTF-8) in the order given.
func (sc *scene) png(fs *fonts, meta [][2]string) ([]byte, error) {
	const s = pngScale
	img := image.NewRGBA(image.Rect(0, 0, int(math.Round(sc.w*s)), int(math.Round(sc.h*s))))
	draw.Draw(img, img.Bounds(), image.NewUniform(sc.bg), image.Point{}, draw.Src)
	for _, r := range sc.rects {
		fill := r.fill
		fillRect(img, r.x*s, r.y*s, r.w*s, r.h*s, func(px, py int) color.RGBA {
			if fill.pattern == solid || inPattern(fill.pattern, (float64(px)+0.5)/s, (float64(py)+0.5)/s) {
				return fill.c
			}
			return sc.bg
		})
		if r.stroke != nil && r.w > 0 {
			c := *r.stroke
			ink := func(int, int) color.RGBA { return c }
			sw := strokeWidth * s
			fillRect(img, r.x*s, r.y*s, r.w*s, sw, ink)
			fillRect(img, r.x*s, (r.y+r.h)*s-sw, r.w*s, sw, ink)
			fillRect(img, r.x*s, r.y*s, min(sw, r.w*s), r.h*s, ink)
			fillRect(img, (r.x+r.w)*s-sw, r.y*s, min(sw, r.w*s), r.h*s, ink)
		}
	}
	for _, l := range sc.lines {
		c := l.c
		ink := func(int, int) color.RGBA { return c }
		// Lines are horizontal or vertical.
		if l.x1 == l.x2 {
			fillRect(img, (l.x1-l.w/2)*s, l.y1*s, l.w*s, (l.y2-l.y1)*s, ink)
		} else {
			fillRect(img, l.x1*s, (l.y1-l.w/2)*s, (l.x2-l.x1)*s, l.w*s, ink)
		}
	}
	for _, t := range sc.texts {
		face := fs.face(t.size*s, t.bold)
		x := t.x * s
		if t.anchor == end {
			x -= fixedFloat(font.MeasureString(face, t.s))
		}
		drawText(img, face, t.s, x, t.y*s, t.c)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, paletted(img)); err != nil {
		return nil, err
	}
	return withText(b.Bytes(), meta), nil
}

// paletted returns img with a palette when it has at most 256 colours, as
// a chart on a plain background mostly does: the file is a third of the
// size and quicker to make. The palette is in colour order, so the same
// image always gives the same file.
func paletted(img *image.RGBA) image.Image {
	// Pixels as 0xRRGGBBAA; runs of one colour are long, so the last colour
	// saves most lookups.
	at := func(i int) uint32 {
		p := img.Pix[i : i+4 : i+4]
		return uint32(p[0])<<24 | uint32(p[1])<<16 | uint32(p[2])<<8 | uint32(p[3])
	}
	index := map[uint32]uint8{}
	last, ok := uint32(0), false
	var colours []uint32
	for i := 0; i < len(img.Pix); i += 4 {
		if c := at(i); !ok || c != last {
			if _, seen := index[c]; !seen {
				if len(colours) == 256 {
					return img
				}
				index[c] = 0
				colours = append(colours, c)
			}
			last, ok = c, true
		}
	}
	slices.Sort(colours)
	pal := make(color.Palette, len(colours))
	for i, c := range colours {
		pal[i] = color.RGBA{uint8(c >> 24), uint8(c >> 16), uint8(c >> 8), uint8(c)}
		index[c] = uint8(i)
	}
	out := image.NewPaletted(img.Bounds(), pal)
	// Both images are laid out row by row from the same origin: pixel k of
	// one is pixel k of the other.
	last, ok = 0, false
	var li uint8
	for i, k := 0, 0; i < len(img.Pix); i, k = i+4, k+1 {
		if c := at(i); !ok || c != last {
			last, li, ok = c, index[c], true
		}
		out.Pix[k] = li
	}
	return out
}

// textLevels is how many shades the edges of letters get: enough for
// smooth text, few enough that a chart has at most 256 colours.
const textLevels = 32

// drawText draws s with its baseline starting at (x, y) in pixels: the
// glyphs are rasterized into a mask, whose coverage is rounded to
// textLevels shades and blended over the image in colour c.
func drawText(img *image.RGBA, face font.Face, s string, x, y float64, c color.RGBA) {
	dot := fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.Int26_6(math.Round(y * 64))}
	bounds, _ := font.BoundString(face, s)
	r := image.Rect(bounds.Min.X.Floor()+dot.X.Floor()-1, bounds.Min.Y.Floor()+dot.Y.Floor()-1,
		bounds.Max.X.Ceil()+dot.X.Ceil()+1, bounds.Max.Y.Ceil()+dot.Y.Ceil()+1).Intersect(img.Bounds())
	if r.Empty() {
		return
	}
	mask := image.NewAlpha(r)
	d := font.Drawer{Dst: mask, Src: image.Opaque, Face: face, Dot: dot}
	d.DrawString(s)
	for py := r.Min.Y; py < r.Max.Y; py++ {
		for px := r.Min.X; px < r.Max.X; px++ {
			a := mask.AlphaAt(px, py).A
			if a == 0 {
				continue
			}
			cov := math.Round(float64(a)/255*(textLevels-1)) / (textLevels - 1)
			blend(img, px, py, c, cov)
		}
	}
}

// blend mixes colour c into the pixel (px, py) by cov, from 0 to 1.
func blend(img *image.RGBA, px, py int, c color.RGBA, cov float64) {
	if cov >= 1 {
		img.SetRGBA(px, py, c)
		return
	}
	d := img.RGBAAt(px, py)
	mix := func(a, b uint8) uint8 { return uint8(math.Round(float64(a)*cov + float64(b)*(1-cov))) }
	img.SetRGBA(px, py, color.RGBA{mix(c.R, d.R), mix(c.G, d.G), mix(c.B, d.B), 255})
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

// fillRect paints the rectangle (x, y, w, h) in pixels with the colours of
// ink, its edges on whole pixels (at least one pixel wide), so that edges
// are sharp and the image has few colours.
func fillRect(img *image.RGBA, x, y, w, h float64, ink func(px, py int) color.RGBA) {
	if w <= 0 || h <= 0 {
		return
	}
	x0f, y0f := math.Round(x), math.Round(y)
	x, y, w, h = x0f, y0f, max(math.Round(x+w)-x0f, 1), max(math.Round(y+h)-y0f, 1)
	b := img.Bounds()
	x0, y0 := max(int(math.Floor(x)), b.Min.X), max(int(math.Floor(y)), b.Min.Y)
	x1, y1 := min(int(math.Ceil(x+w)), b.Max.X), min(int(math.Ceil(y+h)), b.Max.Y)
	for py := y0; py < y1; py++ {
		cy := math.Min(float64(py+1), y+h) - math.Max(float64(py), y)
		for px := x0; px < x1; px++ {
			cx := math.Min(float64(px+1), x+w) - math.Max(float64(px), x)
			cov := cx * cy
			if cov <= 0 {
				continue
			}
			blend(img, px, py, ink(px, py), cov)
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
