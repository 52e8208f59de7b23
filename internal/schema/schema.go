// Package schema owns the JSON Schemas (draft 2020-12) of a site's YAML: one
// for each file in data/ and one for each kind of front matter (news posts,
// reports, pages, project/focus-area/municipality texts, section pages). The
// schema files live in this folder; editors use them for completion and red
// underlines (.vscode/settings.json and the modelines at the top of
// data/*.yaml), and package load checks every file against them, so what the
// editor shows and what the build reports cannot drift apart.
//
// The YAML decoder of package load already reports unknown keys and values of
// the wrong type. Validate adds what only a schema knows: values outside a
// list (enum), ids that are not slugs (pattern), numbers below a minimum, keys
// a kind of page must have or does not use. A schema may put a key "x-fix"
// beside a constraint: the "how to fix it" half of the message when a value
// breaks it ("{slug}" in it stands for the value written as a slug).
package schema

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"sats/internal/diag"
	"sats/internal/locale"
)

// The schemas, by the name Validate takes. The data schemas are named after
// their files; the front matter schemas after the kind of page.
const (
	Site           = "site"
	Projects       = "projects"
	FocusAreas     = "focus_areas"
	Municipalities = "municipalities"
	Organisation   = "organisation"
	Results        = "results"
	Sources        = "sources"
	I18n           = "i18n"

	News    = "news"    // content/<news>/<name>.md
	Event   = "event"   // content/<events>/<name>.md
	Report  = "report"  // content/<reports>/<name>.md
	Page    = "page"    // content/<name>.md, _index.md, 404.md
	Text    = "text"    // content/<projects|focus areas|municipalities>/<id>.md
	Section = "section" // content/<section>/_index.md
)

//go:embed *.schema.json
var files embed.FS

// Files returns the schema files, <name>.schema.json and the definitions they
// share, common.schema.json.
func Files() fs.FS { return files }

// base is the URL the schemas are known by while compiling; nothing is ever
// fetched from it.
const base = "sats:///schema/"

// Set is the compiled schemas. It is safe for concurrent use.
type Set struct {
	schemas map[string]*jsonschema.Schema
	raw     map[string]any // file → its JSON, for the annotations at a location
}

// Compile compiles every schema.
func Compile() (*Set, error) {
	c := jsonschema.NewCompiler()
	c.UseLoader(noLoader{})
	names, err := fs.Glob(files, "*.schema.json")
	if err != nil {
		return nil, err
	}
	s := &Set{schemas: map[string]*jsonschema.Schema{}, raw: map[string]any{}}
	for _, file := range names {
		data, err := files.ReadFile(file)
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", file, err)
		}
		s.raw[file] = doc
		if err := c.AddResource(base+file, doc); err != nil {
			return nil, err
		}
	}
	for _, file := range names {
		name := strings.TrimSuffix(file, ".schema.json")
		if name == "common" {
			continue
		}
		sch, err := c.Compile(base + file)
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", file, err)
		}
		s.schemas[name] = sch
	}
	return s, nil
}

type noLoader struct{}

func (noLoader) Load(u string) (any, error) {
	return nil, fmt.Errorf("schema %s is not one of the embedded schemas", u)
}

// Violation is one value that breaks a schema.
type Violation struct {
	// At is the instance location of the value, as keys and list indexes
	// from the top of the document; for a problem with a key, the location
	// of the object.
	At []string
	// About says what is wrong: the value at At, or the key Key of the
	// object at At.
	About Subject
	Key   string
	// Msg is "what is wrong; how to fix it", in English; Message is the
	// same in the catalogue of messages, to be translated.
	Msg     string
	Message *diag.Message
}

// Subject is what a violation is about.
type Subject int

const (
	Value      Subject = iota // the value at At
	UnusedKey                 // the object at At has a key Key it must not have
	MissingKey                // the object at At lacks the key Key
)

