package figures

import (
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Text in a chart is measured, wrapped and cut with the Go fonts, the fonts
// the PNG is drawn in, so the SVG and the PNG break lines alike.

// fonts measures text with the Go fonts, the fonts the PNG is drawn in.
type fonts struct {
	regular, bold *opentype.Font
	faces         map[faceKey]font.Face
}

type faceKey struct {
	size float64
	bold bool
}

// newFonts parses the Go fonts and makes a face of every size a chart uses,
// for measuring (scale 1) and for the PNG (pngScale).
func newFonts() (*fonts, error) {
	r, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, err
	}
	b, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, err
	}
	fs := &fonts{regular: r, bold: b, faces: map[faceKey]font.Face{}}
	for _, size := range []float64{fsTitle, fsLabel, fsValue, fsSmall} {
		for _, scale := range []float64{1, pngScale} {
			for _, bold := range []bool{false, true} {
				fnt := r
				if bold {
					fnt = b
				}
				f, err := opentype.NewFace(fnt, &opentype.FaceOptions{Size: size * scale, DPI: 72, Hinting: font.HintingNone})
				if err != nil {
					return nil, err
				}
				fs.faces[faceKey{size * scale, bold}] = f
			}
		}
	}
	return fs, nil
}

// face returns the face of a size in pixels (a size of the chart times 1 or
// pngScale, made by newFonts).
func (fs *fonts) face(size float64, bold bool) font.Face {
	if f, ok := fs.faces[faceKey{size, bold}]; ok {
		return f
	}
	return fs.faces[faceKey{fsValue, false}]
}

// width is the width of s in user units at a font size.
func (fs *fonts) width(s string, size float64, bold bool) float64 {
	return fixedFloat(font.MeasureString(fs.face(size, bold), s))
}

func fixedFloat(x fixed.Int26_6) float64 { return float64(x) / 64 }

// maxLines is the most lines a text of a chart takes; the rest is cut.
const maxLines = 4

// wrap breaks text into lines no wider than max (with slack), at most
// maxLines of them; a word too long for a line of its own is cut.
func (fs *fonts) wrap(s string, size float64, bold bool, max float64) []string {
	var lines []string
	cur := ""
	words := strings.Fields(s)
	for i, w := range words {
		next := w
		if cur != "" {
			next = cur + " " + w
		}
		if cur != "" && fs.width(next, size, bold)*slack > max {
			lines = append(lines, fs.fit(cur, size, bold, max))
			next = w
			if len(lines) == maxLines {
				lines[maxLines-1] = fs.fit(lines[maxLines-1]+" "+strings.Join(words[i:], " "), size, bold, max)
				return lines
			}
		}
		cur = next
	}
	if cur != "" {
		lines = append(lines, fs.fit(cur, size, bold, max))
	}
	return lines
}

// fit returns s, or as much of it as fits in max followed by "…".
func (fs *fonts) fit(s string, size float64, bold bool, max float64) string {
	if fs.width(s, size, bold)*slack <= max {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r) // the longest prefix that fits is r[:lo]
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fs.width(string(r[:mid])+"…", size, bold)*slack <= max {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimSpace(string(r[:lo])) + "…"
}
