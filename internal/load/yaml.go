package load

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"sats/internal/diag"
	"sats/internal/locale"
	"sats/internal/schema"
)

// Ref is a reference by id to another record, such as a project's focus area.
// It keeps the position it was written at, so a dangling reference is reported
// at its own line.
type Ref struct {
	ID  string
	Pos diag.Pos
}

// Number is a number that remembers where it was written.
type Number struct {
	Value float64
	Pos   diag.Pos
}

// scalarDecoder is implemented by types decoded from one YAML scalar.
type scalarDecoder interface {
	decodeScalar(n *yaml.Node, pos diag.Pos) error
}

func (r *Ref) decodeScalar(n *yaml.Node, pos diag.Pos) error {
	if n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.ScalarNode {
		return diag.Msg("expected an id (a single word such as baerekraft-og-mobilitet)")
	}
	*r = Ref{ID: strings.TrimSpace(n.Value), Pos: pos}
	return nil
}

func (x *Number) decodeScalar(n *yaml.Node, pos diag.Pos) error {
	v, err := parseFloat(n)
	*x = Number{Value: v, Pos: pos}
	return err
}

// decoder turns YAML nodes into Go values and reports, with their
// positions, the values it cannot read: YAML that is not the Go type of its
// key. Keys it does not know it leaves alone; which keys an object may have
// and must have, and which values are allowed, the document's schema says
// (package schema), made from the same types: one mistake, one message.
type decoder struct {
	path     string // the file, as shown in messages
	line     int    // added to node lines (front matter starts below line 1)
	loc      *time.Location
	problems diag.List
	fields   map[reflect.Type][]schema.Field // the keys of each struct, read once
}

var (
	posType  = reflect.TypeFor[diag.Pos]()
	timeType = reflect.TypeFor[time.Time]()
	dateType = reflect.TypeFor[Date]()
)

// decodeYAML parses src and decodes it into v (a pointer to a struct). An
// empty document leaves v as it is.
func decodeYAML(path string, src []byte, lineOffset int, loc *time.Location, v any) diag.List {
	_, problems := decodeYAMLNode(path, src, lineOffset, loc, v)
	return problems
}

// decodeYAMLNode is decodeYAML that also returns the document's top node:
// nil when the document is empty or not YAML.
func decodeYAMLNode(path string, src []byte, lineOffset int, loc *time.Location, v any) (*yaml.Node, diag.List) {
	d := &decoder{path: path, line: lineOffset, loc: loc, fields: map[reflect.Type][]schema.Field{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, diag.List{syntaxProblem(path, src, lineOffset, err)}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	if p := d.checkSize(doc.Content[0]); p != nil {
		return nil, diag.List{p} // neither decoded nor checked: too large to do either safely
	}
	d.decode(doc.Content[0], reflect.ValueOf(v).Elem())
	return doc.Content[0], d.problems
}

// Limits of one YAML document (a data file or a front matter), checked
// before it is decoded or checked against its schema: each use of an alias
// counts with every value it holds, so a small file cannot expand into a
// large one.
const (
	MaxYAMLValues  = 100_000
	MaxYAMLAliases = 1_000
	MaxYAMLDepth   = 100
)

// checkSize walks the document as the decoder would, aliases expanded, and
// reports the first limit it exceeds.
func (d *decoder) checkSize(root *yaml.Node) *diag.Problem {
	values, aliases := 0, 0
	var walk func(n *yaml.Node, depth int) *diag.Problem
	walk = func(n *yaml.Node, depth int) *diag.Problem {
		if n.Kind == yaml.AliasNode {
			if aliases++; aliases > MaxYAMLAliases {
				return diag.Errorf(d.pos(n), "more than %d uses of aliases (*name) in one document; write the values out, or split the file", MaxYAMLAliases)
			}
			if n.Alias == nil {
				return nil
			}
			n = n.Alias
		}
		if values++; values > MaxYAMLValues {
			return diag.Errorf(diag.Pos{Path: d.path, Line: d.line + 1}, "the document holds more than %d values (each use of an alias counted with all it holds); split the file, or use fewer aliases", MaxYAMLValues)
		}
		if depth > MaxYAMLDepth {
			return diag.Errorf(d.pos(n), "values nested more than %d levels deep; write the data flatter", MaxYAMLDepth)
		}
		for _, c := range n.Content {
			if p := walk(c, depth+1); p != nil {
				return p
			}
		}
		return nil
	}
	return walk(root, 0)
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{Path: d.path, Line: n.Line + d.line, Col: n.Column}
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.problems.Add(d.pos(n), format, args...)
}

func (d *decoder) decode(n *yaml.Node, v reflect.Value) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if v.CanAddr() {
		if sd, ok := v.Addr().Interface().(scalarDecoder); ok {
			if err := sd.decodeScalar(n, d.pos(n)); err != nil {
				d.errorf(n, "%s", err)
			}
			return
		}
	}
	if n.Tag == "!!null" && v.Kind() != reflect.String {
		return // leave the zero value: an empty field means "not stated"
	}
	switch v.Type() {
	case dateType:
		d.set(n, v, func() (any, error) { return parseDate(n, d.loc) })
		return
	case timeType:
		d.set(n, v, func() (any, error) { return parseTime(n, d.loc) })
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem())
	case reflect.Struct:
		d.decodeStruct(n, v)
	case reflect.Slice:
		d.decodeList(n, v)
	case reflect.Map:
		d.decodeMap(n, v)
	default:
		d.decodeScalarKind(n, v)
	}
}

