package figures

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"flag"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"sats/internal/diag"
	"sats/internal/load"
	"sats/internal/locale"
	"sats/internal/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/figures")

// strings of data/i18n/nb.yaml that the files use, as a test site has them.
var testStrings = map[string]string{
	"notStated":                 "Ikke oppgitt",
	"category":                  "Kategori",
	"projectCount":              "Antall prosjekter",
	"focusArea":                 "Innsatsområde",
	"unit":                      "Enhet",
	"period":                    "Periode",
	"source":                    "Kilde",
	"notes":                     "Merknader",
	"description":               "Beskrivelse",
	"updated":                   "Oppdatert",
	"licence":                   "Lisens",
	"figureTitle":               "Tittel",
	"webPage":                   "Nettside",
	"citeHeading":               "Slik siterer du tallene",
	"citeAs":                    "%[1]s (%[2]s): %[3]s, hentet fra %[4]s. Lisens: %[5]s",
	"chartSummaryOne":           "Høyest er %[1]s med %[2]s, lavest er %[3]s med %[4]s",
	"chartSummaryOneEven":       "Alle har %[1]s",
	"chartSummarySeries":        "%[1]s: %[2]s til sammen, høyest for %[3]s med %[4]s",
	"chartSummarySeriesEven":    "%[1]s: %[2]s til sammen, %[3]s for hver",
	"chartSummaryNone":          "Ingen tall er oppgitt",
	"chartSummaryGoal":          "målet var %[1]s",
	"total":                     "Sum",
	"chartSummaryUnit":          "%[1]s (%[2]s).",
	"chartSummaryEnd":           "%s.",
	"listAnd":                   "og",
	"chartUnit":                 "Enhet: %s",
	"chartSource":               "Kilde: %s",
	"chartLicence":              "Lisens: %s",
	"downloadCSV":               "CSV for programmer",
	"downloadExcelCSV":          "CSV for norsk Excel",
	"downloadXLSX":              "Excel-regneark",
	"downloadJSON":              "JSON",
	"downloadSVG":               "Diagrammet som SVG",
	"downloadPNG":               "Diagrammet som PNG",
	"catalogTitle":              "Åpne data fra %s",
	"catalogDescription":        "Tallene fra %s som åpne data.",
	"chartSummaryHigh":          "Høyest er %[1]s med %[2]s",
	"chartSummarySeriesNoTotal": "%[1]s: høyest for %[2]s med %[3]s",
	"wholeRegion":               "Hele Hallingdal",
}

func testMeta(lang string) Meta {
	loc, _ := locale.For(lang)
	prefix := ""
	if lang != "nb" {
		prefix = "/" + lang
	}
	return Meta{
		Lang: lang, SiteTitle: "Testsiden", Publisher: "Testeieren", BaseURL: "https://example.org/",
		DataURL: prefix + "/data/",
		Licence: load.Licence{Name: "NLOD 2.0", URL: "https://data.norge.no/nlod/no/2.0"},
		Contact: load.Contact{Name: "Testprogrammet", Street: "Vegen 1", Postcode: "3579", City: "Torpo", Email: "post@example.org"},
		Locale:  loc,
		Region:  "Testdalen", Places: []string{"Flå", "Gol"},
		T: func(k string) string {
			if v, ok := testStrings[k]; ok {
				return v
			}
			return k
		},
	}
}

func fnum(x float64) *float64 { return &x }

// jobs is a figure with two series, a value not stated, a decimal, a
// thousand and a label that needs quoting in CSV.
func jobs() *model.Figure {
	f := &model.Figure{
		ID: "arbeidsplasser", Title: "Skapte og forventede arbeidsplasser",
		Description: "Arbeidsplasser som prosjektene har bidratt til.", Unit: "arbeidsplasser",
		Period: "2022–2025", Source: "Sluttrapporten", Notes: "Meldt inn av bedriftene; \"forventede\" er anslag.",
		Updated: time.Date(2025, 6, 24, 0, 0, 0, 0, time.UTC), CategoryLabel: "Kilde",
		Categories: []model.Category{{Label: "Søkbare midler"}, {Label: "Trainee Hallingdal"}, {Label: "SMB-utvikling; \"bedrifter\", små"}},
		Series: []model.Series{
			{ID: "skapte", Label: "Skapte arbeidsplasser", Values: []*float64{fnum(27), fnum(10.5), nil}},
			{ID: "forventede", Label: "Forventede arbeidsplasser", Values: []*float64{fnum(1171), nil, fnum(66)}},
		},
	}
	f.Page = &model.Page{URL: "/resultater/arbeidsplasser/"}
	return f
}

// stackedJobs is jobs as a stacked chart against a goal.
func stackedJobs() *model.Figure {
	f := jobs()
	f.ChartKind, f.Goal, f.GoalLabel = model.ChartStacked, fnum(200), "Mål: 200"
	return f
}

