package figures

import (
	"image/color"
	"math"
	"net/url"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"sats/internal/model"
)

// A chart is drawn once, as a scene of rectangles, lines and text in user
// units, and the scene is written as SVG (svg.go) or rasterized as PNG
// (png.go): the two are the same drawing.
//
// The chart is a horizontal bar chart: each category's label on a line of
// its own, above one bar per series, with the value written after the bar.
// Long labels never have to share a line with a bar, so the chart stays
// narrow (chartWidth units) and readable on a 320 px phone. Series differ
// in colour and in pattern (solid, stripes, dots), so they can be told
// apart in greyscale print and without colour vision, and a legend shows
// each series' pattern. A stacked chart (model.ChartStacked) puts a
// category's series end to end in one bar, with a total row first and the
// figure's goal as a line across it (stacked).

// Sizes in user units. The chart on a page is chartWidth wide, drawn at
// inlineScale and shrinking to the column on a phone (at 288 px, a 320 px
// screen less the margins, the labels are 14.4 px). The chart as a file of its own is fileWidth wide, a shape
// that fits an article; its SVG is drawn at scale 1 and its PNG at
// pngScale, 1200 px wide.
const (
	chartWidth  = 300.0
	fileWidth   = 600.0
	inlineScale = 1.3
	pngScale    = 2.0

	pad       = 10.0
	fsTitle   = 17.0
	fsLabel   = 15.0
	fsValue   = 14.0
	fsSmall   = 13.5
	barHeight = 18.0
	barGap    = 4.0
	groupGap  = 14.0
	axisWidth = 1.5
	swatchW   = 20.0
	swatchH   = 13.0
	// Labels are measured with the Go fonts; the browser may use a wider
	// font for the SVG, so measured widths get this much room.
	slack = 1.12
)

// Fill patterns of the series, in turn.
const (
	solid = iota
	stripes
	dots
	patterns
)

// Pattern geometry, in user units: stripes at 45° of stripeWidth every
// stripePeriod; dots of dotRadius every dotPeriod.
const (
	stripePeriod = 6.0
	stripeWidth  = 3.0
	dotPeriod    = 5.0
	dotRadius    = 1.6
)

// paint is the fill of a bar or legend swatch.
type paint struct {
	c       color.RGBA
	pattern int
	id      string // the SVG pattern's id; "" for solid
}

type anchor int

const (
	start anchor = iota
	end
)

type rect struct {
	x, y, w, h float64
	fill       paint
	stroke     *color.RGBA // an outline of width axisWidth/1.5 inside the rectangle, or nil
}

type line struct {
	x1, y1, x2, y2, w float64
	c                 color.RGBA
}

type text struct {
	x, y   float64 // y is the baseline
	s      string
	size   float64
	bold   bool
	anchor anchor
	c      color.RGBA
}

// scene is a chart ready to be written or rasterized.
type scene struct {
	id       string // prefix of the SVG's ids
	w, h     float64
	bg       color.RGBA
	font     string
	title    string // <title>
	desc     string // <desc>
	patterns []paint
	rects    []rect
	lines    []line
	texts    []text
}

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

// chartTexts are the texts of a chart besides its numbers.
type chartTexts struct {
	title     string   // drawn at the top of a standalone chart; "" inline
	unit      string   // "Enhet: arbeidsplasser · 2022–2025"
	footer    []string // source, licence and site, below a standalone chart
	desc      string   // the summary, for <desc>
	notStated string
}

// layout draws figure f as a scene. full adds the title above and the
// source and licence below, for the chart as a file of its own.
func (p *Publisher) layout(f *model.Figure, m Meta, full bool) *scene {
	st, fs := p.style, p.fonts
	t := p.texts(f, m, full)
	width := chartWidth
	if full {
		width = fileWidth
	}
	sc := &scene{id: "chart-" + f.ID, w: width, bg: st.bg, font: st.font, title: f.Title, desc: t.desc}
	inner := width - 2*pad
	y := pad

	if t.title != "" {
		sc.addLines(&y, fs.wrap(t.title, fsTitle, true, inner), fsTitle, true, st.text)
		y += 4
	}
	if t.unit != "" {
		sc.addLines(&y, fs.wrap(t.unit, fsSmall, false, inner), fsSmall, false, st.text)
		y += 4
	}

	// One paint per series.
	paints := make([]paint, len(f.Series))
	for i := range f.Series {
		paints[i] = paint{c: st.seriesColour(i), pattern: i % patterns}
		if paints[i].pattern != solid {
			paints[i].id = sc.id + "-p" + itoa(i)
			sc.patterns = append(sc.patterns, paints[i])
		}
	}

	// The legend, when there is more than one series: swatch and label,
	// as many to a row as fit.
	if len(f.Series) > 1 {
		x := pad
		y += 4
		rowTop := y
		for i, s := range f.Series {
			label := fs.fit(s.Label, fsSmall, false, inner-swatchW-6)
			w := swatchW + 6 + fs.width(label, fsSmall, false)*slack
			if x > pad && x+w > width-pad {
				x, rowTop = pad, rowTop+fsSmall*1.6
			}
			c := paints[i].c
			sc.rects = append(sc.rects, rect{x: x, y: rowTop, w: swatchW, h: swatchH, fill: paints[i], stroke: &c})
			sc.texts = append(sc.texts, text{x: x + swatchW + 6, y: rowTop + swatchH - 2, s: label, size: fsSmall, c: st.text})
			x += w + 14
		}
		y = rowTop + fsSmall*1.6 + 4
	}

	if f.Stacked() {
		y = p.stacked(sc, f, m, t, paints, y, inner)
	} else {
		y = p.bars(sc, f, m, t, paints, y, inner)
	}

	if len(t.footer) > 0 {
		y += 10
		sc.lines = append(sc.lines, line{x1: pad, y1: y, x2: width - pad, y2: y, w: 0.75, c: st.line})
		y += 2
		for _, l := range t.footer {
			sc.addLines(&y, fs.wrap(l, fsSmall, false, inner), fsSmall, false, st.text)
		}
	}
	sc.h = math.Ceil(y + pad)
	return sc
}

