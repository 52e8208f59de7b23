package schema

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

func TestEverySchemaIsDraft2020AndCompiles(t *testing.T) {
	s, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(Files(), "*.schema.json")
	for _, name := range names {
		data, _ := fs.ReadFile(Files(), name)
		var v struct {
			Schema string `json:"$schema"`
			Title  string `json:"title"`
		}
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if v.Schema != "https://json-schema.org/draft/2020-12/schema" {
			t.Errorf("%s: $schema is %q, want draft 2020-12", name, v.Schema)
		}
		if bytes.Contains(data, []byte(`"propertyNames"`)) {
			t.Errorf("%s uses propertyNames: the validator reports its failures at a wrong location; list the keys in properties or use patternProperties", name)
		}
		if v.Title == "" {
			t.Errorf("%s has no title (shown by editors and used in messages)", name)
		}
		if n := strings.TrimSuffix(name, ".schema.json"); n != "common" && s.schemas[n] == nil {
			t.Errorf("%s was not compiled", name)
		}
	}
	for _, name := range []string{Site, Projects, FocusAreas, Municipalities, Organisation, Results, Sources, I18n, News, Report, Page, Text, Section} {
		if s.schemas[name] == nil {
			t.Errorf("no schema %q", name)
		}
	}
	if _, err := s.Validate("nothing", map[string]any{}); err == nil {
		t.Error("Validate of an unknown schema gave no error")
	}
}

