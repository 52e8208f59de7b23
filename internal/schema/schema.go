// Package schema owns the JSON Schemas (draft 2020-12) of a site's YAML: one
// for each file in data/ and one for each kind of front matter (news posts,
// reports, pages, project/focus-area/municipality texts, section pages). The
// schema files live in this folder; editors use them for completion and red
// underlines (.vscode/settings.json and the modelines at the top of
// data/*.yaml), and package load checks every file against them, so what the
// editor shows and what the build reports cannot drift apart.
//
// The schemas are made from Go types, not written by hand. Generate makes a
// schema file from the type a document is decoded into (package load lists
// them in load.Schemas) and the tags of its fields:
//
//	ID string `yaml:"id" schema:"required,slug" doc:"The project's id." example:"mitt-prosjekt"`
//
// yaml names the key; schema lists constraints (required, a definition of
// common.schema.json such as slug, min=, enum=a|b, pattern=…; see tag); doc
// is the description an editor shows; example is shown in the message of a
// missing key; fix is the x-fix of a constraint. A record is a definition of
// the file, and the keys its fields require are listed where it is used, so a
// translation (map[string]*T, by language code) or a use tagged partial
// refers to the same definition without them. A type with rules its tags
// cannot say implements Extender. common.schema.json, the shapes of values
// (slug, date, sourceRef, …), is the one file written by hand. A test of
// package load fails when a file differs from what the types make; go test
// ./internal/load -run Schemas -update makes them again.
//
// Validation has one origin per message. The YAML decoder of package load
// reads values into their Go types and reports YAML that is not of the type
// (found a list, not a number, a date that does not exist); Validate reports
// the rest: unknown keys (with the key meant, or the keys the object takes),
// missing keys, values outside a list (enum), ids that are not slugs
// (pattern), numbers below a minimum. It leaves out what follows from
// another violation: the other violations of a value of the wrong type, and
// a missing key that an unknown key misspells. A schema may put a key "x-fix"
// beside a constraint: the "how to fix it" half of the message when a value
// breaks it ("{slug}" in it stands for the value written as a slug).
package schema

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"sats/internal/diag"
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
	// file → JSON pointer of an object → its keys in order; read only for
	// a message about an unknown key, so each file's on its first.
	order map[string]func() map[string][]string
}

// Compile compiles every schema.
func Compile() (*Set, error) {
	c := jsonschema.NewCompiler()
	c.UseLoader(noLoader{})
	names, err := fs.Glob(files, "*.schema.json")
	if err != nil {
		return nil, err
	}
	s := &Set{schemas: map[string]*jsonschema.Schema{}, raw: map[string]any{}, order: map[string]func() map[string][]string{}}
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
		s.order[file] = sync.OnceValue(func() map[string][]string {
			order, _ := keyOrders(data) // data is JSON: UnmarshalJSON read it
			return order
		})
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

	suggested string // for an unknown key: the key meant
}

// Subject is what a violation is about.
type Subject int

const (
	Value      Subject = iota // the value at At
	UnusedKey                 // the object at At has a key Key it must not have
	MissingKey                // the object at At lacks the key Key
	wrongType                 // the value at At is not of its type: left to the decoder
)

// Validate checks doc, a value made of map[string]any, []any, string,
// float64, int, bool and nil, against the schema name, and returns every
// violation, one message for each mistake (see oneMessageEach). Values of
// the wrong type it leaves to the decoder, which reports them in the words
// of the Go type it reads. The error is for a schema that does not exist or
// a doc that is not such a value.
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
	out = oneMessageEach(out)
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

// oneMessageEach leaves out the violations that follow from another: those
// of a value of the wrong type (the decoder reports it, in the words of the
// Go type it reads), and a missing key that an unknown key of the same
// object is a misspelling of.
func oneMessageEach(vs []Violation) []Violation {
	wrong := map[string]bool{}
	meant := map[string]bool{}
	for _, v := range vs {
		switch {
		case v.About == wrongType:
			wrong[strings.Join(v.At, "\x00")] = true
		case v.suggested != "":
			meant[strings.Join(append(slices.Clone(v.At), v.suggested), "\x00")] = true
		}
	}
	return slices.DeleteFunc(vs, func(v Violation) bool {
		switch v.About {
		case wrongType:
			return true
		case Value:
			return wrong[strings.Join(v.At, "\x00")]
		case MissingKey:
			return meant[strings.Join(append(slices.Clone(v.At), v.Key), "\x00")]
		}
		return false
	})
}
