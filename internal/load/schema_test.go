package load

import (
	"encoding/json"
	"io/fs"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"sats/internal/locale"
	"sats/internal/schema"
)

// rawSchemas holds the JSON of the schema files, to walk them beside the Go
// structs they describe.
type rawSchemas map[string]any

func readSchemas(t *testing.T) rawSchemas {
	t.Helper()
	r := rawSchemas{}
	names, err := fs.Glob(schema.Files(), "*.schema.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("no schema files: %v", err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(schema.Files(), name)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r[name] = v
	}
	return r
}

// node returns the schema object at loc, "file#/json/pointer".
func (r rawSchemas) node(loc string) map[string]any {
	file, frag, _ := strings.Cut(loc, "#")
	v := r[file]
	for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		if tok == "" {
			continue
		}
		switch x := v.(type) {
		case map[string]any:
			v = x[tok]
		case []any:
			i, _ := strconv.Atoi(tok)
			if i >= len(x) {
				return nil
			}
			v = x[i]
		}
	}
	m, _ := v.(map[string]any)
	return m
}

// expand returns loc and the locations it takes keywords from through $ref
// and allOf.
func (r rawSchemas) expand(loc string) []string {
	out := []string{loc}
	for i := 0; i < len(out) && i < 16; i++ {
		n := r.node(out[i])
		file, _, _ := strings.Cut(out[i], "#")
		if ref, ok := n["$ref"].(string); ok {
			if strings.HasPrefix(ref, "#") {
				ref = file + ref
			}
			out = append(out, ref)
		}
		if all, ok := n["allOf"].([]any); ok {
			for j := range all {
				out = append(out, out[i]+"/allOf/"+strconv.Itoa(j))
			}
		}
	}
	return out
}

// properties returns the keys an object schema declares and where the
// schema of each is.
func (r rawSchemas) properties(loc string) map[string]string {
	props := map[string]string{}
	for _, l := range r.expand(loc) {
		p, _ := r.node(l)["properties"].(map[string]any)
		for k := range p {
			props[k] = l + "/properties/" + k
		}
	}
	return props
}

// sub returns the location of the subschema under keyword kw ("items",
// "additionalProperties"), or "".
func (r rawSchemas) sub(loc, kw string) string {
	for _, l := range r.expand(loc) {
		if _, ok := r.node(l)[kw].(map[string]any); ok {
			return l + "/" + kw
		}
	}
	return ""
}

// mapValues returns the locations of the schemas of an object's values when
// it is a map: additionalProperties, patternProperties and properties.
func (r rawSchemas) mapValues(loc string) []string {
	if ap := r.sub(loc, "additionalProperties"); ap != "" {
		return []string{ap}
	}
	var out []string
	for _, l := range r.expand(loc) {
		for _, kw := range []string{"patternProperties", "properties"} {
			m, _ := r.node(l)[kw].(map[string]any)
			for k := range m {
				out = append(out, l+"/"+kw+"/"+k)
			}
		}
	}
	return out
}

func (r rawSchemas) closed(loc string) bool {
	for _, l := range r.expand(loc) {
		if ap, ok := r.node(l)["additionalProperties"].(bool); ok && !ap {
			return true
		}
	}
	return false
}

