package schema

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// tag is the schema of one field, as its struct tags give it:
//
//	schema:"required,slug,min=1,enum=a|b,pattern=^…$"  constraints
//	doc:"…"      the description an editor shows
//	example:"…"  an example value (shown in the message of a missing key)
//	fix:"…"      x-fix: how to fix a value that breaks a constraint
//
// In the schema tag, required lists the key among those its struct
// requires; partial (on a field whose value is a record) leaves out the
// record's required keys; a name of a definition of common.schema.json
// (slug, nonEmptyText, …) describes the value by it; min, max,
// exclusiveMin, minLength, maxLength, enum (values between |), format and
// unique are the keywords of JSON Schema; pattern and keys (the pattern of a
// map's keys) come last and take the rest of the tag. On a list of values
// that are not records, the constraints and the fix are those of each
// item.
type tag struct {
	required, partial, unique bool
	shape                     string
	keywords                  [][2]string // constraint keyword, value as written
	pattern, keys             string
	doc, fix, example         string
	err                       error
}

func parseTag(s string) (tag, error) {
	var t tag
	for s != "" {
		var opt string
		if strings.HasPrefix(s, "pattern=") || strings.HasPrefix(s, "keys=") {
			opt, s = s, ""
		} else {
			opt, s, _ = strings.Cut(s, ",")
		}
		k, v, hasValue := strings.Cut(opt, "=")
		switch {
		case opt == "required":
			t.required = true
		case opt == "partial":
			t.partial = true
		case opt == "unique":
			t.unique = true
		case k == "pattern":
			t.pattern = v
		case k == "keys":
			t.keys = v
		case hasValue && keywordNames[k] != "":
			t.keywords = append(t.keywords, [2]string{k, v})
		case hasValue:
			return t, fmt.Errorf("unknown option %q in a schema tag", k)
		default:
			t.shape = opt
		}
	}
	return t, nil
}

// keywordNames maps the names of a tag to those of JSON Schema.
var keywordNames = map[string]string{
	"min": "minimum", "max": "maximum", "exclusiveMin": "exclusiveMinimum",
	"minLength": "minLength", "maxLength": "maxLength", "enum": "enum", "format": "format",
}

// annotate adds the tag's constraints and annotations to the schema of a
// value of type t.
func (tg tag) annotate(o *Object, t reflect.Type) {
	if tg.pattern != "" {
		o.Set("pattern", tg.pattern)
	}
	for _, kv := range tg.keywords {
		name := keywordNames[kv[0]]
		switch name {
		case "enum":
			o.Set(name, strings.Split(kv[1], "|"))
		case "format":
			o.Set(name, kv[1])
		default:
			n, _ := strconv.ParseFloat(kv[1], 64)
			o.Set(name, n)
		}
	}
	if tg.doc != "" {
		o.Set("description", tg.doc)
	}
	if tg.example != "" {
		o.Set("examples", []any{exampleValue(t, tg.example)})
	}
	if tg.fix != "" {
		o.Set("x-fix", tg.fix)
	}
}

// exampleValue writes an example as the JSON value of type t: a number for
// a number, else text.
func exampleValue(t reflect.Type, s string) any {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Float64, reflect.Struct: // a struct: a number decoded from one scalar, such as Number
		if n, err := strconv.ParseFloat(s, 64); err == nil {
			return n
		}
	}
	return s
}