// Validate checks doc, a value made of map[string]any, []any, string,
// float64, int, bool and nil, against the schema name. It leaves out values
// of the wrong type: the decoder reports those in its own words. The error is
// for a schema that does not exist or a doc that is not such a value.
func (s *Set) Validate(name string, doc any) ([]Violation, error) {
	sch := s.schemas[name]
	if sch == nil {
		return nil, fmt.Errorf("no schema %q", name)
	}
	err := sch.Validate(doc)
	if err == nil {
		return nil, nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil, err
	}
	var out []Violation
	s.collect(ve, doc, &out)
	slices.SortFunc(out, func(a, b Violation) int {
		if c := slices.Compare(a.At, b.At); c != 0 {
			return c
		}
		return strings.Compare(a.Key+"\x00"+a.Msg, b.Key+"\x00"+b.Msg)
	})
	return slices.CompactFunc(out, func(a, b Violation) bool {
		return slices.Equal(a.At, b.At) && a.About == b.About && a.Key == b.Key && a.Msg == b.Msg
	}), nil
}

// collect turns the leaves of a validation error into violations.
func (s *Set) collect(e *jsonschema.ValidationError, doc any, out *[]Violation) {
	at := e.InstanceLocation
	addf := func(format string, args ...any) {
		m := diag.Msg(format, args...)
		*out = append(*out, Violation{At: at, Msg: m.Error(), Message: m})
	}
	name := nameOf(at)
	switch k := e.ErrorKind.(type) {
	case *kind.Schema, *kind.Group, *kind.AllOf, *kind.AnyOf, *kind.OneOf, *kind.Reference:
		for _, c := range e.Causes {
			s.collect(c, doc, out)
		}
		if len(e.Causes) == 0 {
			addf("%s does not match any allowed form; see docs/content-model.md", name)
		}
	case *kind.Type, *kind.InvalidJsonValue:
		// The decoder reports values of the wrong type.
	case *kind.Required:
		for _, key := range k.Missing {
			m := diag.Msg("missing key %q; add a line '%s: %s'", key, key, s.example(e.SchemaURL, key))
			*out = append(*out, Violation{At: at, About: MissingKey, Key: key, Msg: m.Error(), Message: m})
		}
	case *kind.AdditionalProperties:
		// A key the object does not take. Objects whose keys are names
		// (languages, series ids) say with x-fix how to write them; the
		// front matter schemas name their kind of page in their title.
		// (Such objects list their keys or use patternProperties: the
		// validator reports a failed propertyNames at a wrong location.)
		where := diag.Msg("here")
		if t, ok := s.annotation(e.SchemaURL, "title").(string); ok && strings.Contains(t, "/") {
			where = diag.Msg("in %s", t) // a file's name
		} else if ok && t != "" {
			where = diag.Msg("in %s", schemaText(t))
		}
		_, hasFix := s.annotation(e.SchemaURL, "x-fix").(string)
		for _, key := range slices.Sorted(slices.Values(k.Properties)) {
			m := diag.Msg("key %q is not used %s; remove it (docs/content-model.md lists the keys of each kind)", key, where)
			if hasFix {
				m = diag.Msg("key %q is not valid; %s", key, s.fix(e.SchemaURL, key, nil))
			}
			*out = append(*out, Violation{At: at, About: UnusedKey, Key: key, Msg: m.Error(), Message: m})
		}
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = fmt.Sprint(w)
		}
		hint := diag.Msg("use one of: %s", strings.Join(want, ", "))
		if got, ok := k.Got.(string); ok {
			if sug := diag.Suggest(got, want); sug != "" && len(got) > 3 {
				hint = diag.Msg("did you mean %q? allowed are: %s", sug, strings.Join(want, ", "))
			}
		}
		addf("%s %s is not allowed; %s", name, display(k.Got), hint)
	case *kind.Const:
		addf("%s %s is not allowed; write %s", name, display(valueAt(doc, at)), display(k.Want))
	case *kind.Pattern:
		addf("%s %q is not valid; %s", name, k.Got, s.fix(e.SchemaURL, k.Got, diag.Msg("it must match %s", k.Want)))
	case *kind.Format:
		got, _ := k.Got.(string)
		addf("%s %s is not a valid %s; %s", name, display(k.Got), k.Want, s.fix(e.SchemaURL, got, diag.Msg("see docs/content-model.md")))
	case *kind.MinLength:
		v, _ := valueAt(doc, at).(string)
		if k.Got == 0 {
			addf("%s is empty; %s", name, s.fix(e.SchemaURL, v, diag.Msg("write a value")))
		} else {
			addf("%s %q is too short (%d characters, at least %d); %s", name, v, k.Got, k.Want, s.fix(e.SchemaURL, v, diag.Msg("write more")))
		}
	case *kind.MaxLength:
		v, _ := valueAt(doc, at).(string)
		addf("%s is too long (%d characters, at most %d); %s", name, k.Got, k.Want, s.fix(e.SchemaURL, v, diag.Msg("shorten it")))
	case *kind.Minimum:
		addf("%s is %s, less than %s; %s", name, rat(k.Got), rat(k.Want), s.fix(e.SchemaURL, "", diag.Msg("write a number of at least %s", rat(k.Want))))
	case *kind.ExclusiveMinimum:
		addf("%s is %s; %s", name, rat(k.Got), s.fix(e.SchemaURL, "", diag.Msg("write a number larger than %s", rat(k.Want))))
	case *kind.Maximum:
		addf("%s is %s, more than %s; %s", name, rat(k.Got), rat(k.Want), s.fix(e.SchemaURL, "", diag.Msg("write a number of at most %s", rat(k.Want))))
	case *kind.ExclusiveMaximum:
		addf("%s is %s; %s", name, rat(k.Got), s.fix(e.SchemaURL, "", diag.Msg("write a number smaller than %s", rat(k.Want))))
	case *kind.MinItems:
		addf("%s has %d items, fewer than %d; %s", name, k.Got, k.Want, s.fix(e.SchemaURL, "", diag.Msg("add the missing items")))
	case *kind.MaxItems:
		addf("%s has %d items, more than %d; %s", name, k.Got, k.Want, s.fix(e.SchemaURL, "", diag.Msg("remove some of them")))
	case *kind.UniqueItems:
		at = append(slices.Clone(at), strconv.Itoa(k.Duplicates[1]))
		addf("%s lists %s twice; remove one of them", name, display(valueAt(doc, at)))
	default:
		msg := e.ErrorKind.LocalizedString(message.NewPrinter(language.English))
		addf("%s: %s; see docs/content-model.md", name, msg)
	}
}