func newTestPublisher(t testing.TB) *Publisher {
	t.Helper()
	p, err := New(load.Results{
		Themes: []string{"http://publications.europa.eu/resource/authority/data-theme/ECON"},
		Chart:  load.ChartStyle{Background: "#ffffff", Text: "#1b2427", Line: "#4b5a5e", Series: []string{"#174e5a", "#a4401a", "#5a3a78"}, Font: "sans-serif"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// table is what a CSV or sheet should hold: header, then rows of label and
// values ("" where not stated).
func wantTable(f *model.Figure) [][]string {
	want := [][]string{{f.CategoryLabel}}
	for _, s := range f.Series {
		want[0] = append(want[0], withUnit(s.Label, f.Unit))
	}
	for _, r := range f.Rows() {
		row := []string{r.Label}
		for _, v := range r.Cells {
			if v == nil {
				row = append(row, "")
			} else {
				row = append(row, strconv.FormatFloat(*v, 'f', -1, 64))
			}
		}
		want = append(want, row)
	}
	return want
}

func TestCSVForProgramsParsesBackToTheSameNumbers(t *testing.T) {
	f := jobs()
	data, err := CSV(f, testMeta("nb"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		t.Error("the CSV for programs starts with a byte order mark")
	}
	if !bytes.Contains(data, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) {
		t.Errorf("the CSV's lines do not all end in CRLF: %q", data)
	}
	r := csv.NewReader(bytes.NewReader(data))
	got, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v\n%s", err, data)
	}
	if want := wantTable(f); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("the CSV reads back as\n%q\nwant\n%q", got, want)
	}
}

func TestHeadersCarryTheUnit(t *testing.T) {
	f := jobs()
	f.Unit = "mill. kr"
	f.Series[1].Label = "Beløp i mill. kr"
	data, err := CSV(f, testMeta("nb"))
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(string(data), "\r\n")
	if want := "Kilde,Skapte arbeidsplasser (mill. kr),Beløp i mill. kr"; head != want {
		t.Errorf("CSV header %q, want %q: the unit after each series that does not name it", head, want)
	}
}

func TestCSVForExcelParsesBackToTheSameNumbers(t *testing.T) {
	f := jobs()
	data, err := ExcelCSV(f, testMeta("nb"))
	if err != nil {
		t.Fatal(err)
	}
	body, ok := bytes.CutPrefix(data, []byte("\ufeff"))
	if !ok {
		t.Fatal("the CSV for Excel does not start with a UTF-8 byte order mark")
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma, r.FieldsPerRecord = ';', -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v\n%s", err, data)
	}
	want := wantTable(f)
	if len(recs) < len(want) {
		t.Fatalf("the CSV has %d records, want at least %d", len(recs), len(want))
	}
	got := recs[:len(want)]
	for _, row := range got[1:] {
		for i := 1; i < len(row); i++ {
			if strings.Contains(row[i], ".") {
				t.Errorf("value %q has a decimal point, want a decimal comma", row[i])
			}
			row[i] = strings.Replace(row[i], ",", ".", 1)
		}
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("the CSV reads back as\n%q\nwant\n%q", got, want)
	}
	// After the table: the metadata, label and value.
	meta := map[string]string{}
	for _, rec := range recs[len(want):] {
		if len(rec) == 2 {
			meta[rec[0]] = rec[1]
		}
	}
	for label, v := range map[string]string{"Tittel": f.Title, "Enhet": f.Unit, "Kilde": f.Source, "Lisens": "NLOD 2.0 (https://data.norge.no/nlod/no/2.0)", "Oppdatert": "2025-06-24"} {
		if meta[label] != v {
			t.Errorf("metadata %s is %q, want %q", label, meta[label], v)
		}
	}
}

// openXLSX makes the figure's XLSX and opens it; the file is closed when
// the test ends.
func openXLSX(t *testing.T, f *model.Figure) (*excelize.File, string) {
	t.Helper()
	data, err := XLSX(f, testMeta("nb"))
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x, x.GetSheetName(0)
}

func TestXLSXReadsBackWithExcelize(t *testing.T) {
	f := jobs()
	x, sheet := openXLSX(t, f)
	if sheet != f.ID {
		t.Errorf("sheet is called %q, want %q", sheet, f.ID)
	}
	cell := func(c string) string {
		v, err := x.GetCellValue(sheet, c, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := cell("A1"); got != f.Title {
		t.Errorf("A1 is %q, want the title", got)
	}
	want := wantTable(f)
	for i, row := range want {
		for j, v := range row {
			c, _ := excelize.CoordinatesToCellName(j+1, tableRow+i)
			got := cell(c)
			if i > 0 && j > 0 && v != "" {
				// Numbers are numbers: compare their values.
				g, err := strconv.ParseFloat(got, 64)
				w, _ := strconv.ParseFloat(v, 64)
				if err != nil || g != w {
					t.Errorf("%s is %q, want the number %s", c, got, v)
				}
				continue
			}
			if got != v {
				t.Errorf("%s is %q, want %q", c, got, v)
			}
		}
	}
	if rows, err := x.GetRows(sheet); err != nil || len(rows) != tableRow+len(f.Categories) {
		t.Errorf("the data sheet has %d rows (%v), want the title, description and table only", len(rows), err)
	}
	if got := x.GetSheetList(); !slices.Equal(got, []string{f.ID, "Metadata"}) {
		t.Fatalf("sheets %q, want the figure's and Metadata", got)
	}
	rows, err := x.GetRows("Metadata")
	if err != nil {
		t.Fatal(err)
	}
	meta := map[string]string{}
	updatedCell := ""
	for i, r := range rows {
		if len(r) >= 2 {
			meta[r[0]] = r[1]
			if r[0] == "Oppdatert" {
				updatedCell, _ = excelize.CoordinatesToCellName(2, i+1)
			}
		}
	}
	for label, v := range map[string]string{"Tittel": f.Title, "Beskrivelse": f.Description, "Enhet": f.Unit, "Periode": f.Period, "Kilde": f.Source,
		"Lisens": "NLOD 2.0 (https://data.norge.no/nlod/no/2.0)", "Nettside": "https://example.org/resultater/arbeidsplasser/", "Oppdatert": "2025-06-24"} {
		if meta[label] != v {
			t.Errorf("the metadata sheet's %s is %q, want %q", label, meta[label], v)
		}
	}
	// The date is a date: a serial number shown in a date format.
	raw, err := x.GetCellValue("Metadata", updatedCell, excelize.Options{RawCellValue: true})
	if err != nil || raw != "45832" {
		t.Errorf("the updated date is stored as %q (%v), want Excel's serial number of 2025-06-24, 45832", raw, err)
	}
	props, err := x.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Title != f.Title || props.Created != "2025-06-24T00:00:00Z" || props.Modified != props.Created {
		t.Errorf("document properties: title %q, created %q, modified %q; want the title and the updated date", props.Title, props.Created, props.Modified)
	}
}

func TestJSONKeepsNumbersNullsAndMetadata(t *testing.T) {
	f := jobs()
	data, err := JSON(f, testMeta("nb"))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		ID, Title, Unit, Period, Source, Updated, URL, Citation string
		Licence                                                 struct{ Name, URL string }
		Categories                                              []string
		Series                                                  []struct {
			ID     string
			Values []*float64
		}
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if got.ID != f.ID || got.Title != f.Title || got.Unit != f.Unit || got.Period != f.Period || got.Source != f.Source ||
		got.Updated != "2025-06-24" || got.Licence.Name != "NLOD 2.0" || got.URL != "https://example.org/resultater/arbeidsplasser/" {
		t.Errorf("metadata: %+v", got)
	}
	if len(got.Categories) != len(f.Categories) || len(got.Series) != len(f.Series) {
		t.Fatalf("%d categories and %d series, want %d and %d", len(got.Categories), len(got.Series), len(f.Categories), len(f.Series))
	}
	for i, s := range f.Series {
		for j, v := range s.Values {
			g := got.Series[i].Values[j]
			if (v == nil) != (g == nil) || (v != nil && *v != *g) {
				t.Errorf("series %s value %d: got %v, want %v", s.ID, j, g, v)
			}
		}
	}
	if !bytes.Contains(data, []byte("null")) {
		t.Error("a value not stated is not null")
	}
}

func TestPNGDecodesAtTheSizeOfItsSVG(t *testing.T) {
	p := newTestPublisher(t)
	pub, err := p.Figure(jobs(), testMeta("nb"))
	if err != nil {
		t.Fatal(err)
	}
	svg, img := file(t, pub, KindSVG), file(t, pub, KindPNG)
	m := regexp.MustCompile(`viewBox="0 0 ([0-9.]+) ([0-9.]+)"`).FindSubmatch(svg.Data)
	if m == nil {
		t.Fatal("the SVG has no viewBox")
	}
	w, _ := strconv.ParseFloat(string(m[1]), 64)
	h, _ := strconv.ParseFloat(string(m[2]), 64)
	decoded, err := png.Decode(bytes.NewReader(img.Data))
	if err != nil {
		t.Fatalf("the PNG does not decode: %v", err)
	}
	b := decoded.Bounds()
	if b.Dx() < 1200 {
		t.Errorf("the PNG is %d px wide, want at least 1200", b.Dx())
	}
	if b.Dx() != int(w*pngScale) || b.Dy() != int(h*pngScale) {
		t.Errorf("the PNG is %d×%d, want the SVG's %v×%v at scale %v", b.Dx(), b.Dy(), w, h, pngScale)
	}
	// Text renders: the title's band has pixels of the text colour.
	ink := 0
	top, bottom := pad*pngScale, (pad+fsTitle*1.4)*pngScale
	for y := int(top); y < int(bottom); y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := decoded.At(x, y).RGBA()
			if r>>8 == 0x1b && g>>8 == 0x24 && bl>>8 == 0x27 {
				ink++
			}
		}
	}
	if ink < 500 {
		t.Errorf("the title's band of the PNG has %d pixels of the text colour; the text did not render", ink)
	}
	// The metadata is in the file.
	for _, want := range []string{"iTXtTitle\x00\x00\x00\x00\x00Skapte og forventede arbeidsplasser", "iTXtCopyright\x00\x00\x00\x00\x00NLOD 2.0"} {
		if !bytes.Contains(img.Data, []byte(want)) {
			t.Errorf("the PNG has no chunk %q", want)
		}
	}
	if img.Download.Size != int64(len(img.Data)) {
		t.Errorf("the PNG's stated size is %d, the file has %d bytes", img.Download.Size, len(img.Data))
	}
}

func file(t *testing.T, pub *Published, kind string) File {
	t.Helper()
	for _, f := range pub.Files {
		if f.Download.Kind == kind {
			return f
		}
	}
	t.Fatalf("no %s file", kind)
	return File{}
}

// checkSVG fails unless data is a well-formed SVG whose <title> is title,
// with a <desc>, unique ids, and no style attribute or element.
func checkSVG(t *testing.T, data []byte, title string) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []string
	ids := map[string]bool{}
	texts := map[string]string{}
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v\n%s", err, data)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Local
				if tok.Name.Space != "http://www.w3.org/2000/svg" {
					t.Errorf("the root element is in namespace %q", tok.Name.Space)
				}
			}
			if tok.Name.Local == "style" || tok.Name.Local == "script" {
				t.Errorf("the SVG has a <%s> element", tok.Name.Local)
			}
			for _, a := range tok.Attr {
				if a.Name.Local == "style" {
					t.Errorf("<%s> has a style attribute", tok.Name.Local)
				}
				if a.Name.Local == "id" {
					if ids[a.Value] {
						t.Errorf("id %q is used twice", a.Value)
					}
					ids[a.Value] = true
				}
			}
			stack = append(stack, tok.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				texts[stack[len(stack)-1]] += string(tok)
			}
		}
	}
	if root != "svg" {
		t.Errorf("the root element is <%s>, want <svg>", root)
	}
	if texts["title"] != title {
		t.Errorf("the SVG's title is %q, want %q", texts["title"], title)
	}
	if strings.TrimSpace(texts["desc"]) == "" {
		t.Error("the SVG has no description")
	}
}

