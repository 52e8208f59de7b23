// Package figures owns the published forms of a figure of data/results.yaml:
// what a journalist downloads, cites and embeds, and what a data catalog
// harvests.
//
// For each figure (model.Figure) in one language it makes:
//
//   - the chart, a horizontal bar chart (or, with chart: stacked, the series
//     end to end against the figure's goal) drawn in Go as a scene and written as
//     SVG (inline on the figure's page, and as a file with the title, source
//     and licence drawn in) and rasterized as PNG, 1200 px wide (chart.go,
//     chart_stacked.go, fonts.go, svg.go, png.go);
//   - a one-sentence summary of what the chart shows, from the sentence
//     templates of data/i18n/<lang>.yaml (summary.go);
//   - the numbers as CSV for machines (RFC 4180: comma, decimal point, UTF-8
//     without BOM), CSV for Norwegian Excel (semicolon, decimal comma, UTF-8
//     with BOM), XLSX and JSON, each with the figure's metadata where the
//     format has room for it (tables.go, xlsx.go; the XLSX file format itself
//     in xlsxfile.go);
//   - the citation line, and the figure as a schema.org Dataset for the
//     structured data of its page (dataset.go).
//
// For the whole site it makes the open data catalog in DCAT-AP-NO, as
// JSON-LD, with every figure in every language as a dataset and every file as
// a distribution (catalog.go, in the vocabulary of dcat.go).
//
// Every file is a function of its input only: no clock, no random order, so
// the same input gives the same bytes on every build. The functions do not
// change the figures; package build puts what they return on the model.
// Nothing about a particular site is written here: texts come from the
// interface strings, colours and themes from data/results.yaml.
package figures

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"strings"

	"sats/internal/diag"
	"sats/internal/load"
	"sats/internal/locale"
	"sats/internal/model"
	"sats/internal/schemaorg"
)

// Meta is what the files of one language say besides the numbers.
type Meta struct {
	Lang      string // the language of the texts: nb, en
	SiteTitle string // the site's name, first in a citation
	Publisher string // who publishes the figures (data/site.yaml author)
	BaseURL   string // the site's absolute URL, ending in /
	DataURL   string // the site path of the language's open data folder, e.g. /data/
	Licence   load.Licence
	Contact   load.Contact // the programme's contact (data/organisation.yaml)
	OrgName   string       // the programme's name (data/organisation.yaml)
	Region    string       // the region's name (data/municipalities.yaml region), for the catalog's dct:spatial
	Places    []string     // the municipalities' names, in the order of data/municipalities.yaml
	Locale    *locale.Locale
	T         func(key string) string // the interface strings of the language
}

// MetaOf returns the Meta of a site in one language; the site must have an
// open data page.
func MetaOf(s *model.Site) Meta {
	m := Meta{
		Lang: s.Lang, SiteTitle: s.Config.Title, Publisher: s.Config.Author, BaseURL: s.Config.BaseURL,
		Licence: s.Licence, Contact: s.Organisation.Contact, OrgName: s.Organisation.Name,
		Locale: s.Locale, T: s.T, Region: s.Region.Name,
	}
	for _, mu := range s.Municipalities {
		m.Places = append(m.Places, mu.Name)
	}
	if p := s.Sections[model.KindDatasets]; p != nil {
		m.DataURL = p.URL
	}
	return m
}

// sprintf formats the interface string key. A site without the string shows
// the key and the values, never a broken format.
func (m Meta) sprintf(key string, args ...any) string {
	f := m.T(key)
	if f == key {
		parts := []string{key}
		for _, a := range args {
			parts = append(parts, fmt.Sprint(a))
		}
		return strings.Join(parts, " ")
	}
	return fmt.Sprintf(f, args...)
}

// Publisher makes the published forms of figures with one chart style.
// It is not safe for concurrent use.
type Publisher struct {
	style  *style
	fonts  *fonts
	themes []string
	cache  Cache
	raster *raster
}

// Cache keeps rasterized charts between builds (render.ImageCache is one).
// A key names the hash of everything the PNG is made of, so a key's data
// never changes.
type Cache interface {
	Get(key string) ([]byte, bool)
	Put(key string, data []byte) error
}

// New returns a Publisher for the chart style and catalog themes of
// data/results.yaml. It reports a colour that is not one, or that has too
// little contrast to the background, at the position of the chart: block.
// A cache, if not nil, keeps the PNGs between builds.
func New(results load.Results, cache Cache) (*Publisher, error) {
	st, err := newStyle(results.Chart)
	if err != nil {
		return nil, err
	}
	fs, err := newFonts()
	if err != nil {
		return nil, err
	}
	return &Publisher{style: st, fonts: fs, themes: results.Themes, cache: cache, raster: newRaster()}, nil
}

// pngVersion goes into the key of a cached PNG: change it when the drawing
// of a PNG from its scene changes.
const pngVersion = "2"

