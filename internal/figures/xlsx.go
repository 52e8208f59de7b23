package figures

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"sats/internal/model"
)

// The places in the XLSX sheet: the title in A1, the description in A2 and
// the table's header row at tableRow.
const tableRow = 4

// metadataSheet is the name of the XLSX sheet of metadata, the same word in
// Norwegian and English.
const metadataSheet = "Metadata"

// XLSX is the figure as an Excel workbook of two sheets. The first holds the
// title and description above the table, the numbers as numbers (shown with
// as many decimals as the series has) under headings that say the unit. The
// second, Metadata, holds label and value: title, description, unit,
// period, source, notes, the updated date (a date, not text), licence (a
// link), the figure's page (a link) and the citation. The document
// properties say the same; their dates are the figure's updated date, so
// that the file is the same on every build. The file format is written by
// xlsxfile.go.
func XLSX(f *model.Figure, m Meta) ([]byte, error) {
	w := newWorkbook(sheetName(f.ID))
	head := unitHeader(f, m)
	w.table(f, head)
	w.metadata(f, m)
	w.columnWidths(f, head)

	date := ""
	if !f.Updated.IsZero() {
		date = f.Updated.UTC().Format("2006-01-02T15:04:05Z")
	}
	w.x.props = xlsxProps{
		title: f.Title, subject: f.Description, description: licenceLine(m), creator: m.Publisher,
		lastModifiedBy: m.Publisher, identifier: model.AbsURL(m.BaseURL, f.Page.URL), language: m.Lang,
		created: date, modified: date, keywords: f.ID,
	}
	if err := errors.Join(w.errs...); err != nil {
		return nil, err
	}
	return w.x.bytes()
}

// workbook is an XLSX file being written: its two sheets, its cell styles,
// and the errors of the cells that could not be set, reported together at
// the end.
type workbook struct {
	x                       *xlsxBook
	data, meta              *xlsxSheet
	bold, title, date, wrap int // cell styles
	errs                    []error
}

// newWorkbook returns a workbook with the figure's sheet and the metadata
// sheet.
func newWorkbook(sheet string) *workbook {
	if strings.EqualFold(sheet, metadataSheet) {
		sheet += "-1" // two sheets may not have the same name
	}
	x := newXLSXBook(sheet, metadataSheet)
	return &workbook{x: x, data: x.sheets[0], meta: x.sheets[1],
		bold:  x.style(xlsxStyle{bold: true}),
		title: x.style(xlsxStyle{bold: true, size: 14}),
		date:  x.style(xlsxStyle{numFmt: "yyyy-mm-dd", leftText: true}),
		wrap:  x.style(xlsxStyle{wrap: true}),
	}
}

func (w *workbook) set(s *xlsxSheet, col, row int, v any) {
	if err := s.set(col, row, v); err != nil {
		w.errs = append(w.errs, err)
	}
}

// table writes the title, the description and the numbers of figure f on
// its sheet, each series in a number format of its own.
func (w *workbook) table(f *model.Figure, head []string) {
	s := w.data
	w.set(s, 1, 1, f.Title)
	s.setStyle(1, 1, 1, 1, w.title)
	w.set(s, 1, 2, f.Description)
	for i, h := range head {
		w.set(s, i+1, tableRow, h)
	}
	s.setStyle(1, tableRow, len(head), tableRow, w.bold)
	for j, sr := range f.Series {
		col := j + 2
		for i, v := range sr.Values {
			if v != nil && i < len(f.Categories) {
				w.set(s, col, tableRow+1+i, *v)
			}
		}
		if len(f.Categories) > 0 {
			s.setStyle(col, tableRow+1, col, tableRow+len(f.Categories), w.x.style(xlsxStyle{numFmt: numberFormat(sr.Values)}))
		}
	}
	for i, c := range f.Categories {
		w.set(s, 1, tableRow+1+i, c.Label)
	}
}

// metadata writes the metadata sheet: a label and a value a row, the
// updated date as a date, the licence and the figure's page as links.
func (w *workbook) metadata(f *model.Figure, m Meta) {
	s := w.meta
	for i, md := range metadata(f, m) {
		row := i + 1
		w.set(s, 1, row, md.label)
		s.setStyle(1, row, 1, row, w.bold)
		switch {
		case md.key == "updated":
			d := f.Updated
			w.set(s, 2, row, time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC))
			s.setStyle(2, row, 2, row, w.date)
			continue
		case md.key == "licence" && m.Licence.URL != "":
			s.links[[2]int{row, 2}] = m.Licence.URL
		case md.key == "webPage":
			s.links[[2]int{row, 2}] = md.value
		}
		w.set(s, 2, row, md.value)
		s.setStyle(2, row, 2, row, w.wrap)
	}
	s.widths[1], s.widths[2] = 24, 80
}

// columnWidths sets the widths of the figure's sheet, in characters: the
// categories' column as wide as its longest label, the series' columns as
// their headings (within limits).
func (w *workbook) columnWidths(f *model.Figure, head []string) {
	widest := len([]rune(head[0]))
	for _, c := range f.Categories {
		widest = max(widest, len([]rune(c.Label)))
	}
	w.data.widths[1] = float64(min(max(widest, 12), 60)) + 2
	for i := 1; i < len(head); i++ {
		w.data.widths[i+1] = float64(min(max(len([]rune(head[i])), 10), 30)) + 2
	}
}

// sheetName is a figure's id as an Excel sheet name (at most 31 characters).
func sheetName(id string) string {
	if len(id) > 31 {
		return id[:31]
	}
	return id
}

// numberFormat is the Excel number format of a series: thousands grouped,
// with as many decimals as its most precise value (at most three).
func numberFormat(values []*float64) string {
	decimals := 0
	for _, v := range values {
		if v == nil {
			continue
		}
		s := strconv.FormatFloat(*v, 'f', -1, 64)
		if _, frac, ok := strings.Cut(s, "."); ok {
			decimals = max(decimals, min(len(frac), 3))
		}
	}
	if decimals == 0 {
		return "#,##0"
	}
	return "#,##0." + strings.Repeat("0", decimals)
}
