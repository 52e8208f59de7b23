package palette

import (
	"image"
	"image/color"
	"slices"
	"testing"
)

// drawn returns a w×h image whose pixel (x, y) has colour c(x, y).
func drawn(w, h int, c func(x, y int) color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, c(x, y))
		}
	}
	return img
}

func samePixels(t *testing.T, got image.Image, want *image.RGBA) {
	t.Helper()
	if got.Bounds() != want.Bounds() {
		t.Fatalf("bounds %v, want %v", got.Bounds(), want.Bounds())
	}
	for y := want.Rect.Min.Y; y < want.Rect.Max.Y; y++ {
		for x := want.Rect.Min.X; x < want.Rect.Max.X; x++ {
			if g := color.RGBAModel.Convert(got.At(x, y)); g != want.RGBAAt(x, y) {
				t.Fatalf("pixel (%d, %d) is %v, want %v", x, y, g, want.RGBAAt(x, y))
			}
		}
	}
}

func TestOf(t *testing.T) {
	for _, tc := range []struct {
		name     string
		img      *image.RGBA
		paletted bool
	}{
		{"one colour", drawn(5, 3, func(int, int) color.RGBA { return color.RGBA{1, 2, 3, 255} }), true},
		{"stripes of three colours, the darkest last", drawn(7, 4, func(x, _ int) color.RGBA { return color.RGBA{uint8(200 - 50*(x%3)), 0, 0, 255} }), true},
		{"256 colours", drawn(16, 16, func(x, y int) color.RGBA { return color.RGBA{uint8(16*y + x), 7, 9, 255} }), true},
		{"257 colours", drawn(257, 1, func(x, _ int) color.RGBA { return color.RGBA{uint8(x), uint8(x / 256), 0, 255} }), false},
		{"a part of a larger image", drawn(9, 9, func(x, y int) color.RGBA { return color.RGBA{uint8(x * y % 5), 0, 0, 255} }).SubImage(image.Rect(2, 3, 7, 8)).(*image.RGBA), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := Of(tc.img, nil)
			p, ok := got.(*image.Paletted)
			if ok != tc.paletted {
				t.Fatalf("paletted %v, want %v", ok, tc.paletted)
			}
			samePixels(t, got, tc.img)
			if ok && !slices.IsSortedFunc(p.Palette, func(a, b color.Color) int {
				ar, ag, ab, aa := a.RGBA()
				br, bg, bb, ba := b.RGBA()
				return slices.Compare([]uint32{ar, ag, ab, aa}, []uint32{br, bg, bb, ba})
			}) {
				t.Errorf("the palette %v is not in colour order", p.Palette)
			}
		})
	}
}

func TestOfReusesTheBuffer(t *testing.T) {
	a := drawn(4, 4, func(x, _ int) color.RGBA { return color.RGBA{uint8(x), 0, 0, 255} })
	b := drawn(3, 2, func(_, y int) color.RGBA { return color.RGBA{0, uint8(y), 0, 255} })
	first, buf := Of(a, nil)
	samePixels(t, first, a)
	second, buf2 := Of(b, buf)
	if &buf2[0] != &buf[0] {
		t.Error("a buffer large enough was not reused")
	}
	samePixels(t, second, b)
}

// BenchmarkOf palettes an image like a chart: 1200×900 pixels, a plain
// background with bars and short runs of shaded text.
func BenchmarkOf(b *testing.B) {
	img := drawn(1200, 900, func(x, y int) color.RGBA {
		switch {
		case y%100 < 40 && x > 300 && x < 300+y:
			return color.RGBA{0x0e, 0x36, 0x40, 255}
		case y%100 > 60 && y%100 < 80 && x < 280:
			return color.RGBA{uint8(x * y % 31 * 8), uint8(x * y % 31 * 8), uint8(x * y % 31 * 8), 255}
		}
		return color.RGBA{255, 255, 255, 255}
	})
	var buf []uint8
	for b.Loop() {
		_, buf = Of(img, buf)
	}
}

// TestImageRenumbersEveryPixel checks the renumbering of runs and of
// single pixels, at every offset from eight-pixel boundaries.
func TestImageRenumbersEveryPixel(t *testing.T) {
	for n := range 40 {
		for run := 1; run <= 12; run++ {
			// Colours drawn darkest last, so that colour order differs from
			// the order of drawing; the middle colour is drawn over.
			img := drawn(n+1, 1, func(x, _ int) color.RGBA { return color.RGBA{uint8(250 - 40*(x/run%5)), 0, 0, 255} })
			tab := NewTable()
			pix := make([]uint8, n+1)
			for x := range pix {
				tab.Index(color.RGBA{1, 2, 3, 255}) // a colour no pixel keeps
				i, _ := tab.Index(img.RGBAAt(x, 0))
				pix[x] = i
			}
			samePixels(t, tab.Image(pix, img.Rect), img)
		}
	}
}
