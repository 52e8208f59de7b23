package figures

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The XLSX file format (ECMA-376, SpreadsheetML), as much of it as a
// figure's workbook needs: sheets of text, numbers and dates, cell styles
// (bold, a larger title, number formats, wrapped text), column widths, links
// and the document properties. A workbook is a zip of XML parts; this file
// writes them directly, in a fixed order with fixed times, so that the same
// figure gives the same bytes on every build. The tests read the result back
// with excelize, the library spreadsheet programs' own format is checked
// against.

// xlsxBook is a workbook being written.
type xlsxBook struct {
	sheets []*xlsxSheet
	styles []xlsxStyle // the cell styles; a cell's style is its index + 1 (0 is the default)
	props  xlsxProps
}

// xlsxSheet is one sheet: its cells, column widths and links.
type xlsxSheet struct {
	name   string
	cells  map[[2]int]*xlsxCell // by row, column (1-based)
	widths map[int]float64      // by column, in characters
	links  map[[2]int]string    // by row, column: the URL the cell links to
}

// xlsxCell is a cell: text, or a number (dates are numbers in a date
// format), or empty with only a style.
type xlsxCell struct {
	text   string
	number float64
	kind   byte // 0 empty, 's' text, 'n' number
	style  int
}

// xlsxStyle is a cell style.
type xlsxStyle struct {
	numFmt   string  // "" for General
	bold     bool    //
	size     float64 // font size; 0 for the default (11)
	wrap     bool    // wrap text, aligned to the top
	leftText bool    // aligned left (dates, which Excel aligns right)
}

// xlsxProps are the document properties (docProps/core.xml).
type xlsxProps struct {
	title, subject, description, creator, lastModifiedBy string
	identifier, language, keywords                       string
	created, modified                                    string // W3CDTF dates, or ""
}

func newXLSXBook(sheets ...string) *xlsxBook {
	b := &xlsxBook{}
	for _, name := range sheets {
		b.sheets = append(b.sheets, &xlsxSheet{name: name, cells: map[[2]int]*xlsxCell{}, widths: map[int]float64{}, links: map[[2]int]string{}})
	}
	return b
}

// style returns the number of a cell style, adding it the first time.
func (b *xlsxBook) style(st xlsxStyle) int {
	if i := slices.Index(b.styles, st); i >= 0 {
		return i + 1
	}
	b.styles = append(b.styles, st)
	return len(b.styles)
}

func (s *xlsxSheet) cell(col, row int) *xlsxCell {
	k := [2]int{row, col}
	c := s.cells[k]
	if c == nil {
		c = &xlsxCell{}
		s.cells[k] = c
	}
	return c
}

// set puts a value in a cell: a string, a float64, or a time.Time (a date,
// stored as Excel's serial day number).
func (s *xlsxSheet) set(col, row int, v any) error {
	c := s.cell(col, row)
	switch v := v.(type) {
	case string:
		c.kind, c.text = 's', v
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("cell %s: %v is not a number a spreadsheet can hold", cellName(col, row), v)
		}
		c.kind, c.number = 'n', v
	case time.Time:
		// Day 0 of Excel's 1900 date system, as its dates are counted
		// (which includes the leap day 1900 never had).
		epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
		d := time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)
		c.kind, c.number = 'n', math.Round(d.Sub(epoch).Hours()/24)
	default:
		return fmt.Errorf("cell %s: cannot write a %T", cellName(col, row), v)
	}
	return nil
}

// setStyle gives every cell of the rectangle from (col1, row1) to (col2,
// row2) the style st, empty cells included.
func (s *xlsxSheet) setStyle(col1, row1, col2, row2, st int) {
	for r := row1; r <= row2; r++ {
		for c := col1; c <= col2; c++ {
			s.cell(c, r).style = st
		}
	}
}

// cellName is the name of a cell: column 2, row 3 is B3.
func cellName(col, row int) string { return columnName(col) + strconv.Itoa(row) }

// columnName is the letters of a 1-based column number: 1 is A, 27 is AA.
func columnName(col int) string {
	var b []byte
	for ; col > 0; col = (col - 1) / 26 {
		b = append(b, byte('A'+(col-1)%26))
	}
	slices.Reverse(b)
	return string(b)
}

