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

// TestTextOnACanvasAsOnRGBA draws texts in several colours over bars of
// many colours, on a canvas with a palette and on one of RGBA pixels from
// the start, and checks that both have the same pixels: also when the
// colours drawn outgrow the palette halfway (renumbered when some are
// drawn over, or RGBA after).
func TestTextOnACanvasAsOnRGBA(t *testing.T) {
	fs, err := newFonts()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		bars    int
		drawnOn bool // the bars drawn over in grey before the texts
	}{{3, false}, {120, false}, {230, true}, {250, true}} {
		bars := tc.bars
		var imgs []image.Image
		for _, rgba := range []bool{false, true} {
			c := newRaster().canvas(400, 120, color.RGBA{255, 255, 255, 255})
			if rgba {
				c.toRGBA()
			}
			for k := range bars {
				c.fill(image.Rect(k, 0, k+1, 120), color.RGBA{uint8(k), uint8(3 * k), 90, 255})
				if tc.drawnOn {
					c.fill(image.Rect(k, 0, k+1, 120), color.RGBA{128, 128, 128, 255})
				}
			}
			for i, ink := range []color.RGBA{{0x1b, 0x24, 0x27, 255}, {0xa4, 0x40, 0x1a, 255}, {0, 0, 0, 255}} {
				drawText(c, c.ras, fs.face(fsLabel*pngScale, i == 1), "Skapte arbeidsplasser 1 171", 2+float64(i)*7.3, 30+float64(i)*33.4, ink)
			}
			imgs = append(imgs, c.image())
		}
		for y := range 120 {
			for x := range 400 {
				if a, b := color.RGBAModel.Convert(imgs[0].At(x, y)), color.RGBAModel.Convert(imgs[1].At(x, y)); a != b {
					t.Fatalf("%d bars: pixel (%d, %d) is %v on the canvas with a palette, %v on RGBA", bars, x, y, a, b)
				}
			}
		}
	}
}