// compare walks a Go type and its schema together: every yaml key of every
// struct must be in the schema and the reverse (subset: the schema may leave
// keys out, as the front matter of one kind of page does).
func (r rawSchemas) compare(t *testing.T, typ reflect.Type, loc, path string, subset bool, seen map[string]bool) {
	t.Helper()
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if r.node(loc) == nil {
		t.Errorf("%s: no schema at %s", path, loc)
		return
	}
	if key := typ.String() + " " + loc; seen[key] {
		return
	} else {
		seen[key] = true
	}
	switch {
	case typ == timeType, typ == dateType, typ == reflect.TypeFor[Ref](), typ == reflect.TypeFor[SourceRef](), typ == reflect.TypeFor[Number]():
		return
	}
	switch typ.Kind() {
	case reflect.Struct:
		if !r.closed(loc) {
			t.Errorf("%s: the schema at %s does not refuse unknown keys (additionalProperties: false)", path, loc)
		}
		props := r.properties(loc)
		var goKeys []string
		for _, f := range structFields(typ) {
			goKeys = append(goKeys, f.key)
			sub, ok := props[f.key]
			if !ok {
				if !subset {
					t.Errorf("%s: key %q of %s is not in the schema at %s", path, f.key, typ, loc)
				}
				continue
			}
			r.compare(t, typ.Field(f.index).Type, sub, path+"."+f.key, false, seen)
		}
		for k := range props {
			if !slices.Contains(goKeys, k) {
				t.Errorf("%s: the schema at %s has key %q, which %s does not have", path, loc, k, typ)
			}
		}
	case reflect.Slice:
		items := r.sub(loc, "items")
		if items == "" {
			t.Errorf("%s: the schema at %s has no items for %s", path, loc, typ)
			return
		}
		r.compare(t, typ.Elem(), items, path+"[]", false, seen)
	case reflect.Map:
		// The values: additionalProperties, or every pattern property, or
		// every property (an object keyed by language).
		values := r.mapValues(loc)
		if len(values) == 0 {
			t.Errorf("%s: the schema at %s says nothing of the values of %s", path, loc, typ)
		}
		for _, v := range values {
			r.compare(t, typ.Elem(), v, path+"{}", false, seen)
		}
	}
}

// TestSchemasMatchTheGoStructs keeps the schemas in step with the structs
// the decoder fills: every yaml key of every struct is in its schema, and
// every key of a schema is one the decoder reads.
func TestSchemasMatchTheGoStructs(t *testing.T) {
	r := readSchemas(t)
	in := &Input{}
	roots := map[string]any{"site": &in.Config, "i18n": &map[string]string{}}
	for file, target := range in.dataFiles() {
		roots[strings.TrimSuffix(file, ".yaml")] = target
	}
	for name, target := range roots {
		t.Run(name, func(t *testing.T) {
			r.compare(t, reflect.TypeOf(target), name+".schema.json#", name, false, map[string]bool{})
		})
	}

	// Front matter: one schema per kind, each a subset of FrontMatter's keys,
	// together all of them.
	fm := reflect.TypeFor[FrontMatter]()
	union := map[string]bool{}
	for _, kind := range []string{schema.News, schema.Event, schema.Report, schema.Page, schema.Text, schema.Section} {
		loc := kind + ".schema.json#"
		r.compare(t, fm, loc, "front matter of "+kind, true, map[string]bool{})
		for k := range r.properties(loc) {
			union[k] = true
		}
	}
	for _, f := range structFields(fm) {
		if !union[f.key] {
			t.Errorf("front matter key %q is in no front matter schema", f.key)
		}
	}
}

func TestEverySchemaIsUsed(t *testing.T) {
	r := readSchemas(t)
	used := []string{"common", schema.Site, schema.I18n, schema.News, schema.Event, schema.Report, schema.Page, schema.Text, schema.Section}
	for file := range (&Input{}).dataFiles() {
		used = append(used, strings.TrimSuffix(file, ".yaml"))
	}
	for file := range r {
		if !slices.Contains(used, strings.TrimSuffix(file, ".schema.json")) {
			t.Errorf("schema %s is not used by Load", file)
		}
	}
}

func TestSchemaLanguagesAreLocales(t *testing.T) {
	r := readSchemas(t)
	enum, _ := r.node("common.schema.json#/$defs/language")["enum"].([]any)
	if len(enum) == 0 {
		t.Fatal("no language enum in common.schema.json")
	}
	for _, lang := range enum {
		if _, ok := locale.For(lang.(string)); !ok {
			t.Errorf("the schema allows language %q, which package locale does not know", lang)
		}
	}
}

// TestSchemaProblemsArePlacedAtTheirLines checks the mapping of schema
// violations back to YAML positions, and that a mistake the decoder reports
// is not reported again by the schema.
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
			[]string{`data/results.yaml:2:3: missing key "url"; add a line 'url: …'`}},
		{"wrong type is the decoder's alone", "data/municipalities.yaml",
			"municipalities:\n  - id: a\n    name: A\n    areaKm2: stor\n",
			[]string{`data/municipalities.yaml:4:14: expected a number, found "stor"`}},
		{"unknown key is the decoder's alone", "data/projects.yaml",
			"supportKinds: [{id: s, name: S, beskrivelse: x}]\n",
			[]string{`data/projects.yaml:1:33: unknown key "beskrivelse"`}},
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
