package load

import (
	"encoding/json"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"sats/internal/locale"
	"sats/internal/schema"
)

func TestSchemaLanguagesAreLocales(t *testing.T) {
	data, err := fs.ReadFile(schema.Files(), "common.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var common struct {
		Defs struct {
			Language struct{ Enum []string }
		} `json:"$defs"`
	}
	if err := json.Unmarshal(data, &common); err != nil {
		t.Fatal(err)
	}
	if len(common.Defs.Language.Enum) == 0 {
		t.Fatal("no language enum in common.schema.json")
	}
	for _, lang := range common.Defs.Language.Enum {
		if _, ok := locale.For(lang); !ok {
			t.Errorf("the schema allows language %q, which package locale does not know", lang)
		}
	}
}

// TestSchemaProblemsArePlacedAtTheirLines checks the mapping of schema
// violations back to YAML positions, and that each mistake has one message:
// the decoder's for a value it cannot read into its Go type, the schema's
// for keys and constraints.
func TestSchemaProblemsArePlacedAtTheirLines(t *testing.T) {
	site := "title: T\nbaseURL: https://example.org/\nlanguage: nb\nsections: {news: n, reports: r, projects: p, focusAreas: f, municipalities: m, results: res, tags: t}\n"
	tests := []struct {
		name, file, src string
		want            []string
	}{
		{"enum in a flow mapping", "data/results.yaml",
			"figures:\n  - {id: f, title: F, compute: projects-by-area}\n",
			[]string{`data/results.yaml:2:32: compute "projects-by-area" is not allowed; did you mean "projects-by-focus-area"?`}},
		{"slug in a list", "data/projects.yaml",
			"supportKinds: [{id: s, name: S}]\nprojects:\n  - id: a\n    title: A\n    support: s\n    municipalities:\n      - al\n      - Gol\n",
			[]string{`data/projects.yaml:8:9: municipalities "Gol" is not valid; use lower case letters a–z, digits and '-' between words, e.g. "gol"`}},
		{"minimum", "data/municipalities.yaml",
			"municipalities:\n  - id: a\n    name: A\n    population:\n      - {date: 2020-01-01, count: -1}\n",
			[]string{`data/municipalities.yaml:5:35: count is -1, less than 0`}},
		{"missing key at its mapping", "data/results.yaml",
			"licence:\n  name: NLOD\n",
			[]string{`data/results.yaml:2:3: missing key "url"; add a line 'url: "https://data.norge.no/nlod/no/2.0"'`}},
		{"wrong type is the decoder's alone", "data/municipalities.yaml",
			"municipalities:\n  - id: a\n    name: A\n    areaKm2: stor\n",
			[]string{`data/municipalities.yaml:4:14: expected a number, found "stor"`}},
		{"unknown key, with the keys the object takes", "data/projects.yaml",
			"supportKinds: [{id: s, name: S, beskrivelse: x}]\n",
			[]string{`data/projects.yaml:1:33: unknown key "beskrivelse"`}},
		{"a misspelt key is not also missing", "data/projects.yaml",
			"supportKinds: [{id: s, nmae: S}]\n",
			[]string{`data/projects.yaml:1:24: unknown key "nmae"; did you mean "name"?`}},
		{"a value of the wrong type gets the decoder's message only", "data/site.yaml",
			strings.Replace(site, "language: nb", "language: [nb]", 1),
			[]string{`data/site.yaml:3:11: expected text, found a list`}},
		{"a month that does not exist gets the decoder's message only", "data/sources.yaml",
			"sources:\n  - {id: s, title: S, date: 2021-13}\n",
			[]string{`data/sources.yaml:2:29: "2021-13" is not a real month`}},
		{"a translation may leave out the keys a record must have", "data/projects.yaml",
			"supportKinds:\n  - id: s\n    name: S\n    translations:\n      en: {description: Grants}\n      nb: {nmae: S}\n",
			[]string{`data/projects.yaml:6:12: unknown key "nmae"; did you mean "name"?`}},
		{"a key that is not text", "content/a.md",
			"---\ntitle: A\n[a, b]: x\n---\n",
			[]string{`content/a.md:3:1: key "" is not used in pages; remove it`}},
		{"an empty key is one mistake, not two", "data/projects.yaml",
			"?\n",
			[]string{`data/projects.yaml:1:2: unknown key ""`}},
		{"key of a property name", "data/i18n/nb.yaml",
			"ok: fint\n\"ikke ok\": x\n",
			[]string{`data/i18n/nb.yaml:2:1: key "ikke ok" is not valid`}},
		{"front matter below line 1", "content/n/a.md",
			"---\ntitle: A\ndate: 2024-01-01\nslug: Ny Side\nattachments: []\n---\n",
			[]string{
				`content/n/a.md:4:7: slug "Ny Side" is not valid; use lower case letters a–z, digits and '-' between words, e.g. "ny-side"`,
				`content/n/a.md:5:1: key "attachments" is not used in news posts`,
			}},
		{"front matter of a text", "content/p/a.md",
			"---\ntitle: A\n---\n",
			[]string{`content/p/a.md:2:1: key "title" is not used in project, focus area and municipality texts`}},
		{"an alias is reported at its anchor, once", "data/results.yaml",
			"figures:\n  - {id: f, title: F, compute: &k feil}\n  - {id: g, title: G, compute: *k}\n",
			[]string{
				`data/results.yaml:2:32: compute "feil" is not allowed`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"data/site.yaml": {Data: []byte(site)},
				tt.file:          {Data: []byte(tt.src)},
			}
			_, err := Load(fsys, sectionSchemas())
			if err == nil {
				t.Fatal("no problems, want some")
			}
			got := strings.Split(err.Error(), "\n")
			if len(got) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(got), len(tt.want), err)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("problem %d:\n got %s\nwant %s…", i, got[i], w)
				}
			}
		})
	}
}

