package load

import (
	"io/fs"
	"reflect"
	"strconv"
	"strings"
	"time"

	"sats/internal/cache"
)

// Parsed documents kept between runs of the program (cache.Values):
// `sats build` gives LoadStored the build cache, so that a build after an
// edit parses only the files that changed. A document is kept under the
// SHA-256 of its path, its bytes, the site's time zone and the schema its
// front matter was checked against, which is all that reading it depends
// on; one with problems is not kept, so that every build reports them.

const (
	docFormat   = "sats-document-2"
	factsFormat = "sats-source-facts-1"
)

// unchangedDocument returns the document of name without reading the
// file, when the store holds it under the facts the file system gives of
// the file now (statFacts: size, times, inode), recorded more than
// cache.RacyAge after the file last changed. A file that changed since has
// other facts (its change time cannot be set back), and is read.
func (in *Input) unchangedDocument(name string, info fs.FileInfo) *Document {
	facts, changed, ok := statFacts(info)
	if !ok {
		return nil
	}
	v, ok := in.store.Get(in.factsKey(name, facts))
	if !ok {
		return nil
	}
	d := cache.NewDecoder(v)
	sum, readAt := d.Bytes(), int64(d.Uint())
	if d.Err() != nil || len(sum) != 32 || changed >= readAt-int64(cache.RacyAge(changed)) {
		return nil
	}
	key := [32]byte(sum)
	doc := in.storedDocument(key, name, nil)
	if doc != nil {
		doc.sum = key
	}
	return doc
}

func (in *Input) clock() time.Time {
	if in.now != nil {
		return in.now()
	}
	return time.Now()
}

// keepFacts keeps the facts the file system gave of a document's file
// before it was read at readAt, with the document's key.
func (in *Input) keepFacts(name string, info fs.FileInfo, key [32]byte, readAt time.Time) {
	facts, _, ok := statFacts(info)
	if !ok {
		return
	}
	var e cache.Encoder
	e.Blob(key[:])
	e.Uint(uint64(readAt.UnixNano()))
	in.store.Put(in.factsKey(name, facts), e.Bytes())
}

// factsKey is the key of a file's facts: with the time zone and schema,
// which the document's key holds too, so that a document read under other
// settings is not taken.
func (in *Input) factsKey(name, facts string) [32]byte {
	return cache.Key(factsFormat, name, facts, in.Location.String(), in.frontMatterSchema(newDocument(name)))
}

func (in *Input) docKey(name string, src []byte) [32]byte {
	return cache.Key(docFormat, name, in.Location.String(), in.frontMatterSchema(newDocument(name)), string(src))
}

// storedDocument returns the document of name the store holds under key.
// Its body is src's end when src is given, else the store's copy.
func (in *Input) storedDocument(key [32]byte, name string, src []byte) *Document {
	v, ok := in.store.Get(key)
	if !ok {
		return nil
	}
	d := cache.NewDecoder(v)
	bodyLine, frontLine := d.Uint(), d.Uint()
	body := d.Bytes()
	doc := newDocument(name)
	if !d.OK() || src != nil && len(body) > len(src) {
		return nil
	}
	rd := valueDecoder{d: d, site: in.Location}
	rd.value(reflect.ValueOf(&doc.Front).Elem())
	if d.Err() != nil || rd.bad {
		return nil
	}
	doc.body = body // read only: it may be the store's file, mapped
	if src != nil {
		doc.body = src[len(src)-len(body):]
	}
	doc.BodyLine, doc.frontLine = int(bodyLine), int(frontLine)
	doc.setSlug()
	return doc
}

// keepDocument keeps a document read without problems in the store.
func (in *Input) keepDocument(key [32]byte, doc *Document) {
	var e cache.Encoder
	e.Uint(uint64(doc.BodyLine))
	e.Uint(uint64(doc.frontLine))
	e.Blob(doc.body)
	w := valueEncoder{e: &e, site: in.Location}
	if w.value(reflect.ValueOf(doc.Front)) {
		in.store.Put(key, e.Bytes())
	}
}

