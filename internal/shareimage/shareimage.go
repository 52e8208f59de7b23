// Package shareimage draws the default image of link previews (Open Graph
// and Twitter cards): a site's title and tagline on a plain background, as a
// PNG of Width × Height pixels. The text is set in the Go fonts (a bundled
// open font, golang.org/x/image/font/gofont), wrapped to the width, and made
// smaller when it would not fit.
//
// The colours and texts come from the caller (the layouts and the site's
// settings); nothing about a particular site is written here.
package shareimage

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strconv"
	"strings"

	"sats/internal/palette"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The size of the image, the one Open Graph and Twitter recommend.
const (
	Width  = 1200
	Height = 630
)

// Version goes into the image's fingerprint: change it when the drawing
// changes, so that no cache keeps the old image.
const Version = "2"

// margin is the space around the text, in pixels.
const margin = 80

// Options are what the image shows.
type Options struct {
	Title      string
	Tagline    string
	Background color.Color
	Foreground color.Color
}

// Render draws the image and encodes it as PNG.
func Render(o Options) ([]byte, error) {
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, err
	}
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, err
	}
	img := image.NewRGBA(image.Rect(0, 0, Width, Height))
	draw.Draw(img, img.Bounds(), image.NewUniform(o.Background), image.Point{}, draw.Src)

	// The title as large as fits in three lines, the tagline smaller; both
	// shrink until the block fits between the margins.
	maxW := Width - 2*margin
	for titleSize := 84.0; titleSize >= 24; titleSize -= 4 {
		tagSize := titleSize * 0.45
		title, err := layout(bold, titleSize, o.Title, maxW)
		if err != nil {
			return nil, err
		}
		tag, err := layout(regular, tagSize, o.Tagline, maxW)
		if err != nil {
			return nil, err
		}
		gap := 0
		if len(title.lines) > 0 && len(tag.lines) > 0 {
			gap = int(titleSize * 0.6)
		}
		total := title.height() + gap + tag.height()
		if (len(title.lines) > 3 || total > Height-2*margin) && titleSize > 24 {
			title.face.Close()
			tag.face.Close()
			continue
		}
		// Left-aligned, the block centred vertically, with a rule above it.
		y := (Height - total) / 2
		rule := image.Rect(margin, y-36, margin+120, y-28)
		draw.Draw(img, rule, image.NewUniform(o.Foreground), image.Point{}, draw.Over)
		y = title.draw(img, o.Foreground, y)
		tag.draw(img, o.Foreground, y+gap)
		title.face.Close()
		tag.face.Close()
		break
	}
	// A title on a plain background has few colours: with a palette the
	// file is half the size and quicker to make.
	pal, _ := palette.Of(img, nil)
	var buf bytes.Buffer
	if err := png.Encode(&buf, pal); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// block is text wrapped into lines in one face.
type block struct {
	face       font.Face
	lines      []string
	lineHeight int
	ascent     int
}

func (b block) height() int { return len(b.lines) * b.lineHeight }

// layout wraps text at spaces to lines no wider than maxW; a word wider than
// the line stands alone.
func layout(f *opentype.Font, size float64, text string, maxW int) (block, error) {
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return block{}, err
	}
	m := face.Metrics()
	b := block{face: face, lineHeight: int(float64(m.Height.Ceil()) * 1.15), ascent: m.Ascent.Ceil()}
	line := ""
	for _, w := range strings.Fields(text) {
		next := w
		if line != "" {
			next = line + " " + w
		}
		if line != "" && font.MeasureString(face, next).Ceil() > maxW {
			b.lines = append(b.lines, line)
			next = w
		}
		line = next
	}
	if line != "" {
		b.lines = append(b.lines, line)
	}
	return b, nil
}

// draw writes the lines from top y and returns the y below them.
func (b block) draw(img draw.Image, c color.Color, y int) int {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: b.face}
	for _, l := range b.lines {
		d.Dot = fixed.P(margin, y+b.ascent)
		d.DrawString(l)
		y += b.lineHeight
	}
	return y
}

// ParseColor reads a colour written as in CSS: #rgb or #rrggbb.
func ParseColor(s string) (color.Color, error) {
	h := strings.TrimPrefix(s, "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if len(h) != 6 || !strings.HasPrefix(s, "#") || err != nil {
		return nil, fmt.Errorf("colour %q is not a colour like #0e3640", s)
	}
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}, nil
}
