package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

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
	toks := strings.Split(strings.TrimPrefix(frag, "/"), "/")
	for i, tok := range toks {
		toks[i] = unescapeToken(tok)
	}
	return valueAt(v, toks)
}

// keys returns the keys of the object at an absolute location, in the order
// the schema file has them (the order of the Go fields it was made from).
func (s *Set) keys(loc string) []string {
	file, frag, _ := strings.Cut(strings.TrimPrefix(loc, base), "#")
	if f, err := url.PathUnescape(frag); err == nil {
		frag = f
	}
	if order := s.order[file]; order != nil {
		return order()[frag]
	}
	return nil
}

// keyOrders returns the keys of every object of a JSON document in the
// order they are written, by the JSON pointer of the object ("" for the
// top).
func keyOrders(data []byte) (map[string][]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	out := map[string][]string{}
	var walk func(ptr string) error
	walk = func(ptr string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			keys := []string{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				key, _ := k.(string)
				keys = append(keys, key)
				if err := walk(ptr + "/" + escapeToken(key)); err != nil {
					return err
				}
			}
			out[ptr] = keys
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if err := walk(ptr + "/" + strconv.Itoa(i)); err != nil {
					return err
				}
			}
		default:
			return nil
		}
		_, err = dec.Token() // the closing } or ]
		return err
	}
	return out, walk("")
}

// escapeToken writes a key as a token of a JSON pointer (RFC 6901), and
// unescapeToken reads it back. Most keys have neither ~ nor /, and are
// returned as they are.
func escapeToken(key string) string {
	if !strings.ContainsAny(key, "~/") {
		return key
	}
	return strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
}

func unescapeToken(tok string) string {
	if !strings.Contains(tok, "~") {
		return tok
	}
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
}
