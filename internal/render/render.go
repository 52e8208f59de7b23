// Package render owns turning the model into bytes: Markdown bodies into HTML
// (one goldmark instance, configured once), pages into HTML documents through
// the html/template layouts, and the site's other files: news feeds (RSS 2.0
// and Atom), sitemap.xml, robots.txt, fingerprinted assets and the files of
// static/. Every HTML, CSS, JS, SVG, XML and JSON file is minified.
//
// Layouts: layouts/base.html is the document; every file in layouts/partials/
// is a template named by its path ("partials/header"); a page is rendered with
// layouts/<layout>.html, which defines "main" (and may define "head"). The
// templates are parsed once, when the Renderer is made; rendering a page only
// executes them, so pages render in parallel.
//
// Template functions: t, date, monthYear, isoDate, number, decimal, mnok,
// percent, fileSize, absURL, asset, figure, page, first, add, sub, join, slug,
// jsonld (jsonld.go), feeds (files.go) and shareImage (share.go). Their doc
// comments are in funcs.go; docs/templates.md is the manual for editors.
//
// A Renderer made by Reuse keeps the parsed layouts for the next build of the
// same language; the template functions reach the renderer of the current
// build through a shared pointer, so they never read an old site.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	mhtml "github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
	"github.com/yuin/goldmark"

	"sats/internal/diag"
	"sats/internal/load"
	"sats/internal/model"
)

// Options change what is rendered.
type Options struct {
	// Inject is added before </body> of every HTML page (the preview
	// server's reload script); empty for a build.
	Inject string
	// Images keeps resized images between builds (see images.go); nil
	// resizes them on every build.
	Images ImageCache
}

// Renderer renders one site. Its methods may be called concurrently.
type Renderer struct {
	site    *model.Site
	fsys    fs.FS
	opts    Options
	md      goldmark.Markdown
	min     *minify.M
	layouts map[string]*template.Template // by layout name
	paths   map[string]string             // template name → file, for messages

	// cur is the renderer the template functions call. Renderers made by
	// Reuse share it with the one they came from, and point it at themselves.
	cur *current

	// feedLists is computed once per renderer: the pages that have feeds.
	feedLists func() []feed
	// made are the feeds and sitemap Files made; prevFiles those of the
	// renderer this one was reused from, kept where their input is the same.
	made, prevFiles map[string]madeFile

	mu     sync.Mutex
	assets map[string]string // static path → fingerprinted URL
}

type current struct{ r *Renderer }

// Reuse returns a renderer for another build of the same language with the
// same layouts, interface strings and static files: it keeps the parsed (and
// escaped) templates instead of parsing them again, which makes a preview
// rebuild after a content edit cheaper. The renderer it came from must not be
// used afterwards.
func (r *Renderer) Reuse(site *model.Site) *Renderer {
	r.mu.Lock()
	assets := make(map[string]string, len(r.assets))
	for k, v := range r.assets {
		assets[k] = v
	}
	r.mu.Unlock()
	n := &Renderer{site: site, fsys: r.fsys, opts: r.opts, md: r.md, min: r.min,
		layouts: r.layouts, paths: r.paths, cur: r.cur, assets: assets, prevFiles: r.made}
	n.feedLists = sync.OnceValue(n.feeds)
	r.cur.r = n
	return n
}

// New parses the layouts for site. It reports every template that fails to
// parse.
func New(site *model.Site, in *load.Input, opts Options) (*Renderer, error) {
	r := &Renderer{
		site: site, fsys: in.FS, opts: opts,
		md:      newMarkdown(site.Locale, site.T("table")),
		min:     newMinifier(),
		layouts: map[string]*template.Template{},
		paths:   map[string]string{},
		assets:  map[string]string{},
	}
	r.cur = &current{r: r}
	r.feedLists = sync.OnceValue(r.feeds)
	var problems diag.List
	root := template.New("base").Funcs(r.funcs())
	var base *load.Layout
	var pages []load.Layout
	for i, l := range in.Layouts {
		r.paths[l.Name] = l.Path
		switch {
		case l.Name == "base":
			base = &in.Layouts[i]
		case strings.HasPrefix(l.Name, "partials/"):
			if _, err := root.New(l.Name).Parse(l.Src); err != nil {
				problems.Append(r.templateError(err))
			}
		default:
			pages = append(pages, l)
		}
	}
	if base == nil {
		problems.Add(diag.Pos{Path: load.LayoutDir + "/base.html"}, "the base layout is missing; create layouts/base.html with the HTML document and {{block \"main\" .}}{{end}}")
		return nil, problems.Err()
	}
	if _, err := root.Parse(base.Src); err != nil {
		problems.Append(r.templateError(err))
	}
	for _, l := range pages {
		t, err := root.Clone()
		if err == nil {
			_, err = t.New(l.Name).Parse(l.Src)
		}
		if err != nil {
			problems.Append(r.templateError(err))
			continue
		}
		r.layouts[l.Name] = t
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	// Every page needs its layout; report each missing one once.
	missing := map[string][]string{}
	for _, p := range site.Pages {
		if r.layouts[p.Layout] == nil {
			missing[p.Layout] = append(missing[p.Layout], p.Pos().String())
		}
	}
	for name, from := range missing {
		problems.Add(diag.Pos{Path: load.LayoutDir + "/" + name + ".html"}, "layout is missing, needed by %d page(s) (%s); create it with {{define \"main\"}}…{{end}}", len(from), strings.Join(from[:min(3, len(from))], ", "))
	}
	return r, problems.Err()
}

func newMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &mhtml.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true, KeepSpecialComments: false})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("application/json", json.Minify)
	m.AddFunc("application/xml", xml.Minify)
	return m
}

