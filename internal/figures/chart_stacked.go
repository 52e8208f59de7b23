package figures

import (
	"cmp"
	"math"
	"strings"

	"sats/internal/model"
)

// The stacked chart: the series of a category one after another in one bar,
// the sum at the top, and the goal as a line across it.

// stacked draws the rows of a stacked chart from y down: a total row first
// (when there are several categories), then each category's label above one
// bar with its series end to end, and the stated values after it joined by
// «+». A goal is a vertical line across the total's bar, named above it.
// Every bar is on the scale of the larger of the goal and the longest bar.
// It returns the y below.
func (p *Publisher) stacked(sc *scene, f *model.Figure, m Meta, t chartTexts, paints []paint, y, inner float64) float64 {
	st, fs := p.style, p.fonts
	rows := stackRows(f, m)
	x0 := pad + axisWidth
	top, labelW := 0.0, 0.0
	if f.Goal != nil {
		top = *f.Goal
	}
	for _, r := range rows {
		labelW = max(labelW, fs.width(r.text, fsValue, false)*slack)
		top = max(top, sum(r.cells))
	}
	avail := sc.w - pad - x0 - labelW - 5
	scale := func(v float64) float64 {
		if top <= 0 || v <= 0 {
			return 0
		}
		return v / top * avail
	}
	for _, r := range rows {
		y += 2
		sc.addLines(&y, fs.wrap(r.label, fsLabel, r.total, inner), fsLabel, r.total, st.text)
		goalTop := 0.0
		if r.total && f.Goal != nil {
			label := cmp.Or(f.GoalLabel, m.Locale.Number(*f.Goal))
			y, goalTop = p.goalLabel(sc, label, x0+scale(*f.Goal), y, inner)
		}
		y += 3
		barTop := y
		p.stackBar(sc, r, paints, scale, x0, y, t.notStated)
		y += barHeight
		sc.lines = append(sc.lines, line{x1: pad + axisWidth/2, y1: barTop - 2, x2: pad + axisWidth/2, y2: y + 2, w: axisWidth, c: st.line})
		if goalTop > 0 {
			gx := x0 + scale(*f.Goal)
			sc.lines = append(sc.lines, line{x1: gx, y1: goalTop, x2: gx, y2: y + 4, w: 2, c: st.text})
		}
		y += groupGap
	}
	return y - groupGap
}

// stack is a bar of a stacked chart: its label, its series' values, whether
// it is the total of every category, and the stated values as text.
type stack struct {
	label string
	cells []*float64
	total bool
	text  string // the stated values joined by « + »; "" if none is
}

// stackRows are the bars of a stacked chart: the total row first when there
// are several categories, then one per category.
func stackRows(f *model.Figure, m Meta) []stack {
	var rows []stack
	if len(f.Categories) > 1 {
		var sums []*float64
		for _, s := range f.Series {
			v := sum(s.Values)
			sums = append(sums, &v)
		}
		rows = append(rows, stack{label: m.T("total"), cells: sums, total: true})
	}
	for _, r := range f.Rows() {
		rows = append(rows, stack{label: r.Label, cells: r.Cells})
	}
	for i, r := range rows {
		var parts []string
		for _, v := range r.cells {
			if v != nil {
				parts = append(parts, m.Locale.Number(*v))
			}
		}
		rows[i].text = strings.Join(parts, " + ")
	}
	return rows
}

// goalLabel draws the name of the goal above the total's bar, beside the
// goal's line at gx: right or left of it where it fits, else from the left
// margin. It returns the y below the label and the y where the line starts.
func (p *Publisher) goalLabel(sc *scene, label string, gx, y, inner float64) (below, lineTop float64) {
	fs := p.fonts
	label = fs.fit(label, fsSmall, true, inner)
	lw := fs.width(label, fsSmall, true) * slack
	tx, anchorAt, beside := gx+4, start, true
	switch {
	case gx+4+lw <= sc.w-pad:
	case gx-4-lw >= pad:
		tx, anchorAt = gx-4, end
	default:
		tx, beside = pad, false
	}
	y += fsSmall * 1.05
	sc.texts = append(sc.texts, text{x: tx, y: y, s: label, size: fsSmall, bold: true, anchor: anchorAt, c: p.style.text})
	lineTop = y - fsSmall
	if !beside {
		lineTop = y + fsSmall*0.3 // the line starts below the label it would cross
	}
	return y + 4, lineTop
}

// stackBar draws bar r at y, its series end to end from x0, and its values
// after it (or, when none is stated, the text that says so).
func (p *Publisher) stackBar(sc *scene, r stack, paints []paint, scale func(float64) float64, x0, y float64, notStated string) {
	textY := y + barHeight/2 + fsValue*0.35
	if r.text == "" {
		sc.texts = append(sc.texts, text{x: x0 + 5, y: textY, s: notStated, size: fsValue, c: p.style.text})
	}
	x := x0
	for j, v := range r.cells {
		if v == nil || *v <= 0 {
			continue
		}
		w := math.Max(scale(*v), 2)
		c := paints[j].c
		sc.rects = append(sc.rects, rect{x: x, y: y, w: w, h: barHeight, fill: paints[j], stroke: &c})
		x += w
	}
	if r.text != "" {
		sc.texts = append(sc.texts, text{x: x + 5, y: textY, s: r.text, size: fsValue, c: p.style.text})
	}
}
