package build

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"sats/internal/figures"
	"sats/internal/locale"
	"sats/internal/model"
)

// figuresSite is a site with figures in two languages (Norwegian and
// English), laid over the minimal site.
func figuresSite(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../testdata/figures/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// downloadKinds are the six downloads of a figure: the end of the file name
// and the format a page names.
var downloadKinds = []struct{ suffix, format string }{
	{".csv", "CSV"}, {"-excel.csv", "CSV"}, {".xlsx", "XLSX"}, {".json", "JSON"}, {".svg", "SVG"}, {".png", "PNG"},
}

// dataFiles lists the output files of the open data folders, but for their
// pages.
func dataFiles(files map[string][]byte) []string {
	var names []string
	for name := range files {
		if (strings.HasPrefix(name, "data/") || strings.HasPrefix(name, "en/data/")) && !strings.HasSuffix(name, "index.html") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

func TestFigurePageLinksEveryDownloadWithFormatAndSize(t *testing.T) {
	b := buildSite(t, figuresSite(t)).ok()
	for _, page := range []struct{ out, data, id, lang string }{
		{"resultater/jobber/index.html", "data/", "jobber", "nb"},
		{"resultater/per-omrade/index.html", "data/", "per-omrade", "nb"},
		{"en/results/jobber/index.html", "en/data/", "jobber", "en"},
	} {
		loc, _ := locale.For(page.lang)
		var want []string
		for _, k := range downloadKinds {
			name := page.data + page.id + k.suffix
			data, ok := b.out.Files[name]
			if !ok {
				t.Errorf("%s is not written", name)
				continue
			}
			want = append(want, `<a href="/`+name+`">`, "("+k.format+", "+loc.FileSize(int64(len(data)))+")</a>")
		}
		b.file(page.out, want...)
		b.file(page.out, "<svg", "<title id=", "<desc id=")
	}
	b.file("data/index.html", `<a href="/data/catalog.jsonld">`)
	b.file("en/data/index.html", `<a href="/data/catalog.jsonld">`, `<a href="/en/data/jobber.csv">`)
}

func TestFigurePageHasTheFigureAsADataset(t *testing.T) {
	b := buildSite(t, figuresSite(t)).ok()
	data := b.out.Files["resultater/jobber/index.html"]
	b.file("resultater/jobber/index.html", `"@type":"Dataset"`, `"contentUrl":"https://example.org/data/jobber.xlsx"`, `"license":"https://data.norge.no/nlod/no/2.0"`)
	if n := bytes.Count(data, []byte(`application/ld+json`)); n != 1 {
		t.Errorf("the figure's page has %d JSON-LD scripts, want one graph", n)
	}
}

func TestOpenDataIsTheSameOnEveryBuild(t *testing.T) {
	first := buildSite(t, figuresSite(t)).ok()
	later := buildSite(t, figuresSite(t), func(o *Options) { o.Model.Now = testNow.AddDate(1, 2, 3) }).ok()
	names := dataFiles(first.out.Files)
	if got := dataFiles(later.out.Files); !slices.Equal(got, names) {
		t.Fatalf("a later build writes other files:\n%v\nthe first:\n%v", got, names)
	}
	if len(names) != 2*2*len(downloadKinds)+1+2 {
		t.Errorf("the open data folders hold %d files, want 2 figures × 2 languages × %d downloads, the catalog and a zip per language: %v", len(names), len(downloadKinds), names)
	}
	for _, name := range names {
		if !bytes.Equal(first.out.Files[name], later.out.Files[name]) {
			t.Errorf("%s differs between two builds a year apart", name)
		}
	}
}

func TestCatalogListsEveryFileOfTheOpenDataFolders(t *testing.T) {
	b := buildSite(t, figuresSite(t)).ok()
	var doc struct {
		Graph []struct {
			Type    any `json:"@type"`
			Dataset []struct {
				Title        []map[string]string `json:"dct:title"`
				Distribution []struct {
					DownloadURL struct {
						ID string `json:"@id"`
					} `json:"dcat:downloadURL"`
					Size struct {
						Value string `json:"@value"`
					} `json:"dcat:byteSize"`
				} `json:"dcat:distribution"`
			} `json:"dcat:dataset"`
		} `json:"@graph"`
	}
	if err := json.Unmarshal(b.out.Files["data/catalog.jsonld"], &doc); err != nil {
		t.Fatalf("the catalog does not parse: %v", err)
	}
	var listed []string
	for _, n := range doc.Graph {
		if n.Type != "dcat:Catalog" {
			continue
		}
		for _, ds := range n.Dataset {
			if len(ds.Title) != 2 {
				t.Errorf("dataset titles %v, want one per language", ds.Title)
			}
			for _, d := range ds.Distribution {
				name, ok := strings.CutPrefix(d.DownloadURL.ID, "https://example.org/")
				if !ok {
					t.Errorf("distribution %s is not on the site", d.DownloadURL.ID)
				}
				if size := len(b.out.Files[name]); d.Size.Value != strconv.Itoa(size) {
					t.Errorf("the catalog gives %s %s bytes, the file has %d", name, d.Size.Value, size)
				}
				listed = append(listed, name)
			}
		}
	}
	slices.Sort(listed)
	var want []string
	for _, name := range dataFiles(b.out.Files) {
		if !strings.HasSuffix(name, "catalog.jsonld") && !strings.HasSuffix(name, figures.ArchiveFile) {
			want = append(want, name)
		}
	}
	if !slices.Equal(listed, want) {
		t.Errorf("the catalog lists\n%v\nthe open data folders hold\n%v", listed, want)
	}
}

func TestOpenDataMayBeReadFromOtherSites(t *testing.T) {
	b := buildSite(t, figuresSite(t)).ok()
	b.file("_headers", "/data/*\n  Access-Control-Allow-Origin: *", "/en/data/*\n  Access-Control-Allow-Origin: *")
}

func TestChartColoursWithoutContrastFailTheBuild(t *testing.T) {
	buildSite(t, figuresSite(t)+`
-- data/results.yaml --
licence: {name: NLOD 2.0, url: https://data.norge.no/nlod/no/2.0}
chart:
  text: "#aaaaaa"
  series: ["#174e5a", "#f0f0f0"]
figures:
  - {id: f, title: F, categories: [a], series: [{id: s, label: S, values: [1]}]}
`).fails(
		"data/results.yaml:3:3: chart colour text #aaaaaa has a contrast of 2.3:1 to the background #ffffff, less than 4.5:1",
		"data/results.yaml:3:3: chart colour series[1] #f0f0f0 has a contrast of",
	)
}

func TestIncrementalRebuildPublishesFiguresAsAFullBuild(t *testing.T) {
	opts := Options{Model: model.Options{Now: testNow}}
	fsys := siteFS(figuresSite(t))
	prev, _, err := Rebuild(fsys, nil, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, edit := range []struct {
		name   string
		file   string
		change func(string) string
	}{
		{"a value of a typed figure", "data/results.yaml", func(s string) string { return strings.Replace(s, "values: [27, 10.5]", "values: [28, 9.5]", 1) }},
		{"a project that a computed figure counts", "data/projects.yaml", func(s string) string {
			return strings.Replace(s, "focusArea: kultur}\n  - {id: sti", "focusArea: baerekraft}\n  - {id: sti", 1)
		}},
		{"the name of a category of a computed figure", "data/focus_areas.yaml", func(s string) string {
			return strings.Replace(s, "name: Bærekraft}", "name: Bærekraft og mobilitet}", 1)
		}},
	} {
		t.Run(edit.name, func(t *testing.T) {
			old := string(fsys[edit.file].Data)
			changed := edit.change(old)
			if changed == old {
				t.Fatalf("the edit does not change %s", edit.file)
			}
			fsys[edit.file] = &fstest.MapFile{Data: []byte(changed)}
			next, _, err := Rebuild(fsys, prev, []string{edit.file}, opts)
			if err != nil {
				t.Fatal(err)
			}
			full, _, err := Rebuild(fsys, nil, nil, opts)
			if err != nil {
				t.Fatal(err)
			}
			sameFiles(t, next, full)
			prev = next
		})
	}
}
