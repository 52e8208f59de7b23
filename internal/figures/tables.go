package figures

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"sats/internal/model"
)

// The numbers of a figure as tables: a header row (the categories' heading
// and each series' label) and one row per category. A value that is not
// stated stays empty (null in JSON), never 0.

// header returns the heading of the categories and of each series, as the
// figure's HTML table (layouts/partials/figure-table.html) has them.
func header(f *model.Figure, m Meta) []string {
	h := f.CategoryLabel
	if h == "" {
		switch f.Computed {
		case "projects-by-focus-area":
			h = m.T("focusArea")
		case "projects-by-municipality":
			h = m.T("municipality")
		case "projects-by-support":
			h = m.T("supportKind")
		default:
			h = m.T("category")
		}
	}
	row := []string{h}
	for _, s := range f.Series {
		if f.Computed != "" {
			row = append(row, m.T("projectCount"))
		} else {
			row = append(row, s.Label)
		}
	}
	return row
}

// unitHeader is the header of the files of numbers (CSV, XLSX): each
// series' heading says the unit, «Viken fylkeskommune (mill. kr)», unless
// it names it already («Skapte arbeidsplasser» in arbeidsplasser).
func unitHeader(f *model.Figure, m Meta) []string {
	row := header(f, m)
	for i := 1; i < len(row); i++ {
		row[i] = withUnit(row[i], f.Unit)
	}
	return row
}

// withUnit is a heading with the unit in brackets after it, if it does not
// name the unit already.
func withUnit(heading, unit string) string {
	if unit == "" || strings.Contains(strings.ToLower(heading), strings.ToLower(unit)) {
		return heading
	}
	return heading + " (" + unit + ")"
}

// rows returns the table for a CSV file, with values written by format;
// nil values are "". Text cells are made safe for spreadsheets (safeText).
func rows(f *model.Figure, m Meta, format func(float64) string) [][]string {
	head := unitHeader(f, m)
	for i, h := range head {
		head[i] = safeText(h)
	}
	out := [][]string{head}
	for _, r := range f.Rows() {
		row := []string{safeText(r.Label)}
		for _, v := range r.Cells {
			if v == nil {
				row = append(row, "")
			} else {
				row = append(row, format(*v))
			}
		}
		out = append(out, row)
	}
	return out
}

// safeText neutralises a text cell that a spreadsheet would take for a
// formula (=, +, -, @) or that starts with a tab or CR, by putting a single
// quote before it, as OWASP's advice on CSV injection has it. Only text
// cells pass here: numbers, negative ones included, stay numbers.
func safeText(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}