// mediaType returns the media type the minifier handles for a file name, or
// "" for files copied as they are.
func mediaType(name string) string {
	switch {
	case strings.HasSuffix(name, ".html"):
		return "text/html"
	case strings.HasSuffix(name, ".css"):
		return "text/css"
	case strings.HasSuffix(name, ".js"):
		return "application/javascript"
	case strings.HasSuffix(name, ".svg"):
		return "image/svg+xml"
	case strings.HasSuffix(name, ".json"), strings.HasSuffix(name, ".webmanifest"):
		return "application/json"
	case strings.HasSuffix(name, ".xml"):
		return "application/xml"
	}
	return ""
}

// Minify minifies data by the type its name implies; other files are returned
// as they are.
func (r *Renderer) Minify(name string, data []byte) ([]byte, error) {
	mt := mediaType(name)
	if mt == "" {
		return data, nil
	}
	out, err := r.min.Bytes(mt, data)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot minify: %w", name, err)
	}
	return out, nil
}

// Markdown converts the Markdown body of every page that has one, setting
// Content and Headings. It runs before any page is rendered, because lists and
// feeds show other pages' content.
func (r *Renderer) Markdown(p *model.Page) error {
	if p.Doc == nil || p.Content != "" {
		return nil
	}
	return r.convert(p).Err()
}

// Page renders a page to minified HTML.
func (r *Renderer) Page(p *model.Page) ([]byte, error) {
	t := r.layouts[p.Layout]
	if t == nil {
		return nil, diag.Errorf(p.Pos(), "no layout %q; create layouts/%s.html", p.Layout, p.Layout)
	}
	var buf bytes.Buffer
	if err := r.execute(&buf, t, p); err != nil {
		return nil, err
	}
	return r.Minify(p.Out, buf.Bytes())
}

// execute runs a page's layout.
func (r *Renderer) execute(w io.Writer, t *template.Template, p *model.Page) error {
	if err := t.ExecuteTemplate(w, "base", p); err != nil {
		return r.templateError(fmt.Errorf("%w (rendering %s)", err, p.URL))
	}
	return nil
}

// Inject adds Options.Inject before </body> of a rendered page. It is a step
// of its own so that the link check sees the page as a build writes it.
func (r *Renderer) Inject(page []byte) []byte {
	if r.opts.Inject == "" {
		return page
	}
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return page
	}
	return append(page[:i:i], append([]byte(r.opts.Inject), page[i:]...)...)
}

var templateErrRE = regexp.MustCompile(`template: ([^:]+):(\d+)(?::(\d+))?: (.*)`)

// templateError positions a template error at its layout file and line.
func (r *Renderer) templateError(err error) error {
	m := templateErrRE.FindStringSubmatch(err.Error())
	if m == nil {
		return diag.Errorf(diag.Pos{Path: load.LayoutDir}, "%v", err)
	}
	file := r.paths[m[1]]
	if file == "" {
		file = load.LayoutDir + "/" + m[1] + ".html"
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	msg := m[4]
	hint := diag.Msg("check the template syntax")
	switch {
	case strings.Contains(msg, "not defined"):
		hint = diag.Msg("the available functions are listed in docs/templates.md")
	case strings.Contains(msg, "can't evaluate field"):
		hint = diag.Msg("check the field name (see docs/templates.md)")
	case strings.Contains(msg, "nil pointer"):
		hint = diag.Msg("the value may be empty here; guard it with {{with …}} or {{if …}}")
	}
	p := diag.Errorf(diag.Pos{Path: file, Line: line, Col: col}, "template error: %s; %s", msg, hint)
	p.Err = err
	return p
}

func safeHTML(s string) template.HTML { return template.HTML(s) } // #nosec: produced by goldmark with raw HTML off