// TestViolationMessages checks the message of each kind of violation: what is
// wrong, then how to fix it, with the key or value concerned.
func TestViolationMessages(t *testing.T) {
	s, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	project := func(kv ...any) map[string]any {
		p := map[string]any{"id": "a", "title": "A", "support": "s"}
		for i := 0; i+1 < len(kv); i += 2 {
			p[kv[i].(string)] = kv[i+1]
		}
		return map[string]any{"projects": []any{p}}
	}
	tests := []struct {
		name   string
		schema string
		doc    any
		want   []Violation
	}{
		{"pattern with a slug to use", Projects, project("id", "Fjell Fond"),
			[]Violation{{At: []string{"projects", "0", "id"}, Msg: `id "Fjell Fond" is not valid; use lower case letters a–z, digits and '-' between words, e.g. "fjell-fond"`}}},
		{"enum with a suggestion", Results, map[string]any{"figures": []any{map[string]any{"id": "f", "title": "F", "compute": "projects-by-municipalty"}}},
			[]Violation{{At: []string{"figures", "0", "compute"}, Msg: `compute "projects-by-municipalty" is not allowed; did you mean "projects-by-municipality"? allowed are: projects-by-focus-area, projects-by-municipality, projects-by-support`}}},
		{"enum without a suggestion", Site, map[string]any{"title": "T", "baseURL": "https://example.org/", "language": "de", "sections": map[string]any{"news": "n", "reports": "r", "projects": "p", "focusAreas": "f", "municipalities": "m", "results": "r", "tags": "t"}},
			[]Violation{{At: []string{"language"}, Msg: `language "de" is not allowed; use one of: nb, nn, no, en`}}},
		{"minimum", Projects, project("years", []any{1850}),
			[]Violation{{At: []string{"projects", "0", "years", "0"}, Msg: `years is 1850, less than 1900; write the year with four digits, e.g. 2024`}}},
		{"exclusive minimum", Municipalities, map[string]any{"municipalities": []any{map[string]any{"id": "a", "name": "A", "areaKm2": 0}}},
			[]Violation{{At: []string{"municipalities", "0", "areaKm2"}, Msg: `areaKm2 is 0; write the area in km² as a number larger than 0`}}},
		{"required with an example", News, map[string]any{"title": "T"},
			[]Violation{{At: nil, About: MissingKey, Key: "date", Msg: `missing key "date"; add a line 'date: 2024-03-08'`}}},
		{"required through allOf", Results, map[string]any{"licence": map[string]any{"name": "NLOD"}},
			[]Violation{{At: []string{"licence"}, About: MissingKey, Key: "url", Msg: `missing key "url"; add a line 'url: "https://data.norge.no/nlod/no/2.0"'`}}},
		{"key of another kind", Text, map[string]any{"title": "T", "summary": "S"},
			[]Violation{{At: nil, About: UnusedKey, Key: "title", Msg: `key "title" is not used in project, focus area and municipality texts; remove it (docs/content-model.md lists the keys of each kind)`}}},
		{"key of a map that is not a name", Results, map[string]any{"figures": []any{map[string]any{"id": "f", "title": "F", "totals": map[string]any{"Skapte jobber": 1}}}},
			[]Violation{{At: []string{"figures", "0", "totals"}, About: UnusedKey, Key: "Skapte jobber", Msg: `key "Skapte jobber" is not valid; use the id of a series (lower case letters a–z, digits and '-'), e.g. "skapte-jobber"`}}},
		{"empty text", Page, map[string]any{"title": ""},
			[]Violation{{At: []string{"title"}, Msg: `title is empty; write the page's title`}}},
		{"repeated item", News, map[string]any{"title": "T", "date": "2024-01-01", "tags": []any{"a", "b", "a"}},
			[]Violation{{At: []string{"tags", "2"}, Msg: `tags lists "a" twice; remove one of them`}}},
		{"conditional: support of a published project", Projects, project("support", ""),
			[]Violation{{At: []string{"projects", "0", "support"}, Msg: `support is empty; write the id of a support kind from supportKinds at the top of the file, or mark the project draft: true`}}},
		{"conditional: a draft may leave support empty", Projects, project("support", "", "draft", true), nil},
		{"types are left to the decoder", News, map[string]any{"title": 12, "date": "2024-01-01", "draft": "kanskje"}, nil},
		{"unknown language of a translation", Projects, project("translations", map[string]any{"de": map[string]any{"title": "A"}}),
			[]Violation{{At: []string{"projects", "0", "translations"}, About: UnusedKey, Key: "de", Msg: `key "de" is not valid; use a language code the generator knows: nb or en`}}},
		{"a translation needs no required key", Projects, project("translations", map[string]any{"en": map[string]any{"summary": "In English."}}), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Validate(tt.schema, tt.doc)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d violations, want %d: %+v", len(got), len(tt.want), got)
			}
			for i := range got {
				if !slices.Equal(got[i].At, tt.want[i].At) || got[i].Key != tt.want[i].Key || got[i].About != tt.want[i].About || got[i].Msg != tt.want[i].Msg {
					t.Errorf("got  %+v\nwant %+v", got[i], tt.want[i])
				}
			}
		})
	}
}

// TestRepositoryFilesMatchTheirSchemas validates the repository's own data
// files and front matter strictly, types included: the schemas editors use
// must accept the real site without a single red underline.
func TestRepositoryFilesMatchTheirSchemas(t *testing.T) {
	s, err := Compile()
	if err != nil {
		t.Fatal(err)
	}
	root := os.DirFS("../..")
	var site struct {
		Sections map[string]string `yaml:"sections"`
	}
	src, err := fs.ReadFile(root, "data/site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(src, &site); err != nil {
		t.Fatal(err)
	}
	check := func(file, name string, src []byte) {
		var doc any
		if err := yaml.Unmarshal(src, &doc); err != nil {
			t.Errorf("%s: %v", file, err)
			return
		}
		if doc == nil {
			doc = map[string]any{}
		}
		if err := s.schemas[name].Validate(jsonValue(doc)); err != nil {
			t.Errorf("%s does not match schema %s:\n%v", file, name, err)
		}
	}
	checked := 0
	_ = fs.WalkDir(root, "data", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		src, _ := fs.ReadFile(root, p)
		name := strings.TrimSuffix(strings.TrimPrefix(p, "data/"), ".yaml")
		if strings.HasPrefix(name, "i18n/") {
			name = I18n
		}
		check(p, name, src)
		checked++
		return nil
	})
	_ = fs.WalkDir(root, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, _ := fs.ReadFile(root, p)
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		parts := bytes.SplitN(src, []byte("---\n"), 3)
		if len(parts) < 3 {
			t.Errorf("%s: no front matter", p)
			return nil
		}
		rel := strings.TrimPrefix(p, "content/")
		section, _, nested := strings.Cut(rel, "/")
		name := Page
		switch {
		case !nested:
		case strings.HasPrefix(path.Base(rel), "_index."):
			name = Section
		case section == site.Sections["news"]:
			name = News
		case section == site.Sections["reports"]:
			name = Report
		case section == site.Sections["projects"] || section == site.Sections["focusAreas"] || section == site.Sections["municipalities"]:
			name = Text
		}
		check(p, name, parts[1])
		checked++
		return nil
	})
	if checked < 20 {
		t.Errorf("checked %d files; the repository's site has more", checked)
	}
}

