package model

import (
	"html/template"
	"maps"
	"math"
	"slices"
	"time"

	"sats/internal/diag"
	"sats/internal/load"
	"sats/internal/schemaorg"
)

// Figure is a table of numbers: one row per category, one column per series.
type Figure struct {
	ID            string
	Title         string
	Description   string
	Unit          string
	Period        string
	Source        string    // where the figures come from, as one line of text (Cite.Text)
	Cite          *Citation // the source document and the place in it; nil if not stated
	Updated       time.Time
	Notes         string
	CategoryLabel string
	Categories    []Category
	Series        []Series
	Computed      string // how the figure was computed from the records, "" if typed in
	HasTotals     bool   // the figure states totals per series (checked against the values)
	ChartKind     string // ChartBars or ChartStacked (data/results.yaml chart:)
	Goal          *float64
	GoalLabel     string // what the goal is called: «Målet: 200 nye arbeidsplasser»
	Pos           diag.Pos
	Page          *Page // the figure's own page

	// Set by the build's figures step (package figures): a one-sentence
	// summary of what the chart shows, the chart as inline SVG, how to cite
	// the figure, the files to download, and the figure as a schema.org
	// Dataset, a node of its page's JSON-LD graph (render/jsonld.go).
	Summary   string
	Chart     template.HTML
	Citation  string
	Downloads []Download
	LD        *schemaorg.Dataset
}

// The kinds of chart: bars side by side, one per series in each category
// (the default), or stacked, the series of a category end to end in one bar
// with a total row first, against the figure's goal if it has one.
const (
	ChartBars    = "bars"
	ChartStacked = "stacked"
)

// Stacked reports whether the figure's chart stacks its series.
func (f *Figure) Stacked() bool { return f.ChartKind == ChartStacked }

// Download is a file of a figure, for readers to download.
type Download struct {
	Kind      string // csv, excel-csv, xlsx, json, svg, png
	Label     string // what readers call it: CSV, Excel (XLSX), …
	Format    string // the short name of the format: CSV, XLSX, JSON, SVG, PNG
	MediaType string
	URL       string // site path, e.g. /data/arbeidsplasser.csv
	Size      int64  // bytes
}

// Download returns the figure's download of a kind, or nil.
func (f *Figure) Download(kind string) *Download {
	for i := range f.Downloads {
		if f.Downloads[i].Kind == kind {
			return &f.Downloads[i]
		}
	}
	return nil
}

// Category is a row of a figure; URL links to the page of what it counts.
type Category struct {
	Label string
	URL   string
}

// Series is a column of a figure; a nil value is "not stated".
type Series struct {
	ID         string
	Label      string
	Values     []*float64
	NoTotal    bool   // the values may count the same thing twice: the series has no meaningful total
	Definition string // one sentence on what the series counts, from data/results.yaml
}

// Row is a category with its value in each series, for templates.
type Row struct {
	Category
	Cells []*float64
}

// Total returns the sum of the row's stated values.
func (r Row) Total() float64 { return sum(r.Cells) }

// Rows returns the figure row by row.
func (f *Figure) Rows() []Row {
	rows := make([]Row, len(f.Categories))
	for i, c := range f.Categories {
		rows[i].Category = c
		for _, s := range f.Series {
			var v *float64
			if i < len(s.Values) {
				v = s.Values[i]
			}
			rows[i].Cells = append(rows[i].Cells, v)
		}
	}
	return rows
}

// Decimals returns how many decimals the figure's values are written with:
// as many as the most precise stated value has (at most 3), so that a column
// of money reads 4,0 / 0,6, not 4 / 0,6.
func (f *Figure) Decimals() int {
	d := 0
	for _, s := range f.Series {
		for _, v := range s.Values {
			if v != nil {
				d = max(d, decimalsOf(*v))
			}
		}
	}
	return d
}

// decimalsOf returns the decimals x needs, at most 3.
func decimalsOf(x float64) int {
	for d := 0; d < 3; d++ {
		scaled := x * math.Pow10(d)
		if math.Abs(scaled-math.Round(scaled)) < 1e-6 {
			return d
		}
	}
	return 3
}

