package schema

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math/big"
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
		// The decoder reports values of the wrong type; Validate leaves out
		// the other violations of such a value.
		*out = append(*out, Violation{At: at, About: wrongType})
	case *kind.Required:
		for _, key := range k.Missing {
			m := diag.Msg("missing key %q; add a line '%s: %s'", key, key, s.example(e.SchemaURL, key))
			*out = append(*out, Violation{At: at, About: MissingKey, Key: key, Msg: m.Error(), Message: m})
		}
	case *kind.AdditionalProperties:
		s.unusedKeys(e.SchemaURL, at, k.Properties, out)
	case *kind.Enum:
		addf("%s %s is not allowed; %s", name, display(k.Got), enumHint(k))
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
	case *kind.Minimum, *kind.ExclusiveMinimum, *kind.Maximum, *kind.ExclusiveMaximum:
		*out = append(*out, s.outOfRange(e, name))
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

// unusedKeys reports the keys of the object at at that its schema (at loc)
// does not take: misspelt ones with the key meant; in a front matter, as not
// used by its kind of page; others with the keys the object takes. Objects whose
// keys are names (languages, series ids) say with x-fix how to write them.
// (Such objects list their keys or use patternProperties: the validator
// reports a failed propertyNames at a wrong location.)
func (s *Set) unusedKeys(loc string, at []string, keys []string, out *[]Violation) {
	kind, _ := s.annotation(loc, "title").(string) // of a front matter: a kind of page
	if strings.Contains(kind, "/") {
		kind = "" // a file's name
	}
	_, hasFix := s.annotation(loc, "x-fix").(string)
	known := s.keys(loc + "/properties")
	for _, key := range slices.Sorted(slices.Values(keys)) {
		v := Violation{At: at, About: UnusedKey, Key: key}
		switch {
		case hasFix:
			v.Message = diag.Msg("key %q is not valid; %s", key, s.fix(loc, key, nil))
		case diag.Suggest(key, known) != "":
			v.suggested = diag.Suggest(key, known)
			v.Message = diag.Msg("unknown key %q; did you mean %q?", key, v.suggested)
		case kind != "":
			v.Message = diag.Msg("key %q is not used %s; remove it (docs/content-model.md lists the keys of each kind)", key, diag.Msg("in %s", schemaText(kind)))
		default:
			v.Message = diag.Msg("unknown key %q; known keys here are: %s", key, strings.Join(known, ", "))
		}
		v.Msg = v.Message.Error()
		*out = append(*out, v)
	}
}

// enumHint says which values an enum allows, with the one meant when the
// value is a misspelling of it.
func enumHint(k *kind.Enum) *diag.Message {
	want := make([]string, len(k.Want))
	for i, w := range k.Want {
		want[i] = fmt.Sprint(w)
	}
	if got, ok := k.Got.(string); ok {
		if sug := diag.Suggest(got, want); sug != "" && len(got) > 3 {
			return diag.Msg("did you mean %q? allowed are: %s", sug, strings.Join(want, ", "))
		}
	}
	return diag.Msg("use one of: %s", strings.Join(want, ", "))
}

// outOfRange reports a number below a minimum or above a maximum.
func (s *Set) outOfRange(e *jsonschema.ValidationError, name any) Violation {
	var m *diag.Message
	switch k := e.ErrorKind.(type) {
	case *kind.Minimum:
		m = diag.Msg("%s is %s, less than %s; %s", name, rat(k.Got), rat(k.Want), s.fix(e.SchemaURL, "", diag.Msg("write a number of at least %s", rat(k.Want))))
	case *kind.ExclusiveMinimum:
		m = diag.Msg("%s is %s; %s", name, rat(k.Got), s.fix(e.SchemaURL, "", diag.Msg("write a number larger than %s", rat(k.Want))))
	case *kind.Maximum:
		m = diag.Msg("%s is %s, more than %s; %s", name, rat(k.Got), rat(k.Want), s.fix(e.SchemaURL, "", diag.Msg("write a number of at most %s", rat(k.Want))))
	case *kind.ExclusiveMaximum:
		m = diag.Msg("%s is %s; %s", name, rat(k.Got), s.fix(e.SchemaURL, "", diag.Msg("write a number smaller than %s", rat(k.Want))))
	}
	return Violation{At: e.InstanceLocation, Msg: m.Error(), Message: m}
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
