package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Doc describes one schema file made from a Go type: the record its YAML
// is decoded into.
type Doc struct {
	Name        string // the file is <Name>.schema.json
	Title       string // a file's name, or the kind of page in plural ("news posts")
	Description string
	Type        reflect.Type // the record the document is decoded into

	// Keys, when not nil, are the only keys of Type the document may have
	// (the front matter of one kind of page); Required replaces the keys
	// Type's tags require, when not nil.
	Keys     []string
	Required []string

	// Tag is the schema tag of the document as a whole, in the grammar of a
	// field's (for a map: keys=…), and Fix its x-fix.
	Tag, Fix string
}

// Shapes are named by Go types that are decoded by a decoder of their own,
// rather than field by field; Generate refers to them in common.schema.json.
// The key is the type's name, package included.
type Shapes map[string]string

// Extender is implemented by a record type whose schema says more than its
// fields' tags can: ExtendSchema adds keywords to the definition of the type.
type Extender interface {
	ExtendSchema(def *Object)
}

// Object is a JSON object that keeps its members in the order they were set,
// so that a generated schema reads in the order of the Go fields.
type Object struct {
	keys []string
	vals map[string]any
}

// Set sets key to v, keeping key's place if it is already set.
func (o *Object) Set(key string, v any) *Object {
	if o.vals == nil {
		o.vals = map[string]any{}
	}
	if _, ok := o.vals[key]; !ok {
		o.keys = append(o.keys, key)
	}
	o.vals[key] = v
	return o
}

// Get returns the value of key, or nil.
func (o *Object) Get(key string) any { return o.vals[key] }

// MarshalJSON writes the members in order.
func (o *Object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := marshal(o.vals[k])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// Generate makes the schema file of d: its JSON, indented, ending in a
// newline. The shapes map Go types to the definitions of common.schema.json
// that describe them.
func Generate(d Doc, shapes Shapes) ([]byte, error) {
	common, err := commonDefs()
	if err != nil {
		return nil, err
	}
	g := &generator{shapes: shapes, common: common, defs: &Object{}, done: map[reflect.Type]string{}}
	root := &Object{}
	root.Set("$schema", "https://json-schema.org/draft/2020-12/schema")
	root.Set("title", d.Title)
	root.Set("description", d.Description)
	t, err := parseTag(d.Tag)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.Name, err)
	}
	t.fix = d.Fix
	if d.Type.Kind() == reflect.Struct {
		keys := Keys(d.Type)
		for _, k := range append(slices.Clone(d.Keys), d.Required...) {
			if !slices.Contains(keys, k) {
				return nil, fmt.Errorf("%s: %s has no key %q", d.Name, d.Type, k)
			}
		}
		req := d.Required
		if req == nil {
			req = requiredKeys(d.Type)
		}
		root.Set("type", "object").Set("additionalProperties", false)
		if len(req) > 0 {
			root.Set("required", req)
		}
		g.object(root, d.Type, d.Keys)
		g.extend(root, d.Type)
	} else {
		g.value(root, d.Type, t)
	}
	if len(g.defs.keys) > 0 {
		root.Set("$defs", g.defs)
	}
	if g.err != nil {
		return nil, fmt.Errorf("%s: %w", d.Name, g.err)
	}
	b, err := marshal(root)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// commonDefs reads the definitions of common.schema.json.
