package load

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"sats/internal/diag"
	"sats/internal/schema"
)

// decodeChecked decodes src like decodeYAML, then checks the document
// against the named schema (package schema) and adds its problems.
func decodeChecked(schemas *schema.Set, name, path string, src []byte, lineOffset int, loc *time.Location, v any) diag.List {
	return decodeThenCheck(name, path, src, lineOffset, loc, v)(schemas)
}

// decodeThenCheck is decodeChecked in two steps: it decodes src into v
// now, and returns the check, for when the schemas are compiled.
func decodeThenCheck(name, path string, src []byte, lineOffset int, loc *time.Location, v any) func(*schema.Set) diag.List {
	root, problems := decodeYAMLNode(path, src, lineOffset, loc, v)
	return func(schemas *schema.Set) diag.List {
		if root == nil && len(problems) > 0 {
			return problems // not YAML: nothing to check
		}
		return append(problems, checkSchema(schemas, name, path, root, lineOffset, diag.Pos{Path: path, Line: lineOffset + 1, Col: 1}, problems)...)
	}
}

// frontMatterSchema names the schema of a document's front matter: it
// depends on the folder the file is in.
func (in *Input) frontMatterSchema(doc *Document) string {
	switch {
	case doc.Section == "":
		return schema.Page
	case doc.IsIndex():
		return schema.Section
	}
	return in.bySection[doc.Section] // "" for a folder that is not a section: the model reports it
}

// sectionSchemas returns the schema of the pages in each section's folder,
// from the configuration.
func (in *Input) sectionSchemas() map[string]string {
	bySection := map[string]string{}
	sections := in.Config.Sections.Map()
	for _, key := range slices.Sorted(maps.Keys(sections)) {
		if _, ok := bySection[sections[key]]; !ok {
			bySection[sections[key]] = in.frontMatter[key]
		}
	}
	return bySection
}

// checkFrontMatter checks a parsed document's front matter against the
// schema of its kind. decoded holds what ParseDocument reported.
func (in *Input) checkFrontMatter(doc *Document, decoded error) error {
	root := doc.front
	doc.front = nil // only needed once
	name := in.frontMatterSchema(doc)
	schemas := in.schemaSet()
	if schemas == nil || name == "" || (root == nil && decoded != nil) {
		return nil
	}
	return checkSchema(schemas, name, doc.Path, root, doc.frontLine, doc.Front.Pos, diag.Problems(decoded)).Err()
}

// checkSchema validates the YAML document root (nil when empty; its problems
// are then placed at rootPos) and returns each violation at the line and
// column of the key or value it concerns. The schema is the one check of
// keys and constraints; the decoder only reads values into their Go types.
// A value the decoder could not read (a problem of decoded at its position,
// such as a date that does not exist) is not checked further.
func checkSchema(schemas *schema.Set, name, path string, root *yaml.Node, lineOffset int, rootPos diag.Pos, decoded diag.List) diag.List {
	if schemas == nil {
		return nil
	}
	j := &jsonDoc{values: map[string]*yaml.Node{}, keys: map[string]*yaml.Node{}, budget: maxNodes}
	var doc any = map[string]any{}
	if root != nil {
		var ok bool
		if doc, ok = j.convert(root, nil, 0); !ok {
			// decodeYAMLNode refuses such documents before they come here.
			return diag.List{diag.Errorf(rootPos, "the document is too large or too deeply nested to check against schema %s; split the file", name)}
		}
	}
	violations, err := schemas.Validate(name, doc)
	if err != nil {
		return diag.List{diag.Errorf(diag.Pos{Path: path}, "cannot check against schema %s: %v", name, err)}
	}
	unread := map[diag.Pos]bool{}
	for _, p := range decoded {
		unread[p.Pos] = true
	}
	pos := func(n *yaml.Node) diag.Pos {
		if n == nil {
			return rootPos
		}
		return diag.Pos{Path: path, Line: n.Line + lineOffset, Col: n.Column}
	}
	var problems diag.List
	for _, v := range violations {
		p := pos(j.values[locKey(v.At)])
		switch {
		case v.About == schema.UnusedKey:
			p = pos(j.keys[locKey(append(v.At[:len(v.At):len(v.At)], v.Key))])
		case v.About == schema.Value && unread[p]:
			continue
		}
		problems = append(problems, diag.Errorf(p, "%s", v.Message))
	}
	return problems
}

// maxNodes bounds the nodes converted for one document, so that aliases that
// refer to aliases cannot make a small file expand without end; the
// decoder's checkSize refuses larger documents first.
const maxNodes = MaxYAMLValues + 1

// jsonDoc converts YAML nodes to the values a JSON Schema validates, and
// remembers the node of every value and key by its location.
type jsonDoc struct {
	values map[string]*yaml.Node // locKey of a location → value node
	keys   map[string]*yaml.Node // locKey of a member's location → its key node
	budget int
}

func (j *jsonDoc) convert(n *yaml.Node, at []string, depth int) (any, bool) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	j.budget--
	if j.budget < 0 || depth > MaxYAMLDepth+1 {
		return nil, false
	}
	j.values[locKey(at)] = n
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			// A key that is not text (a list, a mapping) has the Value "",
			// as the decoder reads it: the schema reports it as unknown.
			k, val := n.Content[i], n.Content[i+1]
			if _, dup := m[k.Value]; dup {
				continue // the decoder keeps the first and reports the second
			}
			child := append(at[:len(at):len(at)], k.Value)
			j.keys[locKey(child)] = k
			v, ok := j.convert(val, child, depth+1)
			if !ok {
				return nil, false
			}
			m[k.Value] = v
		}
		return m, true
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, item := range n.Content {
			v, ok := j.convert(item, append(at[:len(at):len(at)], strconv.Itoa(i)), depth+1)
			if !ok {
				return nil, false
			}
			s[i] = v
		}
		return s, true
	case yaml.ScalarNode:
		return scalar(n), true
	}
	return nil, true
}

// scalar converts a YAML scalar by its tag. Dates stay text, as written.
func scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var i int64
		if n.Decode(&i) == nil {
			return i
		}
		var f float64
		if n.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
	}
	return n.Value
}

// locKey encodes an instance location as a map key: each token after a NUL,
// so that the top ("") and a key "" at the top ("\x00") differ.
func locKey(at []string) string {
	var b strings.Builder
	for _, tok := range at {
		b.WriteByte(0)
		b.WriteString(tok)
	}
	return b.String()
}

// schemaSet returns the schemas, once Load has compiled them: it compiles
// them while it reads the files.
func (in *Input) schemaSet() *schema.Set {
	if in.compiled != nil {
		<-in.compiled
	}
	return in.schemas
}
