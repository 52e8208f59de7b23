package figures

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// svg writes a scene as an SVG document drawn at scale (its width and height
// attributes; the viewBox is in user units). Every colour, size and font is
// a presentation attribute: there is no style attribute and no <style>
// element, so a Content-Security-Policy without 'unsafe-inline' allows it
// inline in a page. The chart is an image to assistive technology, named by
// its <title> and described by its <desc>.
func (sc *scene) svg(scale float64) []byte {
	var b bytes.Buffer
	titleID, descID := sc.id+"-title", sc.id+"-desc"
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s %s" font-family="%s">`,
		num(sc.w), num(sc.h), num(math.Round(sc.w*scale)), num(math.Round(sc.h*scale)), titleID, descID, esc(sc.font))
	fmt.Fprintf(&b, "\n<title id=\"%s\">%s</title>\n<desc id=\"%s\">%s</desc>\n", titleID, esc(sc.title), descID, esc(sc.desc))
	if len(sc.patterns) > 0 {
		b.WriteString("<defs>\n")
		for _, p := range sc.patterns {
			c := hexOf(p.c)
			switch p.pattern {
			case stripes:
				fmt.Fprintf(&b, `<pattern id="%s" width="%s" height="%s" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="%s" height="%s" fill="%s"/><rect width="%s" height="%s" fill="%s"/></pattern>`+"\n",
					p.id, num(stripePeriod), num(stripePeriod), num(stripePeriod), num(stripePeriod), hexOf(sc.bg), num(stripeWidth), num(stripePeriod), c)
			case dots:
				fmt.Fprintf(&b, `<pattern id="%s" width="%s" height="%s" patternUnits="userSpaceOnUse"><rect width="%s" height="%s" fill="%s"/><circle cx="%s" cy="%s" r="%s" fill="%s"/></pattern>`+"\n",
					p.id, num(dotPeriod), num(dotPeriod), num(dotPeriod), num(dotPeriod), hexOf(sc.bg), num(dotPeriod/2), num(dotPeriod/2), num(dotRadius), c)
			}
		}
		b.WriteString("</defs>\n")
	}
	fmt.Fprintf(&b, `<rect width="%s" height="%s" fill="%s"/>`+"\n", num(sc.w), num(sc.h), hexOf(sc.bg))
	for _, r := range sc.rects {
		fill := hexOf(r.fill.c)
		if r.fill.id != "" {
			fill = "url(#" + r.fill.id + ")"
		}
		if r.stroke != nil {
			// The outline lies inside the rectangle, as the PNG draws it.
			h := strokeWidth / 2
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s" stroke-width="%s"/>`+"\n",
				num(r.x+h), num(r.y+h), num(max(r.w-strokeWidth, 0)), num(r.h-strokeWidth), fill, hexOf(*r.stroke), num(strokeWidth))
			continue
		}
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`+"\n", num(r.x), num(r.y), num(r.w), num(r.h), fill)
	}
	for _, l := range sc.lines {
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"/>`+"\n",
			num(l.x1), num(l.y1), num(l.x2), num(l.y2), hexOf(l.c), num(l.w))
	}
	for _, t := range sc.texts {
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="%s" fill="%s"`, num(t.x), num(t.y), num(t.size), hexOf(t.c))
		if t.bold {
			b.WriteString(` font-weight="bold"`)
		}
		if t.anchor == end {
			b.WriteString(` text-anchor="end"`)
		}
		fmt.Fprintf(&b, ">%s</text>\n", esc(t.s))
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// strokeWidth is the width of the outline of bars and swatches.
const strokeWidth = 1.0

// num writes a coordinate with at most two decimals.
func num(x float64) string {
	return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64)
}

// esc escapes text for XML: the five special characters as entities, a
// carriage return as a reference (so that it is not read as a line end), and
// the characters XML cannot hold at all left out.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\r':
			b.WriteString("&#13;")
		case r == '\t' || r == '\n' || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000:
			b.WriteString(html.EscapeString(string(r)))
		}
	}
	return b.String()
}

func hexOf(c interface{ RGBA() (r, g, b, a uint32) }) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}

func itoa(i int) string { return strconv.Itoa(i) }