// set sets v to what parse returns, or reports its error at n.
func (d *decoder) set(n *yaml.Node, v reflect.Value, parse func() (any, error)) {
	x, err := parse()
	if err != nil {
		d.errorf(n, "%s", err)
		return
	}
	v.Set(reflect.ValueOf(x))
}

func (d *decoder) decodeList(n *yaml.Node, v reflect.Value) {
	if n.Kind != yaml.SequenceNode {
		if n.Kind == yaml.ScalarNode && (v.Type().Elem().Kind() == reflect.String || v.Type().Elem() == reflect.TypeFor[Ref]()) {
			// A single value where a list is expected: accept it as a list of one.
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
			d.decode(n, v.Index(0))
			return
		}
		d.errorf(n, "expected a list, found %s; write each item on its own line starting with '- '", describe(n))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		d.decode(item, s.Index(i))
	}
	v.Set(s)
}

func (d *decoder) decodeMap(n *yaml.Node, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "expected keys and values, found %s", describe(n))
		return
	}
	m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		val := reflect.New(v.Type().Elem()).Elem()
		d.decode(n.Content[i+1], val)
		m.SetMapIndex(reflect.ValueOf(n.Content[i].Value), val)
	}
	v.Set(m)
}

// decodeScalarKind decodes text, a flag or a number.
func (d *decoder) decodeScalarKind(n *yaml.Node, v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.errorf(n, "expected text, found %s; put the text on the same line as its key", describe(n))
			return
		}
		if n.Tag == "!!null" {
			v.SetString("")
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		b, err := strconv.ParseBool(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil {
			d.errorf(n, "expected true or false, found %s", describe(n))
			return
		}
		v.SetBool(b)
	case reflect.Int:
		i, err := strconv.Atoi(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil {
			d.errorf(n, "expected a whole number, found %s", describe(n))
			return
		}
		v.SetInt(int64(i))
	case reflect.Float64:
		f, err := parseFloat(n)
		if err != nil {
			d.errorf(n, "%s", err)
			return
		}
		v.SetFloat(f)
	default:
		d.errorf(n, "cannot decode into %s", v.Type()) // a generator bug, not a user error
	}
}

func parseFloat(n *yaml.Node) (float64, error) {
	if n.Kind == yaml.ScalarNode {
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return f, nil
		}
		if strings.Contains(n.Value, ",") {
			return 0, diag.Msg("expected a number, found %q; write numbers with a decimal point (4.6, not 4,6) and no spaces", n.Value)
		}
	}
	return 0, diag.Msg("expected a number, found %s", describe(n))
}

// decodeStruct decodes a mapping into the fields of a struct, by the keys
// of package schema (the yaml tags): the same keys the schema of the
// document lists.
func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value) {
	t := v.Type()
	if f, ok := t.FieldByName("Pos"); ok && f.Type == posType {
		v.FieldByIndex(f.Index).Set(reflect.ValueOf(d.pos(n)))
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "expected keys and values (key: value), found %s", describe(n))
		return
	}
	fields, ok := d.fields[t]
	if !ok {
		fields = schema.Fields(t)
		d.fields[t] = fields
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			d.errorf(k, "key %q is given twice; remove one of them", k.Value)
			continue
		}
		seen[k.Value] = true
		if j := slices.IndexFunc(fields, func(f schema.Field) bool { return f.Key == k.Value }); j >= 0 {
			d.decode(val, v.Field(fields[j].Index))
		}
		// Other keys: the schema reports them, with the keys it takes.
	}
}

// describe names what a node holds, for messages: a value in quotes, or
// words of the catalogue.
func describe(n *yaml.Node) any {
	switch n.Kind {
	case yaml.MappingNode:
		return diag.Msg("keys and values")
	case yaml.SequenceNode:
		return diag.Msg("a list")
	}
	if n.Tag == "!!null" {
		return diag.Msg("nothing")
	}
	v := n.Value
	if len(v) > 40 {
		v = v[:40] + "…"
	}
	return strconv.Quote(v)
}