// bytes is the workbook as an XLSX file.
func (b *xlsxBook) bytes() ([]byte, error) {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	// Parts in the order spreadsheet programs write them, the content
	// types first; every part dated the same, so the file does not depend
	// on when it was made.
	modified := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, p := range b.parts() {
		w, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(w, xml.Header+p.body); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type xlsxPart struct{ name, body string }

// The namespaces of the parts.
const (
	nsMain  = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkg   = "http://schemas.openxmlformats.org/package/2006/relationships"
	relBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	ctBase  = "application/vnd.openxmlformats-officedocument."
)

func (b *xlsxBook) parts() []xlsxPart {
	var types, sheets, bookRels strings.Builder
	types.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="` + ctBase + `spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="` + ctBase + `spreadsheetml.styles+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="` + ctBase + `extended-properties+xml"/>`)
	bookRels.WriteString(`<Relationships xmlns="` + nsPkg + `">`)
	var out []xlsxPart
	var sheetParts []xlsxPart
	for i, s := range b.sheets {
		n := strconv.Itoa(i + 1)
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%s.xml" ContentType="%sspreadsheetml.worksheet+xml"/>`, n, ctBase)
		fmt.Fprintf(&sheets, `<sheet name="%s" sheetId="%s" r:id="rId%s"/>`, attr(s.name), n, n)
		fmt.Fprintf(&bookRels, `<Relationship Id="rId%s" Type="%sworksheet" Target="worksheets/sheet%s.xml"/>`, n, relBase, n)
		body, rels := s.xml()
		sheetParts = append(sheetParts, xlsxPart{"xl/worksheets/sheet" + n + ".xml", body})
		if rels != "" {
			sheetParts = append(sheetParts, xlsxPart{"xl/worksheets/_rels/sheet" + n + ".xml.rels", rels})
		}
	}
	fmt.Fprintf(&bookRels, `<Relationship Id="rId%d" Type="%sstyles" Target="styles.xml"/></Relationships>`, len(b.sheets)+1, relBase)
	types.WriteString(`</Types>`)
	out = append(out,
		xlsxPart{"[Content_Types].xml", types.String()},
		xlsxPart{"_rels/.rels", `<Relationships xmlns="` + nsPkg + `">` +
			`<Relationship Id="rId1" Type="` + relBase + `officeDocument" Target="xl/workbook.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
			`<Relationship Id="rId3" Type="` + relBase + `extended-properties" Target="docProps/app.xml"/>` +
			`</Relationships>`},
		xlsxPart{"docProps/app.xml", `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>sats</Application></Properties>`},
		xlsxPart{"docProps/core.xml", b.props.xml()},
		xlsxPart{"xl/workbook.xml", `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheets>` + sheets.String() + `</sheets></workbook>`},
		xlsxPart{"xl/_rels/workbook.xml.rels", bookRels.String()},
		xlsxPart{"xl/styles.xml", b.stylesXML()},
	)
	return append(out, sheetParts...)
}

// xml is the sheet's part, and the part of its links' relationships ("" if
// it has none).
func (s *xlsxSheet) xml() (body, rels string) {
	var w strings.Builder
	w.WriteString(`<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">`)
	if len(s.widths) > 0 {
		w.WriteString(`<cols>`)
		for _, c := range slices.Sorted(maps.Keys(s.widths)) {
			fmt.Fprintf(&w, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, c, c, strconv.FormatFloat(s.widths[c], 'f', -1, 64))
		}
		w.WriteString(`</cols>`)
	}
	w.WriteString(`<sheetData>`)
	keys := slices.SortedFunc(maps.Keys(s.cells), func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	for i, k := range keys {
		if i == 0 || keys[i-1][0] != k[0] {
			if i > 0 {
				w.WriteString(`</row>`)
			}
			fmt.Fprintf(&w, `<row r="%d">`, k[0])
		}
		s.cells[k].write(&w, cellName(k[1], k[0]))
	}
	if len(keys) > 0 {
		w.WriteString(`</row>`)
	}
	w.WriteString(`</sheetData>`)
	if len(s.links) > 0 {
		var r strings.Builder
		r.WriteString(`<Relationships xmlns="` + nsPkg + `">`)
		w.WriteString(`<hyperlinks>`)
		for i, k := range slices.SortedFunc(maps.Keys(s.links), func(a, b [2]int) int {
			if a[0] != b[0] {
				return a[0] - b[0]
			}
			return a[1] - b[1]
		}) {
			fmt.Fprintf(&w, `<hyperlink ref="%s" r:id="rId%d"/>`, cellName(k[1], k[0]), i+1)
			fmt.Fprintf(&r, `<Relationship Id="rId%d" Type="%shyperlink" Target="%s" TargetMode="External"/>`, i+1, relBase, attr(s.links[k]))
		}
		w.WriteString(`</hyperlinks>`)
		r.WriteString(`</Relationships>`)
		rels = r.String()
	}
	w.WriteString(`</worksheet>`)
	return w.String(), rels
}

func (c *xlsxCell) write(w *strings.Builder, ref string) {
	style := ""
	if c.style > 0 {
		style = ` s="` + strconv.Itoa(c.style) + `"`
	}
	switch c.kind {
	case 's':
		space := ""
		if strings.TrimSpace(c.text) != c.text {
			space = ` xml:space="preserve"`
		}
		fmt.Fprintf(w, `<c r="%s"%s t="inlineStr"><is><t%s>%s</t></is></c>`, ref, style, space, escapeXML(c.text))
	case 'n':
		fmt.Fprintf(w, `<c r="%s"%s><v>%s</v></c>`, ref, style, strconv.FormatFloat(c.number, 'g', -1, 64))
	default:
		fmt.Fprintf(w, `<c r="%s"%s/>`, ref, style)
	}
}

// stylesXML is the styles part: the number formats, fonts and cell formats
// of the styles used, after the defaults every workbook has.
func (b *xlsxBook) stylesXML() string {
	var numFmts, fonts, xfs strings.Builder
	nFmts, nFonts := 0, 1
	fonts.WriteString(`<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>`)
	fmtIDs := map[string]int{}
	fontIDs := map[[2]float64]int{{0, 11}: 0}
	xfs.WriteString(`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`)
	for _, st := range b.styles {
		numFmt := 0
		if st.numFmt != "" {
			id, ok := fmtIDs[st.numFmt]
			if !ok {
				id = 164 + nFmts // the first number of a format of the file's own
				nFmts++
				fmtIDs[st.numFmt] = id
				fmt.Fprintf(&numFmts, `<numFmt numFmtId="%d" formatCode="%s"/>`, id, attr(st.numFmt))
			}
			numFmt = id
		}
		size := cmp.Or(st.size, 11)
		bold := 0.0
		if st.bold {
			bold = 1
		}
		font, ok := fontIDs[[2]float64{bold, size}]
		if !ok {
			font = nFonts
			nFonts++
			fontIDs[[2]float64{bold, size}] = font
			b := ""
			if st.bold {
				b = `<b/>`
			}
			fmt.Fprintf(&fonts, `<font>%s<sz val="%s"/><name val="Calibri"/><family val="2"/></font>`, b, strconv.FormatFloat(size, 'f', -1, 64))
		}
		fmt.Fprintf(&xfs, `<xf numFmtId="%d" fontId="%d" fillId="0" borderId="0" xfId="0"`, numFmt, font)
		if numFmt != 0 {
			xfs.WriteString(` applyNumberFormat="1"`)
		}
		if font != 0 {
			xfs.WriteString(` applyFont="1"`)
		}
		switch {
		case st.wrap:
			xfs.WriteString(` applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>`)
		case st.leftText:
			xfs.WriteString(` applyAlignment="1"><alignment horizontal="left"/></xf>`)
		default:
			xfs.WriteString(`/>`)
		}
	}
	var w strings.Builder
	w.WriteString(`<styleSheet xmlns="` + nsMain + `">`)
	if nFmts > 0 {
		fmt.Fprintf(&w, `<numFmts count="%d">%s</numFmts>`, nFmts, numFmts.String())
	}
	fmt.Fprintf(&w, `<fonts count="%d">%s</fonts>`, nFonts, fonts.String())
	w.WriteString(`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
		`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`)
	fmt.Fprintf(&w, `<cellXfs count="%d">%s</cellXfs>`, len(b.styles)+1, xfs.String())
	w.WriteString(`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`)
	return w.String()
}

// xml is the core properties part.
func (p xlsxProps) xml() string {
	var w strings.Builder
	w.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	for _, e := range []struct{ tag, v string }{
		{"dc:title", p.title}, {"dc:subject", p.subject}, {"dc:creator", p.creator}, {"cp:keywords", p.keywords},
		{"dc:description", p.description}, {"cp:lastModifiedBy", p.lastModifiedBy}, {"dc:identifier", p.identifier},
		{"dc:language", p.language},
	} {
		if e.v != "" {
			fmt.Fprintf(&w, `<%s>%s</%s>`, e.tag, escapeXML(e.v), e.tag)
		}
	}
	for _, e := range []struct{ tag, v string }{{"dcterms:created", p.created}, {"dcterms:modified", p.modified}} {
		if e.v != "" {
			fmt.Fprintf(&w, `<%s xsi:type="dcterms:W3CDTF">%s</%s>`, e.tag, escapeXML(e.v), e.tag)
		}
	}
	w.WriteString(`</cp:coreProperties>`)
	return w.String()
}

// escapeXML is s escaped as XML character data; characters XML cannot hold
// become U+FFFD.
func escapeXML(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// attr is s escaped for an attribute value in double quotes.
func attr(s string) string { return escapeXML(s) }