func decimalPoint(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func decimalComma(x float64) string { return strings.Replace(decimalPoint(x), ".", ",", 1) }

// CSV is the figure for programs: RFC 4180 (comma-separated, CRLF line
// ends, quotes where needed), numbers with a decimal point and no grouping,
// UTF-8 without a byte order mark, a header row (each series with the unit)
// and nothing else.
func CSV(f *model.Figure, m Meta) ([]byte, error) {
	return writeCSV(',', rows(f, m, decimalPoint))
}

// ExcelCSV is the figure for Excel set up for Norway: separated by
// semicolons, numbers with a decimal comma, UTF-8 with a byte order mark (so
// that Excel reads æ, ø and å), and after the table an empty line and the
// metadata as label;value rows.
func ExcelCSV(f *model.Figure, m Meta) ([]byte, error) {
	recs := rows(f, m, decimalComma)
	recs = append(recs, []string{})
	for _, md := range metadata(f, m) {
		recs = append(recs, []string{safeText(md.label), safeText(md.value)})
	}
	data, err := writeCSV(';', recs)
	if err != nil {
		return nil, err
	}
	return append([]byte("\ufeff"), data...), nil
}

func writeCSV(sep rune, recs [][]string) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma, w.UseCRLF = sep, true
	if err := w.WriteAll(recs); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// meta is a line of a table's metadata: the interface string that names it,
// its label in the site's language and its value.
type meta struct{ key, label, value string }

// metadata is what a table says of itself besides the numbers.
func metadata(f *model.Figure, m Meta) []meta {
	var md []meta
	add := func(key, v string) {
		if v != "" {
			md = append(md, meta{key, m.T(key), v})
		}
	}
	add("figureTitle", f.Title)
	add("description", f.Description)
	add("unit", f.Unit)
	add("period", f.Period)
	add("source", f.Source)
	add("notes", f.Notes)
	add("updated", isoDate(f))
	add("licence", licenceLine(m))
	add("webPage", model.AbsURL(m.BaseURL, f.Page.URL))
	add("citeHeading", Citation(f, m))
	return md
}

// jsonFigure is the JSON form of a figure.
type jsonFigure struct {
	ID            string       `json:"id"`
	Title         string       `json:"title"`
	Description   string       `json:"description,omitempty"`
	Unit          string       `json:"unit,omitempty"`
	Period        string       `json:"period,omitempty"`
	Source        string       `json:"source,omitempty"`
	SourceDoc     *jsonSource  `json:"sourceDocument,omitempty"`
	Notes         string       `json:"notes,omitempty"`
	Computed      string       `json:"computed,omitempty"`
	Updated       string       `json:"updated,omitempty"`
	Language      string       `json:"language"`
	URL           string       `json:"url"`
	Publisher     string       `json:"publisher,omitempty"`
	Licence       jsonLicence  `json:"licence"`
	Citation      string       `json:"citation"`
	CategoryLabel string       `json:"categoryLabel"`
	Categories    []string     `json:"categories"`
	Series        []jsonSeries `json:"series"`
}

// jsonSource is the document a figure's numbers come from: its id in
// data/sources.yaml, title, publisher, date at the precision the document
// gives (2025-06-24, 2025-06 or 2025) and the place in it.
type jsonSource struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	Date      string `json:"date,omitempty"`
	URL       string `json:"url,omitempty"`
	At        string `json:"at,omitempty"`
}

type jsonLicence struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type jsonSeries struct {
	ID     string     `json:"id"`
	Label  string     `json:"label"`
	Values []*float64 `json:"values"`
}

// JSON is the figure's numbers with its metadata: id, title, description,
// unit, period, source (one line) and sourceDocument (the document and the
// place in it), notes, updated (YYYY-MM-DD), language, the URL of
// its page, publisher, licence, citation, the categories and each series'
// values in category order (null where not stated).
func JSON(f *model.Figure, m Meta) ([]byte, error) {
	head := header(f, m)
	j := jsonFigure{
		ID: f.ID, Title: f.Title, Description: f.Description, Unit: f.Unit, Period: f.Period,
		Source: f.Source, Notes: f.Notes, Computed: f.Computed, Updated: isoDate(f), Language: m.Lang,
		URL: model.AbsURL(m.BaseURL, f.Page.URL), Publisher: m.Publisher,
		Licence:  jsonLicence{Name: m.Licence.Name, URL: m.Licence.URL},
		Citation: Citation(f, m), CategoryLabel: head[0], Categories: []string{}, Series: []jsonSeries{},
	}
	if c := f.Cite; c != nil && c.Source != nil {
		j.SourceDoc = &jsonSource{ID: c.Source.ID, Title: c.Source.Title, Publisher: c.Source.Publisher,
			Date: c.Source.Date.ISO(), URL: c.Source.URL, At: c.At}
	}
	for _, c := range f.Categories {
		j.Categories = append(j.Categories, c.Label)
	}
	for i, s := range f.Series {
		values := make([]*float64, len(f.Categories))
		copy(values, s.Values)
		j.Series = append(j.Series, jsonSeries{ID: s.ID, Label: head[i+1], Values: values})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(j); err != nil {
		return nil, fmt.Errorf("json: %w", err)
	}
	return b.Bytes(), nil
}
