package schema

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

type testRecord struct {
	ID           string                 `yaml:"id" schema:"required,slug" doc:"The id." example:"a-b"`
	Count        int                    `yaml:"count" schema:"min=1" fix:"write 1 or more"`
	Kind         string                 `yaml:"kind" schema:"enum=x|y"`
	Years        []int                  `yaml:"years" schema:"year,unique"`
	Tags         []string               `yaml:"tags" schema:"texts"`
	Part         testPart               `yaml:"part" schema:"partial"`
	Parts        []testPart             `yaml:"parts"`
	Values       []*float64             `yaml:"values"`
	Skipped      string                 `yaml:"-"`
	Translations map[string]*testRecord `yaml:"translations"`
}

type testPart struct {
	Name string `yaml:"name" schema:"required,pattern=^[a-z]{1,3}$"`
}

// TestGenerateFollowsTheTags checks the JSON a record's tags make.
func TestGenerateFollowsTheTags(t *testing.T) {
	b, err := Generate(Doc{Name: "t", Title: "t.yaml", Type: reflect.TypeFor[testRecord]()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	get := func(path string) string { // the value at path, its keys sorted
		var v any = doc
		for _, k := range strings.Split(path, "/") {
			v = v.(map[string]any)[k]
		}
		out, _ := json.Marshal(v)
		return string(out)
	}
	for path, want := range map[string]string{
		"required":                              `["id"]`,
		"additionalProperties":                  `false`,
		"properties/id":                         `{"$ref":"common.schema.json#/$defs/slug","description":"The id.","examples":["a-b"]}`,
		"properties/count":                      `{"minimum":1,"type":"integer","x-fix":"write 1 or more"}`,
		"properties/kind":                       `{"enum":["x","y"],"type":"string"}`,
		"properties/years":                      `{"items":{"$ref":"common.schema.json#/$defs/year"},"type":"array","uniqueItems":true}`,
		"properties/tags":                       `{"$ref":"common.schema.json#/$defs/texts"}`,
		"properties/part":                       `{"$ref":"#/$defs/testPart"}`,
		"properties/parts/items":                `{"$ref":"#/$defs/testPart","required":["name"]}`,
		"properties/values/items":               `{"type":["number","null"]}`,
		"properties/translations/properties/en": `{"$ref":"#/$defs/testRecord"}`,
		"$defs/testPart/properties/name":        `{"pattern":"^[a-z]{1,3}$","type":"string"}`,
	} {
		if got := get(path); got != want {
			t.Errorf("%s:\n got %s\nwant %s", path, got, want)
		}
	}
	if strings.Contains(string(b), "Skipped") || strings.Contains(string(b), `"-"`) {
		t.Error("a field tagged yaml:\"-\" is in the schema")
	}
}

// TestGenerateRefusesWrongTags: a misspelt option or an unknown definition
// is an error of the generator, not a schema that checks nothing.
func TestGenerateRefusesWrongTags(t *testing.T) {
	type badOption struct {
		N int `yaml:"n" schema:"minimum=1"`
	}
	type badShape struct {
		S string `yaml:"s" schema:"slugg"`
	}
	type badMap struct {
		M map[string]int `yaml:"m"`
	}
	type oldGrammar struct {
		ID string `yaml:"id,required"`
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[badOption](), reflect.TypeFor[badShape](), reflect.TypeFor[badMap](), reflect.TypeFor[oldGrammar]()} {
		if _, err := Generate(Doc{Name: "t", Type: typ}, nil); err == nil {
			t.Errorf("%s: no error", typ)
		}
	}
	if _, err := Generate(Doc{Name: "t", Type: reflect.TypeFor[testPart](), Keys: []string{"nmae"}}, nil); err == nil {
		t.Error("a kind that takes a key the type does not have: no error")
	}
}
