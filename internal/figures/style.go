package figures

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"strings"

	"sats/internal/diag"
	"sats/internal/load"
	"sats/internal/shareimage"
)

// Contrast a chart needs against its background (WCAG 2.2): text 4.5:1,
// lines and the edges of bars 3:1.
const (
	minTextContrast = 4.5
	minLineContrast = 3
)

// style is a chart style with every colour parsed.
type style struct {
	bg, text, line color.RGBA
	series         []color.RGBA
	font           string
}

// Neutral colours for a site whose data/results.yaml has no chart: block:
// black on white, the series told apart by their patterns.
const (
	defaultBG     = "#ffffff"
	defaultInk    = "#000000"
	defaultSeries = "#000000 #404040 #202020"
)

// newStyle parses the colours of s, filling in neutral ones where s has
// none, and checks their contrast. It reports every problem at once.
func newStyle(s load.ChartStyle) (*style, error) {
	var problems diag.List
	st := &style{font: cmp.Or(s.Font, "sans-serif")}
	parse := func(name, v, def string) color.RGBA {
		v = cmp.Or(v, def)
		c, err := shareimage.ParseColor(v)
		if err != nil {
			problems.Add(s.Pos, "chart colour %s %q is not a colour; write # and six hex digits, e.g. #174e5a", name, v)
			return color.RGBA{A: 255}
		}
		return color.RGBAModel.Convert(c).(color.RGBA)
	}
	st.bg = parse("background", s.Background, defaultBG)
	st.text = parse("text", s.Text, defaultInk)
	st.line = parse("line", s.Line, defaultInk)
	series := s.Series
	if len(series) == 0 {
		series = strings.Fields(defaultSeries)
	}
	for i, v := range series {
		st.series = append(st.series, parse(fmt.Sprintf("series[%d]", i), v, ""))
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	check := func(name string, c color.RGBA, least float64) {
		if r := contrast(c, st.bg); r < least {
			problems.Add(s.Pos, "chart colour %s %s has a contrast of %.1f:1 to the background %s, less than %.1f:1; choose a darker or lighter colour", name, hexOf(c), r, hexOf(st.bg), least)
		}
	}
	check("text", st.text, minTextContrast)
	check("line", st.line, minLineContrast)
	for i, c := range st.series {
		check(fmt.Sprintf("series[%d]", i), c, minLineContrast)
	}
	return st, problems.Err()
}

// seriesColour returns the colour of series i.
func (st *style) seriesColour(i int) color.RGBA { return st.series[i%len(st.series)] }

// contrast is the WCAG contrast ratio of two colours, from 1 to 21.
func contrast(a, b color.RGBA) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is the relative luminance of a colour (WCAG 2.2).
func luminance(c color.RGBA) float64 {
	ch := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(c.R) + 0.7152*ch(c.G) + 0.0722*ch(c.B)
}
