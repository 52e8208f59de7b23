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
// The parsed layouts (Layouts) serve every build whose layout files are the
// same; each build's Renderer clones the layouts its pages need and binds the
// template functions to itself, so they read that build's site and no other.
// A document's Markdown is converted by Convert into a Converted that lists
// what the conversion looked up, so that the next build can keep it while
// those answers hold (Holds).
package render

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"regexp"
	"slices"
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
//
// A Renderer belongs to one build: its template functions read that build's
// site and nothing else. The parsed layouts (Layouts) are shared between
// builds; each Renderer binds its own copy of a layout the first time a page
// needs it.
type Renderer struct {
	site   *model.Site
	fsys   fs.FS
	opts   Options
	md     goldmark.Markdown
	mdKey  string // what the Markdown configuration is made of (Converted)
	min    *minify.M
	parsed *Layouts

	// feedLists is computed once per renderer: the pages that have feeds.
	feedLists func() []feed

	mu     sync.Mutex
	assets map[string]string // static path → fingerprinted URL

	// body returns a page's converted Markdown (UseBodies); nil when the
	// pages carry their own (Markdown).
	body func(*model.Page) *Converted
}

// UseBodies tells the renderer where the pages' converted Markdown is: a
// layout then sees the body of the page it renders and of no other, since
// the model's pages hold none (see Page). Call it before any page is
// rendered.
func (r *Renderer) UseBodies(body func(*model.Page) *Converted) { r.body = body }

// withBody returns the page a layout runs on: with UseBodies, a shallow copy
// of p holding its own body; else p.
func (r *Renderer) withBody(p *model.Page) *model.Page {
	if r.body == nil {
		return p
	}
	cp := *p
	cp.Content, cp.Headings = "", nil
	if c := r.body(p); c != nil {
		cp.Content, cp.Headings = c.Content, c.Headings
	}
	return &cp
}

// Layouts are the parsed layouts of a site: layouts/base.html and every
// partial (root, never executed), and the source of each page layout. A
// copy of a page layout is root cloned with the page layout parsed into it
// and the template functions bound to it (bound); ParseLayouts makes one of
// each, and Renderer.layout more when pages of one layout are rendered at
// the same time. The same Layouts serve every build whose layout files are
// the same (see ParseLayouts).
type Layouts struct {
	root  *template.Template
	pages map[string]string // page layout name → its source
	paths map[string]string // template name → file, for messages
	Key   [32]byte          // the hash of the layout files they were parsed from

	// The copies of the page layouts not rendering a page now, by layout
	// name, for the renderers of every language (see Renderer.layout).
	mu   sync.Mutex
	free map[string][]*bound
}

// copyOf returns a new copy of a page layout.
func (ls *Layouts) copyOf(name, src string) (*bound, error) {
	t, err := ls.root.Clone()
	if err == nil {
		_, err = t.New(name).Parse(src)
	}
	if err != nil {
		return nil, err
	}
	b := &bound{t: t, used: new([]string)}
	t.Funcs(funcsFor(b))
	return b, nil
}

// LayoutsKey is the hash of the layout files: two lists of layouts with the
// same key parse to the same Layouts.
func LayoutsKey(layouts []load.Layout) [32]byte {
	h := sha256.New()
	for _, l := range layouts {
		fmt.Fprintf(h, "%d:%s%d:%s%d:%s", len(l.Name), l.Name, len(l.Path), l.Path, len(l.Src), l.Src)
	}
	return [32]byte(h.Sum(nil))
}