// jsonValue turns what yaml.v3 decodes into a JSON value: dates stay as
// written.
func jsonValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = jsonValue(x)
		}
	case []any:
		for i, x := range v {
			v[i] = jsonValue(x)
		}
	case time.Time:
		if v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 {
			return v.Format("2006-01-02")
		}
		return v.Format(time.RFC3339)
	}
	return v
}

// TestEditorsFindTheSchemas checks the wiring for editors: every data file
// of the repository names its schema in its first line (yaml-language-server
// modeline) and in .vscode/settings.json, and the schema exists.
func TestEditorsFindTheSchemas(t *testing.T) {
	root := os.DirFS("../..")
	raw, err := fs.ReadFile(root, ".vscode/settings.json")
	if err != nil {
		t.Fatal(err)
	}
	var settings struct {
		Schemas map[string]string `json:"yaml.schemas"`
	}
	if err := json.Unmarshal(raw, &settings); err != nil {
		t.Fatalf(".vscode/settings.json: %v", err)
	}
	mapped := map[string]string{} // glob → schema file
	for file, glob := range settings.Schemas {
		if _, err := fs.Stat(root, path.Clean(file)); err != nil {
			t.Errorf(".vscode/settings.json maps %s to %s, which does not exist", glob, file)
		}
		mapped[glob] = path.Clean(file)
	}
	files, _ := fs.Glob(root, "data/*.yaml")
	more, _ := fs.Glob(root, "data/i18n/*.yaml")
	for _, file := range append(files, more...) {
		src, _ := fs.ReadFile(root, file)
		first, _, _ := strings.Cut(string(src), "\n")
		ref, ok := strings.CutPrefix(first, "# yaml-language-server: $schema=")
		if !ok {
			t.Errorf("%s: the first line is not a yaml-language-server modeline", file)
			continue
		}
		target := path.Join(path.Dir(file), ref)
		if _, err := fs.Stat(root, target); err != nil {
			t.Errorf("%s names schema %s, which does not exist", file, target)
		}
		found := false
		for glob, schemaFile := range mapped {
			if ok, _ := path.Match(glob, file); ok {
				found = true
				if schemaFile != target {
					t.Errorf("%s: the modeline names %s, .vscode/settings.json %s", file, target, schemaFile)
				}
			}
		}
		if !found {
			t.Errorf("%s has no schema in .vscode/settings.json", file)
		}
	}
}

func TestPointerTokens(t *testing.T) {
	for _, tc := range []struct{ key, tok string }{
		{"title", "title"},
		{"a/b", "a~1b"},
		{"~x", "~0x"},
		{"~1", "~01"},
		{"/~/", "~1~0~1"},
		{"", ""},
	} {
		if got := escapeToken(tc.key); got != tc.tok {
			t.Errorf("escapeToken(%q) = %q, want %q", tc.key, got, tc.tok)
		}
		if got := unescapeToken(tc.tok); got != tc.key {
			t.Errorf("unescapeToken(%q) = %q, want %q", tc.tok, got, tc.key)
		}
	}
}