// Total returns the sum of a series' stated values.
func (f *Figure) Total(seriesID string) float64 {
	for _, s := range f.Series {
		if s.ID == seriesID {
			return sum(s.Values)
		}
	}
	return 0
}

// Totals returns the sum of each series, in series order.
func (f *Figure) Totals() []float64 {
	out := make([]float64, len(f.Series))
	for i, s := range f.Series {
		out[i] = sum(s.Values)
	}
	return out
}

// GrandTotal returns the sum of all stated values.
func (f *Figure) GrandTotal() float64 {
	var t float64
	for _, s := range f.Series {
		t += sum(s.Values)
	}
	return t
}

// Share returns a series' part of the grand total, in per cent.
func (f *Figure) Share(seriesID string) float64 {
	g := f.GrandTotal()
	if g == 0 {
		return 0
	}
	return 100 * f.Total(seriesID) / g
}

// Value returns the value of a series in a category (by label), and whether
// it is stated.
func (f *Figure) Value(seriesID, category string) (float64, bool) {
	i := slices.IndexFunc(f.Categories, func(c Category) bool { return c.Label == category })
	for _, s := range f.Series {
		if s.ID == seriesID && i >= 0 && i < len(s.Values) && s.Values[i] != nil {
			return *s.Values[i], true
		}
	}
	return 0, false
}

// Max returns the largest stated value, for scaling charts.
func (f *Figure) Max() float64 {
	m := 0.0
	for _, s := range f.Series {
		for _, v := range s.Values {
			if v != nil && *v > m {
				m = *v
			}
		}
	}
	return m
}

func sum(vs []*float64) float64 {
	var t float64
	for _, v := range vs {
		if v != nil {
			t += *v
		}
	}
	return t
}

// computeKinds are the figures the model can compute from the records.
var computeKinds = []string{"projects-by-focus-area", "projects-by-municipality", "projects-by-support"}

// The largest figure: its chart, table and downloads are made on every
// build, and a chart of thousands of bars takes gigabytes to draw as PNG.
const (
	MaxFigureCategories = 100
	MaxFigureSeries     = 12
)

// buildFigures turns the figures of data/results.yaml into Figures, computing
// those that count records and checking stated totals against their parts.
func (s *Site) buildFigures(figs []load.Figure, lang string, cite func(load.SourceRef) *Citation, problems *diag.List) {
	seen := map[string]bool{}
	for _, lf := range figs {
		lf = localize(lf, lf.Translations, lang, nil)
		lf.Series = slices.Clone(lf.Series)
		for i, ls := range lf.Series {
			lf.Series[i] = localize(ls, ls.Translations, lang, nil)
		}
		if seen[lf.ID] {
			problems.Add(lf.Pos, "figure id %q is used twice; give each figure its own id", lf.ID)
			continue
		}
		seen[lf.ID] = true
		f := &Figure{
			ID: lf.ID, Title: lf.Title, Description: lf.Description, Unit: lf.Unit,
			Period: lf.Period, Updated: lf.Updated, Notes: lf.Notes,
			CategoryLabel: lf.CategoryLabel, Computed: lf.Compute, Pos: lf.Pos,
			ChartKind: lf.Chart, GoalLabel: lf.GoalLabel,
		}
		if f.ChartKind == "" {
			f.ChartKind = ChartBars
		}
		if g := lf.Goal; g != nil {
			f.Goal = &g.Value
			if f.ChartKind != ChartStacked {
				problems.Add(g.Pos, "figure %q has a goal but its chart is %q; add chart: stacked to draw the goal against the sum of the series, or remove the goal", lf.ID, f.ChartKind)
			}
		}
		if f.Cite = cite(lf.Source); f.Cite != nil {
			f.Source = f.Cite.Text
		}
		if lf.Compute != "" {
			if !s.compute(f, lf) {
				problems.Add(lf.Pos, "unknown compute %q; use one of: %v", lf.Compute, computeKinds)
				continue
			}
		} else {
			s.typedFigure(f, lf, problems)
		}
		if len(f.Categories) > MaxFigureCategories || len(f.Series) > MaxFigureSeries {
			problems.Add(lf.Pos, "figure %q has %d categories and %d series, more than a chart can show (at most %d categories and %d series); split it into several figures", lf.ID, len(f.Categories), len(f.Series), MaxFigureCategories, MaxFigureSeries)
			continue
		}
		s.Figures = append(s.Figures, f)
	}
}