func TestSVGIsWellFormedWithTitleAndDescription(t *testing.T) {
	p := newTestPublisher(t)
	f := jobs()
	pub, err := p.Figure(f, testMeta("nb"))
	if err != nil {
		t.Fatal(err)
	}
	checkSVG(t, file(t, pub, KindSVG).Data, f.Title)
	checkSVG(t, []byte(pub.Chart), f.Title)
}

func TestSVGMatchesGoldenFile(t *testing.T) {
	p := newTestPublisher(t)
	pub, err := p.Figure(jobs(), testMeta("nb"))
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []struct {
		name string
		data []byte
	}{
		{"arbeidsplasser.svg", file(t, pub, KindSVG).Data},
		{"arbeidsplasser-inline.svg", []byte(pub.Chart)},
	} {
		path := filepath.Join("..", "..", "testdata", "figures", g.name)
		if *update {
			if err := os.WriteFile(path, g.data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v; run go test ./internal/figures -update to write it", err)
		}
		if !bytes.Equal(g.data, want) {
			t.Errorf("%s differs from the golden file %s; if the change is meant, run go test ./internal/figures -update and look at the file", g.name, path)
		}
	}
}

func TestEveryFileIsTheSameOnEveryRun(t *testing.T) {
	var runs [][]File
	for range 2 {
		p := newTestPublisher(t)
		pub, err := p.Figure(jobs(), testMeta("nb"))
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, pub.Files)
	}
	for i, f := range runs[0] {
		if !bytes.Equal(f.Data, runs[1][i].Data) {
			t.Errorf("%s differs between two runs", f.Path)
		}
	}
}