// parseTime reads a date (2024-03-08), a month (2022-02) or a date with a time
// (2024-03-08T09:00:00, optionally with a zone). Without a zone the time is in
// loc.
func parseTime(n *yaml.Node, loc *time.Location) (time.Time, error) {
	if n.Kind == yaml.ScalarNode {
		s := n.Value
		for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z07:00"} {
			if t, err := time.Parse(layout, s); err == nil {
				return t, nil
			}
		}
		for _, layout := range []string{"2006-01-02", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01"} {
			if t, err := time.ParseInLocation(layout, s, loc); err == nil {
				return t, nil
			} else if len(s) == len(layout) && strings.Contains(err.Error(), "out of range") {
				return time.Time{}, diag.Msg("%q is not a real date; check the day and the month (write dates as YYYY-MM-DD)", s)
			}
		}
	}
	return time.Time{}, diag.Msg("expected a date like 2024-03-08, found %s", describe(n))
}

// Date is a date known to a day, a month, a season or only a year, as the
// source gives it. Time is the first day of the period at midnight in the
// site's time zone (for a season, the first day of its first month: see
// locale.SeasonStart), so that dates sort and feeds get a valid date; the
// precision says how much of it is known.
type Date struct {
	time.Time
	Precision locale.Precision
}

// ISO returns the date in ISO 8601 at its precision: 2021-09-01, 2021-09 or
// 2021. A season is written as its year, the most precise ISO form that is
// true. The zero Date gives "".
func (d Date) ISO() string {
	switch {
	case d.IsZero():
		return ""
	case d.Precision == locale.Day:
		return d.Format("2006-01-02")
	case d.Precision == locale.Month:
		return d.Format("2006-01")
	}
	return d.Format("2006")
}

// Seasons in Norwegian, as a date may also be written: «høsten 2021».
var seasonWords = map[string]locale.Precision{
	"våren": locale.Spring, "sommeren": locale.Summer, "høsten": locale.Autumn, "vinteren": locale.Winter,
}

// parseDate reads a Date: a full date or date and time as parseTime reads
// them, a month (2021-09), a year (2021) or a season of a year (2021-autumn,
// or in Norwegian «høsten 2021»), in lower case and without spaces around:
// the forms the pattern of partialDate in common.schema.json takes.
func parseDate(n *yaml.Node, loc *time.Location) (Date, error) {
	hint := diag.Msg("write a date (2021-09-01), a month (2021-09), a season (2021-autumn or høsten 2021) or a year (2021)")
	if n.Kind != yaml.ScalarNode {
		return Date{}, diag.Msg("expected a date, found %s; %s", describe(n), hint)
	}
	s := n.Value
	year := func(y string) (int, bool) {
		v, err := strconv.Atoi(y)
		return v, err == nil && len(y) == 4 && v >= 1000
	}
	if y, ok := year(s); ok {
		return Date{Time: time.Date(y, time.January, 1, 0, 0, 0, 0, loc), Precision: locale.Year}, nil
	}
	ys, season, hasSeason := strings.Cut(s, "-")
	if word, y, ok := strings.Cut(s, " "); ok {
		if p, known := seasonWords[word]; known {
			yv, ok := year(y)
			if !ok {
				return Date{}, diag.Msg("%q has no year of four digits after %q; %s", s, word, hint)
			}
			return Date{Time: time.Date(yv, locale.SeasonStart(p), 1, 0, 0, 0, 0, loc), Precision: p}, nil
		}
	}
	if y, ok := year(ys); ok && hasSeason && season != "" && (season[0] < '0' || season[0] > '9') {
		for i, name := range locale.Seasons {
			if season == name {
				p := locale.Spring + locale.Precision(i)
				return Date{Time: time.Date(y, locale.SeasonStart(p), 1, 0, 0, 0, 0, loc), Precision: p}, nil
			}
		}
		return Date{}, diag.Msg("%q names no season the generator knows; use %s (e.g. %d-autumn)", s, strings.Join(locale.Seasons[:], ", "), y)
	}
	if len(s) == len("2006-01") {
		t, err := time.ParseInLocation("2006-01", s, loc)
		if err == nil {
			return Date{Time: t, Precision: locale.Month}, nil
		}
		if strings.Contains(err.Error(), "out of range") {
			return Date{}, diag.Msg("%q is not a real month; months are 01 to 12", s)
		}
	}
	t, err := parseTime(n, loc)
	if err != nil {
		if strings.Contains(err.Error(), "not a real date") {
			return Date{}, err
		}
		return Date{}, diag.Msg("%q is not a date; %s", s, hint)
	}
	return Date{Time: t, Precision: locale.Day}, nil
}
