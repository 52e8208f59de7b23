package model

import (
	"reflect"
	"sats/internal/load"
	"slices"
	"time"
)

// localize returns base with the fields that its translation into lang sets.
// The names of fields it leaves untranslated (non-empty text or lists that
// the translation does not set) go into *untranslated, so that templates can
// mark them with the language they are in.
func localize[T any](base T, tr map[string]*T, lang string, untranslated *map[string]bool) T {
	if lang == "" {
		return base
	}
	t := tr[lang]
	if t == nil {
		if untranslated != nil {
			*untranslated = textFields(reflect.ValueOf(base), reflect.Value{})
		}
		return base
	}
	out := base
	ov, tv := reflect.ValueOf(&out).Elem(), reflect.ValueOf(t).Elem()
	for i := range ov.NumField() {
		f := ov.Type().Field(i)
		if !f.IsExported() || f.Name == "Pos" || f.Name == "ID" || f.Name == "Translations" {
			continue
		}
		if v := tv.Field(i); !v.IsZero() {
			overlay(ov.Field(i), v)
		}
	}
	if untranslated != nil {
		*untranslated = textFields(reflect.ValueOf(base), tv)
	}
	return out
}

// overlay sets dst to src; a struct (other than a time) is overlaid field by
// field, so that a translation of {grantedBy: …} keeps the dates beside it.
func overlay(dst, src reflect.Value) {
	if src.Kind() != reflect.Struct || src.Type() == reflect.TypeFor[time.Time]() || src.Type() == reflect.TypeFor[load.Date]() {
		dst.Set(src)
		return
	}
	for i := range src.NumField() {
		if src.Type().Field(i).IsExported() && !src.Field(i).IsZero() {
			overlay(dst.Field(i), src.Field(i))
		}
	}
}

// textFields names the text fields of v that are set and not set in the
// translation tv (when tv is valid).
func textFields(v reflect.Value, tv reflect.Value) map[string]bool {
	m := map[string]bool{}
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() || f.Name == "ID" {
			continue
		}
		k := f.Type.Kind()
		isText := k == reflect.String || (k == reflect.Slice && f.Type.Elem().Kind() == reflect.String)
		if !isText || v.Field(i).IsZero() {
			continue
		}
		if tv.IsValid() && !tv.Field(i).IsZero() {
			continue
		}
		m[f.Name] = true
	}
	return m
}

// Link connects sites of the same content in different languages: each
// site learns of the others, and each page of its translations (pages with
// the same Key).
func Link(sites []*Site) {
	if len(sites) == 0 {
		return
	}
	byKey := map[string][]*Page{}
	for _, s := range sites {
		s.All, s.Default = sites, sites[0]
		for _, p := range s.Pages {
			if p.Key != "" {
				byKey[p.Key] = append(byKey[p.Key], p)
			}
		}
	}
	for _, s := range sites {
		for _, p := range s.Pages {
			p.Translations = nil
			for _, other := range byKey[p.Key] {
				if other != p && p.Key != "" {
					p.Translations = append(p.Translations, other)
				}
			}
			slices.SortFunc(p.Translations, func(a, b *Page) int {
				return slices.Index(sites, a.Site) - slices.Index(sites, b.Site)
			})
		}
	}
}

// Fallback returns the site in its own language when s is a translation,
// else nil: templates show its news and reports, marked as being in that
// language, where the translation has none.
func (s *Site) Fallback() *Site {
	if s.Default == nil || s.Default == s {
		return nil
	}
	return s.Default
}

// InDefault returns the page in the site's own language, or nil if p is in
// it or has no such translation.
func (p *Page) InDefault() *Page {
	if p.Site.Default == nil || p.Site.Default == p.Site {
		return nil
	}
	return p.Translation(p.Site.Default.Lang)
}

// Translation returns the page in language lang: p itself, a translation, or
// nil.
func (p *Page) Translation(lang string) *Page {
	if p.Lang == lang {
		return p
	}
	for _, t := range p.Translations {
		if t.Lang == lang {
			return t
		}
	}
	return nil
}
