package figures

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

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
// that the file is the same on every build.
func XLSX(f *model.Figure, m Meta) ([]byte, error) {
	sheet := sheetName(f.ID)
	w, err := newWorkbook(sheet)
	if err != nil {
		return nil, err
	}
	defer w.x.Close()
	head := unitHeader(f, m)
	if err := w.table(sheet, f, head); err != nil {
		return nil, err
	}
	w.metadata(f, m)
	w.columnWidths(sheet, f, head)

	date := ""
	if !f.Updated.IsZero() {
		date = f.Updated.UTC().Format("2006-01-02T15:04:05Z")
	}
	w.check(w.x.SetDocProps(&excelize.DocProperties{
		Title: f.Title, Subject: f.Description, Description: licenceLine(m), Creator: m.Publisher,
		LastModifiedBy: m.Publisher, Identifier: model.AbsURL(m.BaseURL, f.Page.URL), Language: m.Lang,
		Created: date, Modified: date, Keywords: f.ID,
	}))
	if err := errors.Join(w.errs...); err != nil {
		return nil, err
	}
	b, err := w.x.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// workbook is an XLSX file being written: the file, its cell styles, and the
// errors of the calls that set cells, reported together at the end.
type workbook struct {
	x                       *excelize.File
	bold, title, date, wrap int // cell styles
	errs                    []error
}

// newWorkbook returns a workbook with the figure's sheet and the metadata
// sheet.
func newWorkbook(sheet string) (*workbook, error) {
	w := &workbook{x: excelize.NewFile()}
	err := w.x.SetSheetName("Sheet1", sheet)
	if err == nil {
		_, err = w.x.NewSheet(metadataSheet)
	}
	for _, st := range []struct {
		id    *int
		style *excelize.Style
	}{
		{&w.bold, &excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&w.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&w.date, &excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd"), Alignment: &excelize.Alignment{Horizontal: "left"}}},
		{&w.wrap, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	} {
		if err == nil {
			*st.id, err = w.x.NewStyle(st.style)
		}
	}
	if err != nil {
		w.x.Close()
		return nil, err
	}
	return w, nil
}

func (w *workbook) check(errs ...error) { w.errs = append(w.errs, errs...) }

// cell is the name of a cell: column 2, row 3 is B3.
func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func (w *workbook) set(sheet string, col, row int, v any) {
	w.check(w.x.SetCellValue(sheet, cell(col, row), v))
}

func (w *workbook) style(sheet string, from, to string, st int) {
	w.check(w.x.SetCellStyle(sheet, from, to, st))
}

// table writes the title, the description and the numbers of figure f on
// its sheet, each series in a number format of its own.
func (w *workbook) table(sheet string, f *model.Figure, head []string) error {
	w.set(sheet, 1, 1, f.Title)
	w.style(sheet, "A1", "A1", w.title)
	w.set(sheet, 1, 2, f.Description)
	for i, h := range head {
		w.set(sheet, i+1, tableRow, h)
	}
	w.style(sheet, cell(1, tableRow), cell(len(head), tableRow), w.bold)
	for j, s := range f.Series {
		numStyle, err := w.x.NewStyle(&excelize.Style{CustomNumFmt: ptr(numberFormat(s.Values))})
		if err != nil {
			return err
		}
		col := j + 2
		for i, v := range s.Values {
			if v != nil && i < len(f.Categories) {
				w.set(sheet, col, tableRow+1+i, *v)
			}
		}
		if len(f.Categories) > 0 {
			w.style(sheet, cell(col, tableRow+1), cell(col, tableRow+len(f.Categories)), numStyle)
		}
	}
	for i, c := range f.Categories {
		w.set(sheet, 1, tableRow+1+i, c.Label)
	}
	return nil
}

// metadata writes the metadata sheet: a label and a value a row, the
// updated date as a date, the licence and the figure's page as links.
func (w *workbook) metadata(f *model.Figure, m Meta) {
	for i, md := range metadata(f, m) {
		row := i + 1
		w.set(metadataSheet, 1, row, md.label)
		w.style(metadataSheet, cell(1, row), cell(1, row), w.bold)
		switch {
		case md.key == "updated":
			d := f.Updated
			w.set(metadataSheet, 2, row, time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC))
			w.style(metadataSheet, cell(2, row), cell(2, row), w.date)
			continue
		case md.key == "licence" && m.Licence.URL != "":
			w.check(w.x.SetCellHyperLink(metadataSheet, cell(2, row), m.Licence.URL, "External"))
		case md.key == "webPage":
			w.check(w.x.SetCellHyperLink(metadataSheet, cell(2, row), md.value, "External"))
		}
		w.set(metadataSheet, 2, row, md.value)
		w.style(metadataSheet, cell(2, row), cell(2, row), w.wrap)
	}
	w.check(w.x.SetColWidth(metadataSheet, "A", "A", 24), w.x.SetColWidth(metadataSheet, "B", "B", 80))
}

// columnWidths sets the widths of the figure's sheet, in characters: the
// categories' column as wide as its longest label, the series' columns as
// their headings (within limits).
func (w *workbook) columnWidths(sheet string, f *model.Figure, head []string) {
	widest := len([]rune(head[0]))
	for _, c := range f.Categories {
		widest = max(widest, len([]rune(c.Label)))
	}
	w.check(w.x.SetColWidth(sheet, "A", "A", float64(min(max(widest, 12), 60))+2))
	for i := 1; i < len(head); i++ {
		name, _ := excelize.ColumnNumberToName(i + 1)
		w.check(w.x.SetColWidth(sheet, name, name, float64(min(max(len([]rune(head[i])), 10), 30))+2))
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

func ptr[T any](v T) *T { return &v }