// nameOf names the value at a location for messages: its key, or the key of
// the list it is an item of.
func nameOf(at []string) any {
	for i := len(at) - 1; i >= 0; i-- {
		if _, err := strconv.Atoi(at[i]); err != nil {
			return at[i]
		}
	}
	return diag.Msg("the value")
}

// valueAt returns the value at a location of doc, or nil.
func valueAt(doc any, at []string) any {
	for _, tok := range at {
		switch v := doc.(type) {
		case map[string]any:
			doc = v[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(v) {
				return nil
			}
			doc = v[i]
		default:
			return nil
		}
	}
	return doc
}

// display writes a value as in a message.
func display(v any) any {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case nil:
		return diag.Msg("nothing")
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

func rat(r *big.Rat) string {
	if r == nil {
		return "?"
	}
	if r.IsInt() {
		return r.Num().String()
	}
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// fix returns the x-fix annotation at a schema location, with {slug}
// replaced by value written as a slug, or def when there is none.
func (s *Set) fix(loc, value string, def *diag.Message) *diag.Message {
	f, ok := s.annotation(loc, "x-fix").(string)
	if !ok || f == "" {
		return def
	}
	if !strings.Contains(f, "{slug}") {
		return schemaText(f)
	}
	slug := locale.Slug(value)
	if slug == "" || slug == value {
		if ex, ok := s.annotation(loc, "examples").([]any); ok && len(ex) > 0 {
			slug = fmt.Sprint(ex[0])
		} else {
			slug = "my-page"
		}
	}
	return schemaText(f, strconv.Quote(slug))
}

// schemaText makes a text of a schema (a title or an x-fix) a message of the
// catalogue (package diag), whose key is MessageFormat(text).
func schemaText(text string, args ...any) *diag.Message {
	return diag.Msg(MessageFormat(text), args...)
}

// MessageFormat is the format string by which the catalogue of messages
// knows a title or x-fix of a schema: % doubled, {slug} as %s.
func MessageFormat(text string) string {
	return strings.ReplaceAll(strings.ReplaceAll(text, "%", "%%"), "{slug}", "%s")
}

// Texts returns the x-fix annotations and the titles of every schema, except
// titles that are a file's name: the texts of the schemas messages show.
func Texts() ([]string, error) {
	var texts []string
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(name, ".json") {
			return err
		}
		b, err := fs.ReadFile(files, name)
		if err != nil {
			return err
		}
		var doc any
		if err := json.Unmarshal(b, &doc); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		texts = append(texts, annotations(doc)...)
		return nil
	})
	slices.Sort(texts)
	return slices.Compact(texts), err
}

func annotations(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok {
				if k == "x-fix" || (k == "title" && !strings.Contains(s, "/")) {
					out = append(out, s)
				}
			} else {
				out = append(out, annotations(x)...)
			}
		}
	case []any:
		for _, x := range v {
			out = append(out, annotations(x)...)
		}
	}
	return out
}