func commonDefs() (map[string]map[string]any, error) {
	data, err := files.ReadFile("common.schema.json")
	if err != nil {
		return nil, err
	}
	var doc struct {
		Defs map[string]map[string]any `json:"$defs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("common.schema.json: %w", err)
	}
	return doc.Defs, nil
}

type generator struct {
	shapes Shapes
	common map[string]map[string]any
	defs   *Object
	done   map[reflect.Type]string // struct types given a definition, by its name
	err    error
}

func (g *generator) fail(format string, args ...any) {
	if g.err == nil {
		g.err = fmt.Errorf(format, args...)
	}
}

// Field is one key of a struct, as its tags describe it.
type Field struct {
	Key   string // the YAML key
	Index int    // the index of the struct field
	tag   tag
}

// Fields returns the keys of a struct type: its exported fields with a yaml
// tag other than "-", named by the tag or by the field's name with a lower
// case first letter. The YAML decoder of package load reads these keys; the
// schema made from the type lists them.
func Fields(t reflect.Type) []Field {
	var fs []Field
	for i := range t.NumField() {
		f := t.Field(i)
		name := f.Tag.Get("yaml")
		if name == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(name, ",")
		if name == "" {
			name = string(unicode.ToLower(rune(f.Name[0]))) + f.Name[1:]
		}
		tg, err := parseTag(f.Tag.Get("schema"))
		if opts != "" {
			err = fmt.Errorf("yaml tag option %q: the schema tag says what a key must be (schema:\"required\")", opts)
		}
		tg.err = err
		tg.doc, tg.fix, tg.example = f.Tag.Get("doc"), f.Tag.Get("fix"), f.Tag.Get("example")
		fs = append(fs, Field{Key: name, Index: i, tag: tg})
	}
	return fs
}

// Keys returns the YAML keys of a struct type, in the order of its fields.
func Keys(t reflect.Type) []string {
	var keys []string
	for _, f := range Fields(t) {
		keys = append(keys, f.Key)
	}
	return keys
}

func requiredKeys(t reflect.Type) []string {
	var req []string
	for _, f := range Fields(t) {
		if f.tag.required {
			req = append(req, f.Key)
		}
	}
	return req
}

// object sets the keywords of an object with the fields of the struct type
// t (only those named in keys, when keys is not nil).
func (g *generator) object(o *Object, t reflect.Type, keys []string) {
	o.Set("type", "object")
	o.Set("additionalProperties", false)
	props := &Object{}
	for _, f := range Fields(t) {
		if keys != nil && !slices.Contains(keys, f.Key) {
			continue
		}
		if f.tag.err != nil {
			g.fail("%s.%s: %v", t.Name(), t.Field(f.Index).Name, f.tag.err)
		}
		p := &Object{}
		g.value(p, t.Field(f.Index).Type, f.tag)
		props.Set(f.Key, p)
	}
	o.Set("properties", props)
}

func (g *generator) extend(o *Object, t reflect.Type) {
	if e, ok := reflect.Zero(t).Interface().(Extender); ok {
		e.ExtendSchema(o)
	}
}

var timeType = reflect.TypeFor[time.Time]()

// value sets the keywords of the schema of a value of type t, described by
// the tag of its field.
func (g *generator) value(o *Object, t reflect.Type, tg tag) {
	if shape, ok := g.shapeOf(t, tg); ok && g.isList(shape) {
		g.ref(o, shape)
		tg.annotate(o, t)
		return
	}
	switch t.Kind() {
	case reflect.Slice:
		o.Set("type", "array")
		if tg.doc != "" {
			o.Set("description", tg.doc)
		}
		items := &Object{}
		item := tg
		item.doc, item.example, item.unique = "", "", false
		g.value(items, t.Elem(), item)
		o.Set("items", items)
		if tg.unique {
			o.Set("uniqueItems", true)
		}
		if tg.example != "" {
			o.Set("examples", []any{[]any{exampleValue(t.Elem(), tg.example)}})
		}
		return
	case reflect.Map:
		g.mapValue(o, t, tg)
		return
	case reflect.Pointer:
		if t.Elem().Kind() == reflect.Struct {
			g.value(o, t.Elem(), tg)
			return
		}
	}
	if shape, ok := g.shapeOf(t, tg); ok {
		g.ref(o, shape)
	} else if t.Kind() == reflect.Struct && t != timeType {
		g.structUse(o, t, tg)
	} else {
		g.scalar(o, t)
	}
	tg.annotate(o, t)
}

// shapeOf returns the definition of common.schema.json that describes a
// value: named in its tag, or by its Go type.
func (g *generator) shapeOf(t reflect.Type, tg tag) (string, bool) {
	name := tg.shape
	if name == "" {
		name = g.shapes[t.String()]
	}
	if name == "" {
		return "", false
	}
	if g.common[name] == nil && !isJSONType(name) {
		g.fail("no definition %q in common.schema.json", name)
		return "", false
	}
	return name, true
}

func isJSONType(name string) bool {
	return name == "string" || name == "number" || name == "integer" || name == "boolean"
}

// isList reports whether a definition of common.schema.json describes a
// list (ids, texts): it then describes a slice as a whole rather than each
// of its items.
func (g *generator) isList(shape string) bool {
	switch typ := g.common[shape]["type"].(type) {
	case string:
		return typ == "array"
	case []any:
		return slices.Contains(typ, any("array"))
	}
	return false
}

// ref refers to a definition of common.schema.json, or sets the type of a
// value decoded from one scalar (Number: "number").
func (g *generator) ref(o *Object, shape string) {
	if isJSONType(shape) {
		o.Set("type", shape)
		return
	}
	o.Set("$ref", "common.schema.json#/$defs/"+shape)
}

func (g *generator) scalar(o *Object, t reflect.Type) {
	nullable := false
	if t.Kind() == reflect.Pointer {
		t, nullable = t.Elem(), true
	}
	var typ string
	switch t.Kind() {
	case reflect.String:
		typ = "string"
	case reflect.Bool:
		typ = "boolean"
	case reflect.Int:
		typ = "integer"
	case reflect.Float64:
		typ = "number"
	default:
		g.fail("no schema for a value of type %s", t)
		return
	}
	if nullable {
		o.Set("type", []string{typ, "null"})
	} else {
		o.Set("type", typ)
	}
}

// structUse refers to the definition of the struct type t, made once per
// file, and lists the keys its tags require unless the use is partial.
func (g *generator) structUse(o *Object, t reflect.Type, tg tag) {
	name, ok := g.done[t]
	if !ok {
		name = string(unicode.ToLower(rune(t.Name()[0]))) + t.Name()[1:]
		g.done[t] = name
		def := &Object{}
		g.defs.Set(name, def)
		g.object(def, t, nil)
		g.extend(def, t)
	}
	o.Set("$ref", "#/$defs/"+name)
	if req := requiredKeys(t); len(req) > 0 && !tg.partial {
		o.Set("required", req)
	}
}

// mapValue sets the keywords of a map: by language code when its values are
// records (map[string]*T: the record in other languages, or a language's
// settings), else keys matching the pattern of the tag's keys=.
func (g *generator) mapValue(o *Object, t reflect.Type, tg tag) {
	o.Set("type", "object")
	if tg.doc != "" {
		o.Set("description", tg.doc)
	}
	if t.Elem().Kind() == reflect.Pointer && t.Elem().Elem().Kind() == reflect.Struct {
		langs := &Object{}
		enum, _ := g.common["language"]["enum"].([]any)
		for _, l := range enum {
			v := &Object{}
			g.value(v, t.Elem(), tag{partial: true})
			langs.Set(fmt.Sprint(l), v)
		}
		o.Set("properties", langs)
		o.Set("additionalProperties", false)
		o.Set("x-fix", g.common["language"]["x-fix"])
		return
	}
	if tg.keys == "" {
		g.fail("map %s needs keys=<pattern> in its schema tag", t)
		return
	}
	v := &Object{}
	g.value(v, t.Elem(), tag{})
	o.Set("patternProperties", (&Object{}).Set(tg.keys, v))
	o.Set("additionalProperties", false)
	if tg.fix != "" {
		o.Set("x-fix", tg.fix)
	}
}