func (s *Site) typedFigure(f *Figure, lf load.Figure, problems *diag.List) {
	for _, c := range lf.Categories {
		f.Categories = append(f.Categories, Category{Label: c})
	}
	ids := map[string]bool{}
	for _, ls := range lf.Series {
		if ids[ls.ID] {
			problems.Add(ls.Pos, "series id %q is used twice in figure %q", ls.ID, lf.ID)
		}
		ids[ls.ID] = true
		if len(ls.Values) != len(lf.Categories) {
			problems.Add(ls.Pos, "series %q has %d values but the figure has %d categories; give one value per category (null where not stated)", ls.ID, len(ls.Values), len(lf.Categories))
		}
		f.Series = append(f.Series, Series{ID: ls.ID, Label: ls.Label, Values: ls.Values, NoTotal: ls.NoTotal, Definition: ls.Definition})
	}
	if len(lf.Series) == 0 {
		problems.Add(lf.Pos, "figure %q has no series; add series: with values, or compute: one of %v", lf.ID, computeKinds)
	}
	for _, id := range slices.Sorted(maps.Keys(lf.Totals)) {
		stated := lf.Totals[id]
		if !ids[id] {
			problems.Add(stated.Pos, "total for %q names no series of figure %q; series are: %v", id, lf.ID, slices.Sorted(maps.Keys(ids)))
			continue
		}
		f.HasTotals = true
		if got := f.Total(id); math.Abs(got-stated.Value) > 1e-9*max(1, math.Abs(got)) {
			problems.Add(stated.Pos, "total %s is %s but its parts add up to %s; correct the total or the values", id, fmtNum(stated.Value), fmtNum(got))
		}
	}
}

// compute fills a computed figure; it reports false for an unknown kind.
func (s *Site) compute(f *Figure, lf load.Figure) bool {
	label := lf.Unit
	if label == "" {
		label = s.T("projects")
	}
	var counts []*float64
	add := func(c Category, n int) {
		v := float64(n)
		f.Categories = append(f.Categories, c)
		counts = append(counts, &v)
	}
	notStated := 0
	switch lf.Compute {
	case "projects-by-focus-area":
		for _, a := range s.FocusAreas {
			add(Category{Label: a.Name, URL: a.Page.URL}, len(a.Projects))
		}
		for _, p := range s.Projects {
			if p.FocusArea == nil {
				notStated++
			}
		}
	case "projects-by-municipality":
		// A project the sources place in a municipality counts there; a
		// project for the whole region counts once, in a category of its
		// own, not as nothing for each municipality.
		for _, m := range s.Municipalities {
			add(Category{Label: m.Name, URL: m.Page.URL}, len(m.Projects))
		}
		whole := 0
		for _, p := range s.Projects {
			switch {
			case p.WholeRegion:
				whole++
			case len(p.Municipalities) == 0:
				notStated++
			}
		}
		if whole > 0 {
			add(Category{Label: s.T("wholeRegion")}, whole)
		}
	case "projects-by-support":
		// Another grant or round of a larger effort (Effort) is not another
		// project: the effort counts once.
		for _, k := range s.SupportKinds {
			n := 0
			for _, p := range k.Projects {
				if p.Effort == nil {
					n++
				}
			}
			add(Category{Label: k.Name}, n)
		}
	default:
		return false
	}
	if notStated > 0 {
		add(Category{Label: s.T("notStated")}, notStated)
	}
	f.Series = []Series{{ID: "count", Label: label, Values: counts}}
	return true
}
