package build

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"hash"
	"maps"
	"math"
	"reflect"
	"slices"
	"time"

	"sats/internal/load"
	"sats/internal/model"
)

// valueHasher writes a value into a hash by reflection, field by field, so
// that a key made of a struct covers every field it has, including fields
// added later: nothing is listed by hand. Pages and sites are referred to,
// not contained: a *model.Page is written as its URL and a *model.Site as
// its language (what a figure reads of them; the page cache hashes each
// page and site as a value, digest). A document's Markdown body is left
// out: a page's key holds its own body only. A record reached twice is written
// once and then by the order it was first reached in, so cycles end and the
// hash does not depend on addresses; so is a slice reached twice.
// Functions and channels are left out.
type valueHasher struct {
	h      hash.Hash
	seen   map[uintptr]int
	slices map[sliceID]int
	names  map[reflect.Type]string
	out    []byte // written to h when full, and at the end
}

var (
	pageType     = reflect.TypeFor[*model.Page]()
	siteType     = reflect.TypeFor[*model.Site]()
	timeType     = reflect.TypeFor[time.Time]()
	locationType = reflect.TypeFor[*time.Location]()
	documentType = reflect.TypeFor[load.Document]()
	pageURLField = fieldIndex[model.Page]("URL")
)

func fieldIndex[T any](name string) []int {
	f, _ := reflect.TypeFor[T]().FieldByName(name)
	return f.Index
}

// hashValues adds vs to h.
func hashValues(h hash.Hash, vs ...any) {
	newValueHasher(h).add(vs...)
}

func newValueHasher(h hash.Hash) *valueHasher {
	return &valueHasher{h: h, seen: map[uintptr]int{}, slices: map[sliceID]int{}, names: map[reflect.Type]string{}, out: make([]byte, 0, 64<<10)}
}

// add adds vs to the hash.
func (w *valueHasher) add(vs ...any) {
	for _, v := range vs {
		w.value(reflect.ValueOf(v))
	}
	w.h.Write(w.out)
	w.out = w.out[:0]
}

// fork returns a hasher into h that writes a record or slice w has
// written by the order w reached it in, as w would: values hashed in
// parallel chunks after the values they share (the site's tags, projects
// and lists, reached from thousands of pages) refer to them instead of
// writing them again in every chunk.
func (w *valueHasher) fork(h hash.Hash) *valueHasher {
	f := newValueHasher(h)
	f.seen, f.slices = maps.Clone(w.seen), maps.Clone(w.slices)
	return f
}

func (w *valueHasher) uint(u uint64) {
	w.out = binary.LittleEndian.AppendUint64(w.out, u)
}

func (w *valueHasher) string(s string) {
	w.uint(uint64(len(s)))
	if len(w.out)+len(s) > cap(w.out) {
		w.h.Write(w.out)
		w.out = w.out[:0]
		if len(s) > cap(w.out) {
			w.h.Write([]byte(s))
			return
		}
	}
	w.out = append(w.out, s...)
}

// sliceID identifies a slice: its first element, length and type.
type sliceID struct {
	data uintptr
	n    int
	t    reflect.Type
}

// typeName writes the name of a type (reflect.Type.String, once per type).
func (w *valueHasher) typeName(t reflect.Type) {
	n, ok := w.names[t]
	if !ok {
		n = t.String()
		w.names[t] = n
	}
	w.string(n)
}

func (w *valueHasher) value(v reflect.Value) {
	if !v.IsValid() {
		w.string("<nil>")
		return
	}
	t := v.Type()
	switch {
	case t == pageType:
		if v.IsNil() {
			w.string("<no page>")
		} else {
			w.string("page")
			w.string(v.Elem().FieldByIndex(pageURLField).String())
		}
		return
	case t == siteType:
		if v.IsNil() {
			w.string("<no site>")
		} else {
			w.string("site " + v.Elem().FieldByName("Lang").String())
		}
		return
	case !v.CanInterface():
		// reached through an unexported field: walked field by field below
	case t == timeType:
		tm := v.Interface().(time.Time)
		w.uint(uint64(tm.Unix()))
		w.uint(uint64(tm.Nanosecond()))
		w.string(tm.Location().String())
		return
	case t == locationType:
		if !v.IsNil() {
			w.string(v.Interface().(*time.Location).String())
		}
		return
	}
	if w.scalar(v) {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			w.string("<nil>")
			return
		}
		if n, ok := w.seen[v.Pointer()]; ok {
			w.string("<seen>")
			w.uint(uint64(n))
			return
		}
		w.seen[v.Pointer()] = len(w.seen)
		w.value(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			w.string("<nil>")
			return
		}
		w.typeName(v.Elem().Type())
		w.value(v.Elem())
	case reflect.Struct:
		w.typeName(t)
		for i := range v.NumField() {
			if t == documentType && (t.Field(i).Name == "body" || t.Field(i).Name == "sum") {
				continue // a page's Markdown is in its own key (cache.go), not in the model's; sum is of the whole file
			}
			w.value(v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Len() > 0 {
			// A slice that many records share (the pages of a paginated
			// list, held by each of its pages) is written once, then by
			// the order it was first reached in, like a pointer: written
			// whole each time, a list of n pages costs n² to hash.
			id := sliceID{v.Pointer(), v.Len(), t}
			if n, ok := w.slices[id]; ok {
				w.string("<seen slice>")
				w.uint(uint64(n))
				return
			}
			w.slices[id] = len(w.slices)
		}
		w.uint(uint64(v.Len()))
		for i := range v.Len() {
			w.value(v.Index(i))
		}
	case reflect.Map:
		keys := v.MapKeys()
		if t.Key().Kind() == reflect.String {
			slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.String(), b.String()) })
		} else {
			slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		}
		w.uint(uint64(len(keys)))
		for _, k := range keys {
			w.value(k)
			w.value(v.MapIndex(k))
		}
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		// not data
	}
}

// scalar writes a value of a basic kind and reports whether it was one.
func (w *valueHasher) scalar(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			w.uint(1)
		} else {
			w.uint(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.uint(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		w.uint(math.Float64bits(v.Float()))
	case reflect.String:
		w.string(v.String())
	default:
		return false
	}
	return true
}
