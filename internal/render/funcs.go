package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"strings"
	"time"

	"sats/internal/diag"
	"sats/internal/load"
	"sats/internal/locale"
	"sats/internal/model"
)

// funcs returns the template functions: the interface strings and the
// site's pages, figures and files (siteFuncs), and dates (dateFuncs) and
// numbers (numberFuncs) written in the site's language.
//
// The functions read r's site when they are called, never before: the
// parsed layouts take the names from a Renderer without a site (ParseLayouts).
func (r *Renderer) funcs() template.FuncMap { return funcsFor(&bound{r: r}) }

// funcsFor returns the template functions of a copy of a layout: they read
// the renderer the copy renders a page for now (b.r), and add to b.used the
// keys of the assets and share images they register (nil: none are noted).
func funcsFor(b *bound) template.FuncMap {
	m := siteFuncs(b)
	maps.Copy(m, dateFuncs(b))
	maps.Copy(m, numberFuncs(b))
	return m
}

// siteFuncs are the functions that look up the site: its interface strings,
// pages, figures, files and structured data.
func siteFuncs(b *bound) template.FuncMap {
	return template.FuncMap{
		// t returns the interface string for a key of data/i18n/<lang>.yaml.
		"t": func(key string) string { return b.r.site.T(key) },
		// absURL makes a site path absolute with the site's baseURL.
		"absURL": func(p string) string { return b.r.site.AbsURL(p) },
		// asset returns the URL of a fingerprinted copy of a file of static/.
		"asset": func(name string) (string, error) { return b.r.asset(name, b.used) },
		// figure returns a figure of data/results.yaml by id; an unknown id is
		// an error, so that a layout never drops a section silently.
		"figure": func(id string) (*model.Figure, error) { return b.r.figure(id) },
		// lang returns the attribute lang="…" for text in another language
		// than the page around it: for true (a field of a record shown in
		// the site's own language, {{lang .Untranslated.Name}}) the site's
		// own language; for a page, its language when it is not this site's.
		// Otherwise nothing. Written inside a tag: <a href="…"{{lang …}}>.
		"lang": func(x any) (template.HTMLAttr, error) { return b.r.langAttr(x) },
		// page returns the page at a site path, or nil.
		"page": func(url string) *model.Page { return b.r.site.PageByURL(url) },
		// first returns the first n pages of a list.
		"first": func(n int, pages []*model.Page) []*model.Page { return pages[:min(max(n, 0), len(pages))] },
		"join":  func(list []string, sep string) string { return strings.Join(list, sep) },
		"slug":  locale.Slug,
		// jsonld returns a page's structured data for a script element of
		// type application/ld+json (jsonld.go): jsonld . $imageURL false.
		"jsonld": func(p *model.Page, image string, organization bool) (template.JS, error) {
			return b.r.jsonLD(p, image, organization)
		},
		// feedURL returns the path of a list's feed: feedURL .URL "rss"
		// (or "atom"); another kind is an error.
		"feedURL": feedURL,
		// feeds returns the feeds of a list page (focus area, tag) besides
		// the site's news feed, for <link rel="alternate"> (files.go).
		"feeds": func(p *model.Page) []FeedLink { return b.r.pageFeeds(p) },
		// shareImage returns the default link preview image, drawn in two
		// colours: shareImage "#0e3640" "#ffffff" (share.go).
		"shareImage": func(background, foreground string) (ShareImage, error) {
			return b.r.shareImage(background, foreground, b.used)
		},
	}
}

// dateFuncs are the functions that write dates in the site's language and
// time zone.
func dateFuncs(b *bound) template.FuncMap {
	return template.FuncMap{
		// date formats a date as precisely as it is known: 24. juni 2025,
		// and for a load.Date also september 2021, høsten 2021 or 2021.
		"date": func(d any) (string, error) {
			switch v := d.(type) {
			case load.Date:
				return b.r.site.Locale.DateAt(v.In(b.r.site.Location), v.Precision), nil
			case time.Time:
				return b.r.site.Locale.Date(v.In(b.r.site.Location)), nil
			}
			return "", fmt.Errorf("date: expected a date, got %T", d)
		},
		// monthYear formats a month: februar 2022; a load.Date known only
		// to a season or a year is written as such.
		"monthYear": func(d any) (string, error) {
			switch v := d.(type) {
			case load.Date:
				return b.r.site.Locale.DateAt(v.In(b.r.site.Location), max(v.Precision, locale.Month)), nil
			case time.Time:
				return b.r.site.Locale.MonthYear(v.In(b.r.site.Location)), nil
			}
			return "", fmt.Errorf("monthYear: expected a date, got %T", d)
		},
		// isoDate formats a date for <time datetime>: 2025-06-24, and for a
		// load.Date at its precision, 2021-09 or 2021 (HTML allows both).
		"isoDate": func(d any) (string, error) {
			switch v := d.(type) {
			case load.Date:
				return v.ISO(), nil
			case time.Time:
				if v.IsZero() {
					return "", nil
				}
				return v.In(b.r.site.Location).Format("2006-01-02"), nil
			}
			return "", fmt.Errorf("isoDate: expected a date, got %T", d)
		},
	}
}