func TestDownloadsHaveStableNamesInTheDataFolder(t *testing.T) {
	p := newTestPublisher(t)
	for _, lang := range []string{"nb", "en"} {
		pub, err := p.Figure(jobs(), testMeta(lang))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range pub.Files {
			got = append(got, f.Download.URL)
			if f.Path != strings.TrimPrefix(f.Download.URL, "/") {
				t.Errorf("file %s is written at %s", f.Download.URL, f.Path)
			}
		}
		prefix := map[string]string{"nb": "/data/", "en": "/en/data/"}[lang]
		var want []string
		for _, s := range []string{".csv", "-excel.csv", ".xlsx", ".json", ".svg", ".png"} {
			want = append(want, prefix+"arbeidsplasser"+s)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: downloads %v, want %v", lang, got, want)
		}
	}
}

func TestSummarySaysWhatTheChartShows(t *testing.T) {
	one := func(unit string, values ...*float64) *model.Figure {
		f := &model.Figure{Unit: unit, Series: []model.Series{{ID: "n", Label: "Antall", Values: values}}}
		for i := range values {
			f.Categories = append(f.Categories, model.Category{Label: string(rune('A' + i))})
		}
		return f
	}
	withNotStated := one("prosjekter", fnum(3), fnum(9), fnum(1))
	withNotStated.Categories[1].Label = "Ikke oppgitt"
	withGoal := stackedJobs()
	// A computed count with a region-wide category and a zero: the zero
	// means no record places a project there, so it is not named lowest.
	counted := one("prosjekter", fnum(0), fnum(6), fnum(2), fnum(9), fnum(16))
	counted.Computed = "projects-by-municipality"
	counted.Categories[3].Label, counted.Categories[4].Label = "Hele Hallingdal", "Ikke oppgitt"
	// Companies in two cohorts may be the same companies: no total.
	cohorts := &model.Figure{
		Categories: []model.Category{{Label: "Kull 1"}, {Label: "Kull 2"}},
		Series: []model.Series{
			{ID: "stillinger", Label: "Stillinger", Values: []*float64{fnum(6), fnum(4)}},
			{ID: "bedrifter", Label: "Bedrifter", Values: []*float64{fnum(4), fnum(3)}, NoTotal: true},
		},
	}
	tests := []struct {
		name string
		f    *model.Figure
		want string
	}{
		{"one series: highest and lowest", one("prosjekter", fnum(3), fnum(12), fnum(1)), "Høyest er B med 12, lavest er C med 1 (prosjekter)."},
		{"ties are named together", one("", fnum(5), fnum(5), fnum(1), fnum(1)), "Høyest er A og B med 5, lavest er C og D med 1."},
		{"every value the same", one("", fnum(4), fnum(4), fnum(4)), "Alle har 4."},
		{"values not stated are left out", one("", nil, fnum(2), fnum(7)), "Høyest er C med 7, lavest er B med 2."},
		{"the not-stated category is neither highest nor lowest", withNotStated, "Høyest er A med 3, lavest er C med 1 (prosjekter)."},
		{"nothing stated", one("", nil, nil), "Ingen tall er oppgitt."},
		{"a computed zero is not named lowest, the whole region is no municipality", counted, "Høyest er B med 6 (prosjekter)."},
		{"a series that may count twice has no total", cohorts, "Stillinger: 10 til sammen, høyest for Kull 1 med 6; Bedrifter: høyest for Kull 1 med 4."},
		{"several series: totals and highest", jobs(), "Skapte arbeidsplasser: 37,5 til sammen, høyest for Søkbare midler med 27; Forventede arbeidsplasser: 1\u00a0237 til sammen, høyest for Søkbare midler med 1\u00a0171 (arbeidsplasser)."},
		{"a goal is said beside the totals, never against their sum", withGoal, "Skapte arbeidsplasser: 37,5 til sammen, høyest for Søkbare midler med 27; Forventede arbeidsplasser: 1\u00a0237 til sammen, høyest for Søkbare midler med 1\u00a0171; målet var 200 (arbeidsplasser)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Summary(tt.f, testMeta("nb")); got != tt.want {
				t.Errorf("Summary = %q\nwant      %q", got, tt.want)
			}
		})
	}
}

