package figures

import (
	"image"
	"image/color"
	"testing"
)

// TestCanvasKeepsEveryColour draws more colours than a palette holds, some
// of them over others, and checks that the image has every pixel as drawn:
// with a palette while the colours left fit in one, as RGBA after.
func TestCanvasKeepsEveryColour(t *testing.T) {
	for _, tc := range []struct {
		name     string
		colours  int // drawn, one a pixel, on pixels (k, 0)
		overdraw int // then the first pixels drawn again in black
		paletted bool
	}{
		{"a few colours", 10, 0, true},
		{"255 colours and the background", 255, 0, true},
		{"300 colours, 100 drawn over", 300, 100, true},
		{"300 colours", 300, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bg := color.RGBA{255, 255, 255, 255}
			c := newRaster().canvas(20, 20, bg)
			want := image.NewRGBA(c.bounds())
			for k := range 400 {
				want.SetRGBA(k%20, k/20, bg)
			}
			for k := range tc.colours {
				col := color.RGBA{uint8(k), uint8(k >> 8), 7, 255}
				c.set(k%20, k/20, col)
				want.SetRGBA(k%20, k/20, col)
			}
			for k := range tc.overdraw {
				c.set(k%20, k/20, color.RGBA{A: 255})
				want.SetRGBA(k%20, k/20, color.RGBA{A: 255})
			}
			img := c.image()
			if _, ok := img.(*image.Paletted); ok != tc.paletted {
				t.Errorf("paletted %v, want %v", ok, tc.paletted)
			}
			for k := range 400 {
				x, y := k%20, k/20
				if got := color.RGBAModel.Convert(img.At(x, y)); got != want.RGBAAt(x, y) {
					t.Fatalf("pixel (%d, %d) is %v, want %v", x, y, got, want.RGBAAt(x, y))
				}
			}
		})
	}
}

// BenchmarkChartPNG draws and encodes the PNG of a chart.
func BenchmarkChartPNG(b *testing.B) {
	p := newTestPublisher(b)
	sc := p.layout(jobs(), testMeta("nb"), true)
	for b.Loop() {
		if _, err := sc.png(p.fonts, p.raster, nil); err != nil {
			b.Fatal(err)
		}
	}
}
