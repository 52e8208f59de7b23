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
	type stack struct {
		label string
		cells []*float64
		total bool
	}
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
	x0 := pad + axisWidth
	top := 0.0
	if f.Goal != nil {
		top = *f.Goal
	}
	texts := make([]string, len(rows))
	labelW := 0.0
	for i, r := range rows {
		var parts []string
		for _, v := range r.cells {
			if v != nil {
				parts = append(parts, m.Locale.Number(*v))
			}
		}
		texts[i] = strings.Join(parts, " + ")
		labelW = max(labelW, fs.width(texts[i], fsValue, false)*slack)
		top = max(top, sum(r.cells))
	}
	avail := sc.w - pad - x0 - labelW - 5
	scale := func(v float64) float64 {
		if top <= 0 || v <= 0 {
			return 0
		}
		return v / top * avail
	}
	for i, r := range rows {
		y += 2
		sc.addLines(&y, fs.wrap(r.label, fsLabel, r.total, inner), fsLabel, r.total, st.text)
		goalTop := 0.0
		if r.total && f.Goal != nil {
			label := cmp.Or(f.GoalLabel, m.Locale.Number(*f.Goal))
			gx := x0 + scale(*f.Goal)
			// Beside the line, right or left where it fits, else from the
			// left margin.
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
			sc.texts = append(sc.texts, text{x: tx, y: y, s: label, size: fsSmall, bold: true, anchor: anchorAt, c: st.text})
			goalTop = y - fsSmall
			if !beside {
				goalTop = y + fsSmall*0.3 // the line starts below the label it would cross
			}
			y += 4
		}
		y += 3
		barTop := y
		if texts[i] == "" {
			sc.texts = append(sc.texts, text{x: x0 + 5, y: y + barHeight/2 + fsValue*0.35, s: t.notStated, size: fsValue, c: st.text})
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
		if texts[i] != "" {
			sc.texts = append(sc.texts, text{x: x + 5, y: y + barHeight/2 + fsValue*0.35, s: texts[i], size: fsValue, c: st.text})
		}
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