// valueEncoder writes a value of the front matter field by field, by
// reflection, so that a field added to FrontMatter is kept without a list
// to keep in step. It reports false for a kind of value it cannot write
// (the document is then not kept).
type valueEncoder struct {
	e    *cache.Encoder
	site *time.Location
}

func (w valueEncoder) value(v reflect.Value) bool {
	switch {
	case v.Type() == timeType:
		t := v.Interface().(time.Time)
		name, offset := t.Zone()
		switch loc := t.Location(); {
		case t.IsZero() && loc == time.UTC:
			w.e.String("zero")
			return true
		case loc == time.UTC:
			w.e.String("utc")
		case loc == time.Local:
			w.e.String("local")
		case loc == w.site:
			w.e.String("site")
		default:
			w.e.String("fixed " + name + " " + strconv.Itoa(offset))
		}
		w.e.String(strconv.FormatInt(t.Unix(), 10))
		w.e.Uint(uint64(t.Nanosecond()))
		return true
	case !v.CanInterface():
		return false // an unexported field
	}
	switch v.Kind() {
	case reflect.String:
		w.e.String(v.String())
	case reflect.Bool:
		if v.Bool() {
			w.e.Uint(1)
		} else {
			w.e.Uint(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.e.String(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		w.e.Uint(v.Uint())
	case reflect.Slice:
		if v.IsNil() {
			w.e.Uint(0)
			return true
		}
		w.e.Uint(uint64(v.Len()) + 1)
		for i := range v.Len() {
			if !w.value(v.Index(i)) {
				return false
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if !w.value(v.Field(i)) {
				return false
			}
		}
	default:
		return false
	}
	return true
}

// valueDecoder reads what a valueEncoder wrote into a value of the same
// type.
type valueDecoder struct {
	d    *cache.Decoder
	site *time.Location
	bad  bool
}

func (r *valueDecoder) value(v reflect.Value) {
	if r.bad || !r.d.OK() {
		r.bad = true
		return
	}
	if v.Type() == timeType {
		r.time(v)
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(r.d.String())
	case reflect.Bool:
		v.SetBool(r.d.Uint() == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(r.d.String(), 10, 64)
		r.bad = r.bad || err != nil || v.OverflowInt(n)
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n := r.d.Uint()
		r.bad = r.bad || v.OverflowUint(n)
		v.SetUint(n)
	case reflect.Slice:
		n := r.d.Uint()
		if n == 0 || !r.d.OK() || n > 1<<20 {
			r.bad = r.bad || n > 1<<20
			return
		}
		s := reflect.MakeSlice(v.Type(), int(n-1), int(n-1))
		for i := range int(n - 1) {
			r.value(s.Index(i))
		}
		v.Set(s)
	case reflect.Struct:
		for i := range v.NumField() {
			r.value(v.Field(i))
		}
	default:
		r.bad = true
	}
}

func (r *valueDecoder) time(v reflect.Value) {
	zone := r.d.String()
	if zone == "zero" {
		v.Set(reflect.ValueOf(time.Time{}))
		return
	}
	sec, err := strconv.ParseInt(r.d.String(), 10, 64)
	nsec := r.d.Uint()
	if err != nil || nsec >= 1e9 {
		r.bad = true
		return
	}
	var loc *time.Location
	switch zone {
	case "utc":
		loc = time.UTC
	case "local":
		loc = time.Local
	case "site":
		loc = r.site
	default:
		rest, ok := strings.CutPrefix(zone, "fixed ")
		i := strings.LastIndexByte(rest, ' ')
		if !ok || i < 0 {
			r.bad = true
			return
		}
		off, err := strconv.Atoi(rest[i+1:])
		if err != nil {
			r.bad = true
			return
		}
		loc = time.FixedZone(rest[:i], off)
	}
	v.Set(reflect.ValueOf(time.Unix(sec, int64(nsec)).In(loc)))
}