// ParseLayouts parses the layouts. It reports every template that fails to
// parse.
func ParseLayouts(layouts []load.Layout) (*Layouts, error) {
	ls := &Layouts{pages: map[string]string{}, paths: map[string]string{}, Key: LayoutsKey(layouts), free: map[string][]*bound{}}
	var problems diag.List
	// The functions are bound by each Renderer; parsing needs only their names.
	ls.root = template.New("base").Funcs((&Renderer{}).funcs())
	root := ls.root
	var base *load.Layout
	var pages []load.Layout
	for i, l := range layouts {
		ls.paths[l.Name] = l.Path
		switch {
		case l.Name == "base":
			base = &layouts[i]
		case strings.HasPrefix(l.Name, "partials/"):
			if _, err := root.New(l.Name).Parse(l.Src); err != nil {
				problems.Append(ls.templateError(err))
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
		problems.Append(ls.templateError(err))
	}
	for _, l := range pages {
		b, err := ls.copyOf(l.Name, l.Src)
		if err != nil {
			problems.Append(ls.templateError(err))
			continue
		}
		ls.pages[l.Name] = l.Src
		ls.free[l.Name] = []*bound{b}
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	return ls, nil
}

// New returns the renderer of site with the parsed layouts. It reports every
// layout that a page needs and that is missing.
func New(site *model.Site, in *load.Input, layouts *Layouts, opts Options) (*Renderer, error) {
	table := site.T("table")
	r := &Renderer{
		site: site, fsys: in.FS, opts: opts,
		md:     newMarkdown(site.Locale, table),
		mdKey:  site.Lang + "\x00" + table,
		min:    newMinifier(),
		parsed: layouts,
		assets: map[string]string{},
	}
	r.feedLists = sync.OnceValue(r.feeds)
	// Every page needs its layout; report each missing one once.
	var problems diag.List
	missing := map[string][]string{}
	for _, p := range site.Pages {
		if _, ok := layouts.pages[p.Layout]; !ok {
			missing[p.Layout] = append(missing[p.Layout], p.Pos().String())
		}
	}
	for name, from := range missing {
		problems.Add(diag.Pos{Path: load.LayoutDir + "/" + name + ".html"}, "layout is missing, needed by %d page(s) (%s); create it with {{define \"main\"}}…{{end}}", len(from), strings.Join(from[:min(3, len(from))], ", "))
	}
	return r, problems.Err()
}

// bound is a copy of a page layout with the template functions bound to
// the renderer it renders a page for now, and the assets and share images
// that page asked for (see Render). A copy renders one page at a time.
type bound struct {
	t    *template.Template
	r    *Renderer
	used *[]string // the keys of Renderer.assets the page registered
	buf  []byte    // the last page's HTML before minifying, for the next
}

// layout returns a copy of a page layout that no other page is being
// rendered with, bound to r, or nil if there is none. Making a copy takes
// a while (the clone, and html/template's escaping when it first runs), so
// the copies are kept with the layouts for the pages of every language
// (and, in the preview, every build). Give it back with release.
func (r *Renderer) layout(name string) (*bound, error) {
	ls := r.parsed
	ls.mu.Lock()
	if list := ls.free[name]; len(list) > 0 {
		b := list[len(list)-1]
		ls.free[name] = list[:len(list)-1]
		ls.mu.Unlock()
		b.r = r
		return b, nil
	}
	ls.mu.Unlock()
	src, ok := ls.pages[name]
	if !ok {
		return nil, nil
	}
	b, err := ls.copyOf(name, src)
	if err != nil {
		return nil, err
	}
	b.r = r
	return b, nil
}

// release gives back a copy of a layout for the next page.
func (r *Renderer) release(name string, b *bound) {
	*b.used = (*b.used)[:0]
	b.r = nil
	ls := r.parsed
	ls.mu.Lock()
	ls.free[name] = append(ls.free[name], b)
	ls.mu.Unlock()
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

// Minifies reports whether Minify changes a file of this name.
func (r *Renderer) Minifies(name string) bool { return mediaType(name) != "" }

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

// Markdown converts a page's body (Convert) and sets its Content and
// Headings.
func (r *Renderer) Markdown(p *model.Page) error {
	if p.Doc == nil {
		return nil
	}
	c := r.Convert(p.Doc)
	p.Content, p.Headings = c.Content, c.Headings
	return c.Problems.Err()
}

// Page renders a page to minified HTML.
func (r *Renderer) Page(p *model.Page) ([]byte, error) {
	data, _, err := r.Render(p)
	return data, err
}

// Render renders a page to minified HTML and returns, besides, what the page
// registered while it rendered: the keys of the fingerprinted assets and
// share images it asked for, which Assets makes. A page kept from an earlier
// build brings its files by giving them to Replay.
func (r *Renderer) Render(p *model.Page) (data []byte, registered []string, err error) {
	b, err := r.layout(p.Layout)
	if err != nil {
		return nil, nil, err
	}
	if b == nil {
		return nil, nil, diag.Errorf(p.Pos(), "no layout %q; create layouts/%s.html", p.Layout, p.Layout)
	}
	defer r.release(p.Layout, b)
	buf := bytes.NewBuffer(b.buf[:0])
	if err := r.execute(buf, b.t, r.withBody(p)); err != nil {
		return nil, nil, err
	}
	registered = slices.Clone(*b.used)
	slices.Sort(registered)
	registered = slices.Compact(registered)
	if mediaType(p.Out) == "" {
		b.buf = nil // not minified: the page is the buffer, now the caller's
		return buf.Bytes(), registered, nil
	}
	data, err = r.Minify(p.Out, buf.Bytes())
	if !sameArray(data, buf.Bytes()) {
		b.buf = buf.Bytes() // the minified page is a copy: keep the buffer
	}
	return data, registered, err
}

// Replay registers again what a page registered when it was rendered
// (Render), for a page kept from an earlier build: the same assets and
// share images are made as if it had been rendered now.
func (r *Renderer) Replay(registered []string) error {
	for _, key := range registered {
		var err error
		if spec, ok := strings.CutPrefix(key, shareKey); ok {
			bg, fg, _ := strings.Cut(spec, " ")
			_, err = r.shareImage(bg, fg, nil)
		} else {
			_, err = r.asset(key, nil)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// sameArray reports whether a and b share their backing array.
func sameArray(a, b []byte) bool {
	return cap(a) > 0 && cap(b) > 0 && &a[:cap(a)][cap(a)-1] == &b[:cap(b)][cap(b)-1]
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
func (r *Renderer) templateError(err error) error { return r.parsed.templateError(err) }

func (ls *Layouts) templateError(err error) error {
	m := templateErrRE.FindStringSubmatch(err.Error())
	if m == nil {
		return diag.Errorf(diag.Pos{Path: load.LayoutDir}, "%v", err)
	}
	file := cmp.Or(ls.paths[m[1]], load.LayoutDir+"/"+m[1]+".html")
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
	pos := diag.Pos{Path: file, Line: line, Col: col}
	// A template function's own message (figure "x" with an unknown id)
	// is written in the reader's language, after where it was called.
	var fm *diag.Message
	if errors.As(err, &fm) {
		if at, after, ok := strings.Cut(msg, fm.Error()); ok {
			p := diag.Errorf(pos, "template error: %s%s%s", at, fm, after)
			p.Err = err
			return p
		}
	}
	p := diag.Errorf(pos, "template error: %s; %s", msg, hint)
	p.Err = err
	return p
}

func safeHTML(s string) template.HTML { return template.HTML(s) } // #nosec: produced by goldmark with raw HTML off
