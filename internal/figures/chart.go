package figures

import (
	"image/color"
	"math"
	"net/url"
	"strings"

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