// bars draws the rows of a bar chart from y down: each category's label,
// then one bar per series with its value after it. It returns the y below.
func (p *Publisher) bars(sc *scene, f *model.Figure, m Meta, t chartTexts, paints []paint, y, inner float64) float64 {
	st, fs := p.style, p.fonts
	width := sc.w
	// Bars: the longest spans the width left after the widest value label.
	x0 := pad + axisWidth
	values := map[*float64]string{}
	labelW := 0.0
	for _, s := range f.Series {
		for _, v := range s.Values {
			if v != nil {
				values[v] = m.Locale.Number(*v)
				labelW = max(labelW, fs.width(values[v], fsValue, false)*slack)
			}
		}
	}
	avail := width - pad - x0 - labelW - 5
	top := f.Max()
	for _, r := range f.Rows() {
		y += 2
		sc.addLines(&y, fs.wrap(r.Label, fsLabel, false, inner), fsLabel, false, st.text)
		y += 3
		groupTop := y
		for i, v := range r.Cells {
			if v == nil {
				sc.texts = append(sc.texts, text{x: x0 + 5, y: y + barHeight/2 + fsValue*0.35, s: t.notStated, size: fsValue, c: st.text})
				y += barHeight + barGap
				continue
			}
			w := 0.0
			if top > 0 && *v > 0 {
				w = math.Max(*v/top*avail, 2)
			}
			if w > 0 {
				c := paints[i].c
				sc.rects = append(sc.rects, rect{x: x0, y: y, w: w, h: barHeight, fill: paints[i], stroke: &c})
			}
			sc.texts = append(sc.texts, text{x: x0 + w + 5, y: y + barHeight/2 + fsValue*0.35, s: values[v], size: fsValue, c: st.text})
			y += barHeight + barGap
		}
		y -= barGap
		sc.lines = append(sc.lines, line{x1: pad + axisWidth/2, y1: groupTop - 2, x2: pad + axisWidth/2, y2: y + 2, w: axisWidth, c: st.line})
		y += groupGap
	}
	y -= groupGap

	return y
}

// sum is the sum of the stated values.
func sum(vs []*float64) float64 {
	t := 0.0
	for _, v := range vs {
		if v != nil {
			t += *v
		}
	}
	return t
}

// addLines writes lines of text from the left margin, each below *y, and
// moves *y below them.
func (sc *scene) addLines(y *float64, lines []string, size float64, bold bool, c color.RGBA) {
	for _, l := range lines {
		*y += size * 1.05
		sc.texts = append(sc.texts, text{x: pad, y: *y, s: l, size: size, bold: bold, c: c})
		*y += size * 0.3
	}
}

// texts returns the words of f's chart.
func (p *Publisher) texts(f *model.Figure, m Meta, full bool) chartTexts {
	t := chartTexts{desc: Summary(f, m), notStated: m.T("notStated")}
	var unit []string
	if f.Unit != "" {
		unit = append(unit, m.sprintf("chartUnit", f.Unit))
	}
	if f.Period != "" {
		unit = append(unit, f.Period)
	}
	t.unit = strings.Join(unit, " · ")
	if full {
		t.title = f.Title
		if f.Source != "" {
			t.footer = append(t.footer, m.sprintf("chartSource", f.Source))
		}
		var l []string
		if m.Licence.Name != "" {
			l = append(l, m.sprintf("chartLicence", m.Licence.Name))
		}
		l = append(l, m.SiteTitle)
		if u, err := url.Parse(m.BaseURL); err == nil && u.Host != "" {
			l = append(l, u.Host)
		}
		t.footer = append(t.footer, strings.Join(l, " · "))
	}
	return t
}