func TestEmptyFrontMatterOfANewsPostNamesWhatIsMissing(t *testing.T) {
	site := "title: T\nbaseURL: https://example.org/\nlanguage: nb\nsections: {news: n, reports: r, projects: p, focusAreas: f, municipalities: m, results: res, tags: t}\n"
	_, err := Load(fstest.MapFS{
		"data/site.yaml": {Data: []byte(site)},
		"content/n/a.md": {Data: []byte("---\n---\nTekst.\n")},
	}, sectionSchemas())
	want := "content/n/a.md:2:1: missing key \"date\"; add a line 'date: 2024-03-08'\n" +
		"content/n/a.md:2:1: missing key \"title\"; add a line 'title: Tittel på saken'"
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}

// FuzzSchemaCheck feeds arbitrary YAML through the decoder and the schema
// check of every data file: no input may panic, and every problem has a
// position inside the file.
func FuzzSchemaCheck(f *testing.F) {
	for _, s := range []string{
		"projects:\n  - id: a\n    title: A\n    support: s\n    municipalities: [x, Y]\n",
		"originalAreas:\n  - {id: a, name: A, kind: feil}\n",
		"municipalities:\n  - {id: a, name: A, population: [{date: 2020-02-30, count: -1}]}\n",
		"figures:\n  - id: f\n    title: F\n    totals: {\"A b\": 1}\n    translations: {de: {title: x}}\n",
		"a: &x [1, *x]\n",
		"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
		"? [a]\n: b\n",
		"1: 2\n.inf: .nan\n",
	} {
		f.Add([]byte(s))
	}
	schemas, err := schema.Compile()
	if err != nil {
		f.Fatal(err)
	}
	in := &Input{}
	names := map[string]any{"i18n": &map[string]string{}, "site": &Config{}}
	for file, target := range in.dataFiles() {
		names[strings.TrimSuffix(file, ".yaml")] = target
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		// YAML counts a lone CR as a line break too, and places an empty
		// node that ends the input on the line after it.
		lines := strings.Count(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n") + strings.Count(string(src), "\r") + 2
		for name, target := range names {
			v := reflect.New(reflect.TypeOf(target).Elem()).Interface()
			problems := decodeChecked(schemas, name, "data/x.yaml", src, 0, time.UTC, v)
			for _, p := range problems {
				if p.Path != "data/x.yaml" || p.Line < 0 || p.Line > lines {
					t.Errorf("problem outside the file: %v", p)
				}
			}
		}
	})
}

// sectionSchemas is the front matter schema of each section, as the model's
// table of page kinds gives it (model.FrontMatterSchemas; package model
// imports this one, so the tests name them here).
func sectionSchemas() map[string]string {
	return map[string]string{
		SectionNews: schema.News, SectionReports: schema.Report, "events": schema.Event,
		SectionProjects: schema.Text, SectionFocusAreas: schema.Text, SectionMunicipalities: schema.Text,
	}
}
