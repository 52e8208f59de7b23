package load

import (
	"bytes"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"sats/internal/schema"
)

var update = flag.Bool("update", false, "write the schema files of internal/schema from the Go types")

// TestSchemasAreMadeFromTheTypes keeps internal/schema/*.schema.json equal
// to what package schema makes from the Go types: a changed type, key or
// tag without the schema made again fails here (go test ./internal/load
// -run Schemas -update makes them).
func TestSchemasAreMadeFromTheTypes(t *testing.T) {
	made := map[string]bool{"common.schema.json": true}
	for _, d := range Schemas() {
		file := d.Name + ".schema.json"
		made[file] = true
		got, err := schema.Generate(d, SchemaShapes())
		if err != nil {
			t.Fatal(err)
		}
		if *update {
			if err := os.WriteFile(filepath.Join("..", "schema", file), got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := fs.ReadFile(schema.Files(), file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("internal/schema/%s is not what the Go types make; run go test ./internal/load -run Schemas -update and read the diff", file)
		}
	}
	files, _ := fs.Glob(schema.Files(), "*.schema.json")
	for _, f := range files {
		if !made[f] {
			t.Errorf("internal/schema/%s is made from no Go type; remove it or add it to Schemas", f)
		}
	}
}

// TestEveryFrontMatterKeyHasAKind: each key of FrontMatter is taken by at
// least one kind of page, and every kind names only keys of FrontMatter.
func TestEveryFrontMatterKeyHasAKind(t *testing.T) {
	keys := schema.Keys(reflect.TypeFor[FrontMatter]())
	used := map[string]bool{}
	for _, k := range frontMatterKinds() {
		for _, key := range append(slices.Clone(k.keys), k.required...) {
			if !slices.Contains(keys, key) {
				t.Errorf("the %s take key %q, which FrontMatter does not have", k.title, key)
			}
			used[key] = true
		}
		for _, r := range k.required {
			if !slices.Contains(k.keys, r) {
				t.Errorf("the %s require key %q but do not take it", k.title, r)
			}
		}
	}
	for _, key := range keys {
		if !used[key] {
			t.Errorf("front matter key %q is taken by no kind of page", key)
		}
	}
}

// TestEveryShapeIsUsed: each definition of common.schema.json describes a
// value of some record (or of another definition).
func TestEveryShapeIsUsed(t *testing.T) {
	common, err := fs.ReadFile(schema.Files(), "common.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Defs map[string]json.RawMessage `json:"$defs"`
	}
	if err := json.Unmarshal(common, &doc); err != nil {
		t.Fatal(err)
	}
	var all []byte
	for _, d := range Schemas() {
		b, err := schema.Generate(d, SchemaShapes())
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	for name := range doc.Defs {
		if !bytes.Contains(all, []byte(`"common.schema.json#/$defs/`+name+`"`)) && !bytes.Contains(common, []byte(`"#/$defs/`+name+`"`)) {
			t.Errorf("definition %q of common.schema.json is used by no schema; remove it", name)
		}
	}
}