// numberFuncs are the functions that write numbers in the site's language,
// and the arithmetic of layouts.
func numberFuncs(b *bound) template.FuncMap {
	return template.FuncMap{
		// number formats a number: 20 566, 4,6. A nil *float64 gives "".
		"number": func(x any) string {
			f, ok := toFloat(x)
			if !ok {
				return ""
			}
			return b.r.site.Locale.Number(f)
		},
		// decimal formats a number with n decimals: decimal 4 1 → 4,0.
		"decimal": func(x any, n int) string {
			f, ok := toFloat(x)
			if !ok {
				return ""
			}
			return b.r.site.Locale.Decimal(f, n)
		},
		// mnok formats millions of kroner: 4,6 mill. kr.
		"mnok": func(x any) string {
			f, _ := toFloat(x)
			return b.r.site.Locale.Millions(f)
		},
		// percent formats a percentage, rounded: 87 %.
		"percent": func(x any) string {
			f, _ := toFloat(x)
			return b.r.site.Locale.Percent(f)
		},
		// fileSize formats a size in bytes: 1,2 MB.
		"fileSize": func(n int64) string { return b.r.site.Locale.FileSize(n) },
		"add":      func(a, b int) int { return a + b },
		"sub":      func(a, b int) int { return a - b },
	}
}

// figure returns the figure of data/results.yaml with the id; an unknown id
// is an error naming the ids there are, since a section of a layout must not
// vanish silently when a figure is renamed or removed.
func (r *Renderer) figure(id string) (*model.Figure, error) {
	var ids []string
	for _, f := range r.site.Figures {
		if f.ID == id {
			return f, nil
		}
		ids = append(ids, f.ID)
	}
	return nil, diag.Msg("no figure %q in data/results.yaml; use one of: %s", id, strings.Join(ids, ", "))
}

// toFloat is a number of any Go type, through pointers; false for a nil
// pointer or a value that is not a number.
func toFloat(x any) (float64, bool) {
	v := reflect.ValueOf(x)
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return 0, false
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		return v.Float(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(v.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(v.Uint()), true
	}
	return 0, false
}

// asset returns the fingerprinted URL of a static file, e.g. css/site.css →
// /css/site.1a2b3c4d5e.css, and remembers to write that copy. Fingerprinted
// files never change, so servers may cache them for a year.
func (r *Renderer) asset(name string, used *[]string) (string, error) {
	name = strings.TrimPrefix(name, "/")
	note(used, name)
	r.mu.Lock()
	defer r.mu.Unlock()
	if u, ok := r.assets[name]; ok {
		return u, nil
	}
	data, err := fs.ReadFile(r.fsys, load.StaticDir+"/"+name)
	if err != nil {
		return "", fmt.Errorf("asset %q: no such file in static/", name)
	}
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	u := "/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
	r.assets[name] = u
	return u, nil
}

func (r *Renderer) langAttr(x any) (template.HTMLAttr, error) {
	var lang string
	switch v := x.(type) {
	case nil: // a record whose fields are all translated has no Untranslated
	case bool:
		if v {
			lang = r.site.Lang
			if r.site.Default != nil {
				lang = r.site.Default.Lang
			}
		}
	case *model.Page:
		if v != nil && v.Lang != r.site.Lang {
			lang = v.Lang
		}
	default:
		return "", fmt.Errorf("lang takes true or false (.Untranslated.Name) or a page, not %T", x)
	}
	if lang == "" {
		return "", nil
	}
	return template.HTMLAttr(` lang="` + html.EscapeString(lang) + `"`), nil // #nosec: an escaped language code
}

// note adds the key of a registered asset to used, if it is not nil.
func note(used *[]string, key string) {
	if used != nil {
		*used = append(*used, key)
	}
}