// example returns an example value of the property key of the object schema
// at loc (looking through $ref and allOf), written as in YAML, or "…".
func (s *Set) example(loc, key string) string {
	locs := []string{strings.TrimSuffix(loc, "#")}
	for i := 0; i < len(locs) && i < 8; i++ {
		l := locs[i]
		if !strings.Contains(l, "#") {
			l += "#"
		}
		obj, _ := s.at(l).(map[string]any)
		if props, _ := obj["properties"].(map[string]any); props[key] != nil {
			ex, _ := s.annotation(l+"/properties/"+key, "examples").([]any)
			if len(ex) == 0 {
				return "…"
			}
			if str, ok := ex[0].(string); ok && (str == "" || strings.ContainsAny(str, ":#'\"[]{}")) {
				return strconv.Quote(str)
			}
			return fmt.Sprint(ex[0])
		}
		if ref, ok := obj["$ref"].(string); ok {
			locs = append(locs, s.resolve(l, ref))
		}
		all, _ := obj["allOf"].([]any)
		for j := range all {
			locs = append(locs, l+"/allOf/"+strconv.Itoa(j))
		}
	}
	return "…"
}

// annotation returns the keyword key of the schema at loc, or of the
// schema it refers to with $ref, or nil.
func (s *Set) annotation(loc, key string) any {
	for range 4 {
		m, _ := s.at(loc).(map[string]any)
		if v, ok := m[key]; ok {
			return v
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return nil
		}
		loc = s.resolve(loc, ref)
	}
	return nil
}

// resolve returns the absolute location of a $ref found in the schema at loc.
func (s *Set) resolve(loc, ref string) string {
	file, _, _ := strings.Cut(strings.TrimPrefix(loc, base), "#")
	if strings.HasPrefix(ref, "#") {
		return base + file + ref
	}
	return base + ref
}

// at returns the raw JSON of the schema at an absolute location such as
// sats:///schema/common.schema.json#/$defs/slug.
func (s *Set) at(loc string) any {
	file, frag, _ := strings.Cut(strings.TrimPrefix(loc, base), "#")
	v := s.raw[file]
	if frag == "" {
		return v
	}
	if f, err := url.PathUnescape(frag); err == nil {
		frag = f
	}
	for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch x := v.(type) {
		case map[string]any:
			v = x[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}
