package shareimage

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

func TestParseColor(t *testing.T) {
	cases := []struct {
		in   string
		want color.RGBA
		ok   bool
	}{
		{"#0e3640", color.RGBA{0x0e, 0x36, 0x40, 0xff}, true},
		{"#FFFFFF", color.RGBA{0xff, 0xff, 0xff, 0xff}, true},
		{"#f80", color.RGBA{0xff, 0x88, 0x00, 0xff}, true},
		{"0e3640", color.RGBA{}, false},
		{"#0e364", color.RGBA{}, false},
		{"#gggggg", color.RGBA{}, false},
		{"", color.RGBA{}, false},
	}
	for _, c := range cases {
		got, err := ParseColor(c.in)
		if (err == nil) != c.ok {
			t.Errorf("ParseColor(%q): error %v, want ok=%v", c.in, err, c.ok)
			continue
		}
		if c.ok && got != c.want {
			t.Errorf("ParseColor(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestRenderDrawsTextOnBackground decodes the image: it has the size of a
// link preview, the background colour at the corners and the margins, and
// text in the foreground colour inside the margins, for short and long texts.
func TestRenderDrawsTextOnBackground(t *testing.T) {
	bg := color.RGBA{0x0e, 0x36, 0x40, 0xff}
	fg := color.RGBA{0xff, 0xff, 0xff, 0xff}
	cases := []struct{ name, title, tagline string }{
		{"short", "Testsiden", "En side for tester."},
		{"Norwegian letters", "Sats på Hallingdal", "Omstillingsprogrammet for Hallingdal 2021–2025 – hva det var, hvem det støttet og hva det oppnådde."},
		{"very long", strings.Repeat("Arbeidsplassene i regionen ", 12), strings.Repeat("Kommunane og næringslivet ", 30)},
		{"no tagline", "Bare tittel", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data, err := Render(Options{Title: c.title, Tagline: c.tagline, Background: bg, Foreground: fg})
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			if b := img.Bounds(); b.Dx() != Width || b.Dy() != Height {
				t.Fatalf("size %v, want %dx%d", b.Size(), Width, Height)
			}
			for _, p := range []image.Point{{0, 0}, {Width - 1, 0}, {0, Height - 1}, {Width - 1, Height - 1}, {margin / 2, Height / 2}, {Width - margin/2, Height / 2}} {
				if got := color.RGBAModel.Convert(img.At(p.X, p.Y)); got != bg {
					t.Errorf("pixel %v is %v, want the background %v", p, got, bg)
				}
			}
			text := 0
			for y := margin; y < Height-margin; y++ {
				for x := margin; x < Width-margin; x++ {
					if color.RGBAModel.Convert(img.At(x, y)) == fg {
						text++
					}
				}
			}
			if text < 1000 {
				t.Errorf("%d pixels in the foreground colour inside the margins, want the text drawn", text)
			}
		})
	}
}
