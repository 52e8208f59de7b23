package schemaorg

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestFieldsAreInTheOrderOfTheirKeys keeps the JSON of every node in one
// order (@id, @type, then the properties alphabetically), as the package
// documentation promises: a new field goes where its key sorts.
func TestFieldsAreInTheOrderOfTheirKeys(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "schemaorg.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	structs := 0
	ast.Inspect(f, func(n ast.Node) bool {
		spec, ok := n.(*ast.TypeSpec)
		if !ok {
			return true
		}
		st, ok := spec.Type.(*ast.StructType)
		if !ok {
			return false
		}
		structs++
		var keys []string
		for _, field := range st.Fields.List {
			tag, _ := strconv.Unquote(field.Tag.Value)
			key, _, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
			keys = append(keys, key)
		}
		if !slices.IsSorted(keys) {
			t.Errorf("the fields of %s are in the order %v; put them in the order of their keys", spec.Name.Name, keys)
		}
		return false
	})
	if structs < 10 {
		t.Errorf("found %d struct types in schemaorg.go, want every node type", structs)
	}
}