func TestSummaryWithoutItsSentencesShowsTheKeys(t *testing.T) {
	m := testMeta("nb")
	m.T = func(k string) string { return k }
	got := Summary(jobs(), m)
	if strings.Contains(got, "%!") {
		t.Errorf("a site without the sentence templates gets a broken format: %q", got)
	}
	if !strings.Contains(got, "chartSummarySeries") {
		t.Errorf("a site without the sentence templates should see the key: %q", got)
	}
}

func TestChartColoursNeedContrast(t *testing.T) {
	pos := diag.Pos{Path: "data/results.yaml", Line: 7, Col: 3}
	tests := []struct {
		name  string
		style load.ChartStyle
		want  []string
	}{
		{"pale text", load.ChartStyle{Text: "#999999", Pos: pos}, []string{"data/results.yaml:7:3: chart colour text #999999 has a contrast of 2.8:1"}},
		{"pale series and line at once", load.ChartStyle{Line: "#cccccc", Series: []string{"#174e5a", "#eeeeee"}, Pos: pos}, []string{"chart colour line #cccccc", "chart colour series[1] #eeeeee"}},
		{"not a colour", load.ChartStyle{Background: "white", Pos: pos}, []string{`chart colour background "white" is not a colour`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(load.Results{Chart: tt.style}, nil)
			if err == nil {
				t.Fatal("New accepted the colours")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	if _, err := New(load.Results{}, nil); err != nil {
		t.Errorf("a site without chart colours gets an error: %v", err)
	}
}

func TestCatalogListsEveryDistributionWithWhatDCATAPNOAsksFor(t *testing.T) {
	p := newTestPublisher(t)
	var langs []Language
	var want []string
	for _, lang := range []string{"nb", "en"} {
		f := jobs()
		if lang == "en" {
			f.Title, f.Page = "Jobs", &model.Page{URL: "/en/results/arbeidsplasser/"}
		}
		m := testMeta(lang)
		pub, err := p.Figure(f, m)
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range pub.Files {
			f.Downloads = append(f.Downloads, file.Download)
			want = append(want, model.AbsURL(m.BaseURL, file.Download.URL))
		}
		langs = append(langs, Language{Meta: m, Figures: []*model.Figure{f}})
	}
	data, err := p.Catalog(langs)
	if err != nil {
		t.Fatal(err)
	}
	checkCatalog(t, data, want)
}

func TestCatalogNamesTheSourceDocumentAtItsPrecision(t *testing.T) {
	p := newTestPublisher(t)
	f := jobs()
	src := &model.Source{Source: load.Source{ID: "sluttrapport", Title: "Sluttrapport", Publisher: "Programmet",
		Date: load.Date{Time: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), Precision: locale.Month}}, TitleLang: "nb"}
	f.Cite = &model.Citation{Source: src, At: "6.1", Text: "Sluttrapport (Programmet, juni 2025), 6.1"}
	f.Source = f.Cite.Text
	m := testMeta("nb")
	pub, err := p.Figure(f, m)
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range pub.Files {
		f.Downloads = append(f.Downloads, file.Download)
	}
	data, err := p.Catalog([]Language{{Meta: m, Figures: []*model.Figure{f}}})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Graph []struct {
			Datasets []struct {
				Source struct {
					Title     map[string]string `json:"dct:title"`
					Publisher map[string]string `json:"dct:publisher"`
					Issued    map[string]string `json:"dct:issued"`
				} `json:"dct:source"`
				Provenance struct {
					Label []map[string]string `json:"rdfs:label"`
				} `json:"dct:provenance"`
			} `json:"dcat:dataset"`
		} `json:"@graph"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || len(doc.Graph) == 0 || len(doc.Graph[0].Datasets) != 1 {
		t.Fatalf("the catalog has not one dataset (%v):\n%s", err, data)
	}
	ds := doc.Graph[0].Datasets[0]
	if got := ds.Source.Title; got["@value"] != "Sluttrapport" || got["@language"] != "nb" {
		t.Errorf("dct:source title = %v, want Sluttrapport in nb", got)
	}
	if got := ds.Source.Publisher["foaf:name"]; got != "Programmet" {
		t.Errorf("dct:source publisher = %q", got)
	}
	if got := ds.Source.Issued; got["@value"] != "2025-06" || got["@type"] != "xsd:gYearMonth" {
		t.Errorf("dct:source issued = %v, want the month 2025-06 as xsd:gYearMonth", got)
	}
	if got := ds.Provenance.Label; len(got) != 1 || got[0]["@value"] != f.Cite.Text || got[0]["@language"] != "nb" {
		t.Errorf("dct:provenance = %v, want the citation in nb", got)
	}
	var j struct {
		SourceDocument struct{ ID, Title, Date, At string } `json:"sourceDocument"`
	}
	if err := json.Unmarshal(file(t, pub, "json").Data, &j); err != nil {
		t.Fatal(err)
	}
	if got := j.SourceDocument; got.ID != "sluttrapport" || got.Date != "2025-06" || got.At != "6.1" {
		t.Errorf("the JSON's sourceDocument = %+v, want the document, its month and the place in it", got)
	}
	if ld := DatasetLD(f, m, pub); ld.IsBasedOn == nil || ld.IsBasedOn.Name == "" {
		t.Error("the schema.org Dataset names no document it is based on (isBasedOn)")
	}
}

// checkCatalog fails unless the JSON-LD catalog lists exactly the wanted
// distributions (absolute URLs) and has DCAT-AP-NO's mandatory properties.
func checkCatalog(t *testing.T, data []byte, want []string) {
	t.Helper()
	var doc struct {
		Graph []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("the catalog is not JSON: %v", err)
	}
	nodes := map[string]map[string]any{}
	for _, n := range doc.Graph {
		nodes[n["@id"].(string)] = n
	}
	var catalog map[string]any
	for _, n := range doc.Graph {
		if n["@type"] == "dcat:Catalog" {
			catalog = n
		}
	}
	if catalog == nil {
		t.Fatal("no dcat:Catalog in the graph")
	}
	hasLangText := func(what string, n map[string]any, key string) {
		list, _ := n[key].([]any)
		if v, ok := n[key].(map[string]any); ok {
			list = []any{v}
		}
		if len(list) == 0 {
			t.Errorf("%s has no %s", what, key)
		}
		for _, v := range list {
			m, _ := v.(map[string]any)
			if m["@language"] == nil || m["@value"] == "" {
				t.Errorf("%s: %s %v has no language tag or is empty", what, key, v)
			}
		}
	}
	resolves := func(what string, n map[string]any, key string) {
		ref, _ := n[key].(map[string]any)
		id, _ := ref["@id"].(string)
		if nodes[id] == nil {
			t.Errorf("%s: %s %v is not a node of the graph", what, key, n[key])
		}
	}
	hasID := func(what string, n map[string]any, key string) {
		switch v := n[key].(type) {
		case map[string]any:
			if s, _ := v["@id"].(string); s != "" {
				return
			}
		case []any:
			if len(v) > 0 {
				return
			}
		}
		t.Errorf("%s has no %s", what, key)
	}
	for _, key := range []string{"dct:title", "dct:description"} {
		hasLangText("the catalog", catalog, key)
	}
	resolves("the catalog", catalog, "dct:publisher")
	resolves("the catalog", catalog, "dcat:contactPoint")
	var got []string
	for _, d := range catalog["dcat:dataset"].([]any) {
		ds := d.(map[string]any)
		what := "dataset " + ds["@id"].(string)
		hasLangText(what, ds, "dct:title")
		hasLangText(what, ds, "dct:description")
		resolves(what, ds, "dct:publisher")
		resolves(what, ds, "dcat:contactPoint")
		hasID(what, ds, "dcat:theme")
		hasLangText(what, ds, "dcat:keyword")
		if langs := langsOf(ds["dcat:keyword"]); !slices.Equal(langs, []string{"en", "nb"}) {
			t.Errorf("%s: keywords in %v, want nb and en", what, langs)
		}
		temporal, _ := ds["dct:temporal"].(map[string]any)
		start, _ := temporal["dcat:startDate"].(map[string]any)
		end, _ := temporal["dcat:endDate"].(map[string]any)
		if temporal["@type"] != "dct:PeriodOfTime" || start["@value"] != "2022" || end["@value"] != "2025" || start["@type"] != "xsd:gYear" {
			t.Errorf("%s: dct:temporal %v, want the period of time 2022 to 2025", what, ds["dct:temporal"])
		}
		resolves(what, ds, "dct:spatial")
		ref, _ := ds["dct:spatial"].(map[string]any)
		spatialID, _ := ref["@id"].(string)
		spatial := nodes[spatialID]
		parts, _ := spatial["dct:hasPart"].([]any)
		if spatial["@type"] != "dct:Location" || len(parts) != 2 {
			t.Errorf("%s: dct:spatial %v, want the region with its two municipalities", what, ds["dct:spatial"])
		} else {
			hasLangText(what+" dct:spatial", spatial, "skos:prefLabel")
			hasLangText(what+" dct:spatial part", parts[0].(map[string]any), "skos:prefLabel")
		}
		dists, _ := ds["dcat:distribution"].([]any)
		for _, x := range dists {
			dist := x.(map[string]any)
			what := "distribution " + dist["@id"].(string)
			hasLangText(what, dist, "dct:title")
			if langs := langsOf(dist["dct:title"]); !slices.Equal(langs, []string{"en", "nb"}) {
				t.Errorf("%s: titles in %v, want nb and en", what, langs)
			}
			for _, key := range []string{"dcat:accessURL", "dcat:downloadURL", "dct:format", "dcat:mediaType", "dct:license"} {
				hasID(what, dist, key)
			}
			got = append(got, dist["dcat:downloadURL"].(map[string]any)["@id"].(string))
		}
	}
	contact := nodes[catalog["dcat:contactPoint"].(map[string]any)["@id"].(string)]
	if contact["vcard:fn"] == nil || (contact["vcard:hasEmail"] == nil && contact["vcard:hasURL"] == nil) {
		t.Errorf("the contact point has no name, or no e-mail or URL: %v", contact)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("the catalog's distributions are\n%v\nwant\n%v", got, want)
	}
}

// langsOf returns the languages of a list of language-tagged texts, sorted
// and each once.
func langsOf(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, x := range list {
		m, _ := x.(map[string]any)
		if l, ok := m["@language"].(string); ok && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}

// FuzzChart draws charts of any values and labels: the SVG, inline and as a
// file, is always well-formed with the title it should have. (The PNG is the
// same scene; rasterizing it would make each run too slow to fuzz.)
func FuzzChart(f *testing.F) {
	f.Add("Søkbare midler", "Skapte", 27.0, 171.0, -3.0, true)
	f.Add("<&\"'>\r\x01", "", 0.0, 0.0, 0.0, false)
	f.Add(strings.Repeat("langt ord ", 40), "x", 1e12, 1e-9, 5.0, true)
	p := newTestPublisher(f)
	f.Fuzz(func(t *testing.T, label, series string, a, b, c float64, missing bool) {
		if !isFinite(a) || !isFinite(b) || !isFinite(c) || !utf8Valid(label+series) {
			t.Skip() // the loader refuses these
		}
		vals := []*float64{fnum(a), fnum(b), fnum(c)}
		if missing {
			vals[1] = nil
		}
		fig := &model.Figure{ID: "f", Title: label, Unit: series,
			Categories: []model.Category{{Label: label}, {Label: series}, {Label: "c"}},
			Series:     []model.Series{{ID: "s", Label: series, Values: vals}, {ID: "t", Label: label, Values: []*float64{fnum(c), nil, fnum(a)}}},
			Page:       &model.Page{URL: "/resultater/f/"}}
		m := testMeta("nb")
		for _, full := range []bool{false, true} {
			sc := p.layout(fig, m, full)
			if sc.h <= 0 || sc.h > 2000 {
				t.Errorf("the chart is %v units high", sc.h)
			}
			checkSVG(t, sc.svg(1), xmlText(label))
		}
	})
}

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func utf8Valid(s string) bool { return utf8.ValidString(s) }

// xmlText is s as an XML parser returns it from the SVG: without the
// characters XML cannot hold.
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000 {
			return r
		}
		return -1
	}, s)
}

// mapCache is a Cache in memory that counts its hits.
type mapCache struct {
	data map[string][]byte
	hits int
}

func (c *mapCache) Get(key string) ([]byte, bool) {
	d, ok := c.data[key]
	if ok {
		c.hits++
	}
	return d, ok
}

func (c *mapCache) Put(key string, data []byte) error { c.data[key] = data; return nil }

func TestPNGComesFromTheCacheUntilTheChartChanges(t *testing.T) {
	cache := &mapCache{data: map[string][]byte{}}
	p, err := New(load.Results{}, cache)
	if err != nil {
		t.Fatal(err)
	}
	first, err := p.Figure(jobs(), testMeta("nb"))
	if err != nil {
		t.Fatal(err)
	}
	again, err := p.Figure(jobs(), testMeta("nb"))
	if err != nil {
		t.Fatal(err)
	}
	if cache.hits != 1 || !bytes.Equal(file(t, first, KindPNG).Data, file(t, again, KindPNG).Data) {
		t.Errorf("the same chart again: %d cache hits, want the cached PNG", cache.hits)
	}
	for name, change := range map[string]func(*model.Figure, *Meta){
		"a value":         func(f *model.Figure, _ *Meta) { f.Series[0].Values[0] = fnum(28) },
		"the licence URL": func(_ *model.Figure, m *Meta) { m.Licence.URL = "https://example.org/licence" },
	} {
		f, m := jobs(), testMeta("nb")
		change(f, &m)
		before := cache.hits
		pub, err := p.Figure(f, m)
		if err != nil {
			t.Fatal(err)
		}
		if cache.hits != before || bytes.Equal(file(t, pub, KindPNG).Data, file(t, first, KindPNG).Data) {
			t.Errorf("after changing %s the PNG came from the cache", name)
		}
	}
}

func TestArchiveIsSortedDatedAndTheSameOnEveryRun(t *testing.T) {
	m := testMeta("nb")
	files := map[string][]byte{
		"data/b.csv":    []byte("b"),
		"data/a.csv":    []byte("a"),
		"en/data/c.csv": []byte("c"), // another language's folder: left out
	}
	f := jobs()
	first, dl, err := Archive(files, []*model.Figure{f}, m)
	if err != nil {
		t.Fatal(err)
	}
	again, _, err := Archive(files, []*model.Figure{f}, m)
	if err != nil || !bytes.Equal(first, again) {
		t.Fatalf("the zip differs when made again (%v)", err)
	}
	if dl.URL != "/data/data.zip" || dl.MediaType != "application/zip" || dl.Size != int64(len(first)) {
		t.Errorf("download %+v", dl)
	}
	r, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, zf := range r.File {
		names = append(names, zf.Name)
		if !zf.Modified.Equal(f.Updated) {
			t.Errorf("%s is dated %v, want the figure's updated date", zf.Name, zf.Modified)
		}
	}
	if !slices.Equal(names, []string{"a.csv", "b.csv"}) {
		t.Errorf("the zip holds %q, want a.csv and b.csv in order", names)
	}
}

// TestStackedChartDrawsTheGoalAcrossTheTotal checks the stacked chart: a
// total row first, each row's series end to end on one scale, the stated
// values after each bar joined by «+», and the goal as a vertical line at
// its value across the total's bar, named beside it.
func TestStackedChartDrawsTheGoalAcrossTheTotal(t *testing.T) {
	p := newTestPublisher(t)
	f := stackedJobs()
	m := testMeta("nb")
	for _, full := range []bool{false, true} {
		sc := p.layout(f, m, full)
		texts := map[string]text{}
		for _, tx := range sc.texts {
			texts[tx.s] = tx
		}
		for _, want := range []string{"Sum", "Mål: 200", "37,5 + 1\u00a0237", "27 + 1\u00a0171", "10,5", "66"} {
			if _, ok := texts[want]; !ok {
				t.Errorf("full=%v: no text %q in the chart", full, want)
			}
		}
		// The bars of the total row: 37.5 then 1237, end to end.
		var total []rect
		for _, r := range sc.rects {
			if r.h == barHeight && r.y < texts["27 + 1\u00a0171"].y-barHeight {
				total = append(total, r)
			}
		}
		if len(total) != 2 || math.Abs(total[0].x+total[0].w-total[1].x) > 1e-9 {
			t.Fatalf("full=%v: the total row has bars %+v, want two end to end", full, total)
		}
		unit := (total[0].w + total[1].w) / 1274.5
		var goal *line
		for i, l := range sc.lines {
			if l.x1 == l.x2 && l.w == 2 {
				goal = &sc.lines[i]
			}
		}
		if goal == nil {
			t.Fatalf("full=%v: no goal line", full)
		}
		if want := total[0].x + 200*unit; math.Abs(goal.x1-want) > 0.01 {
			t.Errorf("full=%v: the goal line is at %v, want %v (200 on the bars' scale)", full, goal.x1, want)
		}
		if goal.y1 > total[0].y || goal.y2 < total[0].y+barHeight {
			t.Errorf("full=%v: the goal line runs from %v to %v, want it across the total's bar (%v to %v)", full, goal.y1, goal.y2, total[0].y, total[0].y+barHeight)
		}
		checkSVG(t, sc.svg(1), f.Title)
	}
}

// TestDownloadsAreSafeInSpreadsheets: text cells a spreadsheet would run as
// a formula get a leading quote in both CSVs (OWASP's advice); numbers,
// negative ones too, stay numbers; the XLSX keeps the text as text cells.
func TestDownloadsAreSafeInSpreadsheets(t *testing.T) {
	f := jobs()
	f.CategoryLabel = "@SUM(1+1)"
	f.Source = "=HYPERLINK(\"https://example.com\",\"x\")"
	f.Categories = []model.Category{{Label: "=1+2"}, {Label: "+47 kontor"}, {Label: "-dårlig"}, {Label: "\tinnrykk"}, {Label: "\rCR"}, {Label: "Vanlig"}}
	f.Series = []model.Series{{ID: "a", Label: "-verdier", Values: []*float64{fnum(-5), fnum(1.5), fnum(-0.25), nil, fnum(0), fnum(7)}}}
	labels := []string{"'@SUM(1+1)", "'=1+2", "'+47 kontor", "'-dårlig", "'\tinnrykk", "'\rCR", "Vanlig"}

	for _, c := range []struct {
		name   string
		make   func(*model.Figure, Meta) ([]byte, error)
		sep    rune
		values []string
	}{
		{"CSV", CSV, ',', []string{"-5", "1.5", "-0.25", "", "0", "7"}},
		{"ExcelCSV", ExcelCSV, ';', []string{"-5", "1,5", "-0,25", "", "0", "7"}},
	} {
		data, err := c.make(f, testMeta("nb"))
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
		r.Comma, r.FieldsPerRecord = c.sep, -1
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := recs[0]; got[0] != labels[0] || got[1] != "'-verdier (arbeidsplasser)" {
			t.Errorf("%s: header %q", c.name, got)
		}
		for i, want := range labels[1:] {
			want = strings.ReplaceAll(want, "\r", "") // encoding/csv writes no lone CR
			if got := recs[i+1]; got[0] != want || got[1] != c.values[i] {
				t.Errorf("%s: row %d is %q, want %q, %q", c.name, i+1, got, want, c.values[i])
			}
		}
		if c.name == "ExcelCSV" && !bytes.Contains(data, []byte(`;"'=HYPERLINK(""https://example.com"",""x"")"`)) {
			t.Errorf("ExcelCSV: the source is not neutralised:\n%s", data)
		}
	}

	x, sheet := openXLSX(t, f)
	for i, want := range append([]string{f.CategoryLabel}, "=1+2", "+47 kontor") {
		c, _ := excelize.CoordinatesToCellName(1, tableRow+i)
		if formula, _ := x.GetCellFormula(sheet, c); formula != "" {
			t.Errorf("XLSX %s has the formula %q", c, formula)
		}
		if typ, _ := x.GetCellType(sheet, c); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			t.Errorf("XLSX %s has type %v, want text", c, typ)
		}
		if got, _ := x.GetCellValue(sheet, c); got != want {
			t.Errorf("XLSX %s = %q, want %q", c, got, want)
		}
	}
	c, _ := excelize.CoordinatesToCellName(2, tableRow+1)
	if typ, _ := x.GetCellType(sheet, c); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("XLSX %s (-5) has type %v, want a number", c, typ)
	}
}