// png returns the PNG of a chart, from the cache when it has it. The scene
// is all there is in the SVG, so the SVG and the PNG's metadata make the key.
func (p *Publisher) png(sc *scene, svg []byte, meta [][2]string) ([]byte, error) {
	key := ""
	if p.cache != nil {
		h := sha256.New()
		h.Write([]byte("chart png " + pngVersion + "\x00"))
		h.Write(svg)
		for _, kv := range meta {
			h.Write([]byte("\x00" + kv[0] + "\x00" + kv[1]))
		}
		key = "chart-" + hex.EncodeToString(h.Sum(nil)[:16]) + ".png"
		if data, ok := p.cache.Get(key); ok {
			return data, nil
		}
	}
	data, err := sc.png(p.fonts, p.raster, meta)
	if err != nil || key == "" {
		return data, err
	}
	return data, p.cache.Put(key, data)
}

// Kinds of download, in the order a page lists them.
const (
	KindCSV      = "csv"
	KindExcelCSV = "excel-csv"
	KindXLSX     = "xlsx"
	KindJSON     = "json"
	KindSVG      = "svg"
	KindPNG      = "png"
)

// kind describes a kind of download: its file name after the figure's id,
// the format's short name, media type and the interface string naming it.
type kind struct {
	id, suffix, format, mediaType, label string
}

func kinds() []kind {
	return []kind{
		{KindCSV, ".csv", "CSV", "text/csv", "downloadCSV"},
		{KindExcelCSV, "-excel.csv", "CSV", "text/csv", "downloadExcelCSV"},
		{KindXLSX, ".xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "downloadXLSX"},
		{KindJSON, ".json", "JSON", "application/json", "downloadJSON"},
		{KindSVG, ".svg", "SVG", "image/svg+xml", "downloadSVG"},
		{KindPNG, ".png", "PNG", "image/png", "downloadPNG"},
	}
}

// File is an output file and what the figure's page says of it.
type File struct {
	Path     string // output path, e.g. data/arbeidsplasser.csv
	Data     []byte
	Download model.Download
}

// Published is everything made of one figure in one language.
type Published struct {
	Files    []File // the downloads, in the order of the page
	Summary  string
	Chart    template.HTML // the chart for the page, an <svg> element
	Citation string
	LD       *schemaorg.Dataset // the figure as a node of its page's JSON-LD graph
}

// Figure makes the published forms of figure f. The files go into the
// language's open data folder (m.DataURL) and are named after f's id.
func (p *Publisher) Figure(f *model.Figure, m Meta) (*Published, error) {
	pub := &Published{Summary: Summary(f, m), Citation: Citation(f, m)}
	inline := p.layout(f, m, false)
	pub.Chart = template.HTML(inline.svg(inlineScale)) // #nosec: every text is escaped by svg
	full := p.layout(f, m, true)
	fullSVG := full.svg(1)

	for _, k := range kinds() {
		var data []byte
		var err error
		switch k.id {
		case KindCSV:
			data, err = CSV(f, m)
		case KindExcelCSV:
			data, err = ExcelCSV(f, m)
		case KindXLSX:
			data, err = XLSX(f, m)
		case KindJSON:
			data, err = JSON(f, m)
		case KindSVG:
			data = fullSVG
		case KindPNG:
			data, err = p.png(full, fullSVG, pngText(f, m, pub))
		}
		if err != nil {
			return nil, diag.Errorf(f.Pos, "cannot make the %s file of figure %s: %v; shorten its texts, or report this as a bug of sats", k.format, f.ID, err)
		}
		url := m.DataURL + f.ID + k.suffix
		pub.Files = append(pub.Files, File{
			Path: strings.TrimPrefix(url, "/"),
			Data: data,
			Download: model.Download{Kind: k.id, Label: m.T(k.label), Format: k.format,
				MediaType: k.mediaType, URL: url, Size: int64(len(data))},
		})
	}
	pub.LD = DatasetLD(f, m, pub)
	return pub, nil
}

// pngText is the metadata of the PNG file.
func pngText(f *model.Figure, m Meta, pub *Published) [][2]string {
	return [][2]string{
		{"Title", f.Title},
		{"Description", pub.Summary},
		{"Author", m.Publisher},
		{"Copyright", licenceLine(m)},
		{"Source", model.AbsURL(m.BaseURL, f.Page.URL)},
		{"Creation Time", isoDate(f)},
	}
}

// licenceLine names the licence and its URL.
func licenceLine(m Meta) string {
	switch {
	case m.Licence.Name == "":
		return ""
	case m.Licence.URL == "":
		return m.Licence.Name
	}
	return m.Licence.Name + " (" + m.Licence.URL + ")"
}

func isoDate(f *model.Figure) string {
	if f.Updated.IsZero() {
		return ""
	}
	return f.Updated.Format("2006-01-02")
}

// Citation is the line that tells how to cite figure f: site, year, title,
// URL and licence, after the interface string citeAs.
func Citation(f *model.Figure, m Meta) string {
	year := ""
	if !f.Updated.IsZero() {
		year = fmt.Sprint(f.Updated.Year())
	}
	return m.sprintf("citeAs", m.SiteTitle, year, f.Title, model.AbsURL(m.BaseURL, f.Page.URL), m.Licence.Name)
}
