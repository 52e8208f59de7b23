// Package build owns the order of a build: it runs the stages load → model →
// render → write as a flat list of timed steps, and is the one place that
// knows that order.
//
//	load       read content/, data/, layouts/ and static/ (package load)
//	model      pages, URLs, references, figures (package model)
//	templates  parse the layouts once (package render)
//	markdown   convert every Markdown body to HTML, in parallel
//	figures    charts, downloads and the data catalog of the figures (package figures)
//	pages      execute the layouts, minify, write, in parallel
//	files      feeds, sitemap, robots.txt, fingerprinted assets
//	search     the index of every search page (package search)
//	static     copy static/ (minifying CSS, JS, SVG, JSON, XML)
//	images     resized copies of static/'s JPEG and PNG images (render, cached)
//	links      every internal link and #anchor must arrive
//	headers    _headers and nginx-headers.conf: the response headers (package headers)
//	commit     swap the new output in for the old (package write)
//
// Nothing reaches the target folder before the last step: a build that fails
// at any step leaves the previous output as it was.
package build

import (
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"sats/internal/diag"
	"sats/internal/links"
	"sats/internal/load"
	"sats/internal/model"
	"sats/internal/pool"
	"sats/internal/render"
)

// Target receives the output files. write.Dir is the Target of a real build;
// tests use a map in memory; a check writes nowhere.
type Target interface {
	WriteFile(name string, data []byte) error
	Commit() error
	Abort() error
}

// Options of a build.
type Options struct {
	Model  model.Options
	Render render.Options
}

// Result tells what a build did.
type Result struct {
	Site     *model.Site
	Pages    int // HTML pages
	Rendered int // pages rendered by this build (fewer than Pages when incremental)
	Files    int // feeds, sitemap, assets, …
	Static   int // files copied from static/
	Bytes    int64
	Steps    []Step
}

// Step is one timed step of a build.
type Step struct {
	Name     string
	Duration time.Duration
}

// Total is the time all steps took.
func (r *Result) Total() time.Duration {
	var t time.Duration
	for _, s := range r.Steps {
		t += s.Duration
	}
	return t
}

// Build builds the site in fsys into target. On any error it aborts the
// target and returns the problems (a diag.List where they are the user's).
func Build(fsys fs.FS, target Target, opts Options) (res *Result, err error) {
	b := &builder{fsys: fsys, target: target, opts: opts, res: &Result{}, check: links.NewChecker(),
		searchIndexes: map[string]*lazyIndex{}}
	return b.run()
}

func (b *builder) run() (res *Result, err error) {
	b.target = recordNames(b.target) // the headers step lists every file written
	res, target := b.res, b.target
	defer func() {
		if err != nil {
			_ = target.Abort()
		}
	}()
	steps := []struct {
		name string
		run  func() error
	}{
		{"load", b.load},
		{"model", b.model},
		{"templates", b.templates},
		{"markdown", b.markdown},
		{"figures", b.figures},
		{"pages", b.pages},
		{"files", b.files},
		{"search", b.search},
		{"static", b.static},
		{"images", b.images},
		{"links", b.links},
		{"headers", b.headers},
		{"commit", target.Commit},
	}
	for _, s := range steps {
		start := time.Now()
		err := s.run()
		res.Steps = append(res.Steps, Step{Name: s.name, Duration: time.Since(start)})
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

type builder struct {
	fsys   fs.FS
	target Target
	opts   Options
	res    *Result
	in     *load.Input
	site   *model.Site   // the site in its own language
	sites  []*model.Site // the site in every language, its own first
	r      *render.Renderer
	rs     map[*model.Site]*render.Renderer
	check  *links.Checker
	mu     sync.Mutex

	// Incremental builds: the previous build, the files changed since, and
	// whether every page must be rendered again all the same.
	prev    *State
	changed map[string]bool
	all     bool
	scans   map[string]*links.Doc // page output path → its links and ids

	searchIndexes map[string]*lazyIndex // by language: for the next build
}

func (b *builder) load() (err error) {
	if b.prev != nil {
		b.in, err = load.Reload(b.fsys, b.prev.in, slices.Sorted(maps.Keys(b.changed)))
		return err
	}
	b.in, err = load.Load(b.fsys)
	return err
}

func (b *builder) model() (err error) {
	var problems diag.List
	b.sites = nil
	for _, lang := range b.in.Config.Langs() {
		opts := b.opts.Model
		opts.Lang = lang
		s, err := model.New(b.in, opts)
		problems.Append(err)
		if s != nil {
			b.sites = append(b.sites, s)
		}
	}
	model.Link(b.sites)
	b.site = b.sites[0]
	b.res.Site = b.site
	err = problems.Err()
	if err == nil {
		b.all = b.mustRenderAll()
	}
	return err
}

func (b *builder) templates() (err error) {
	// Each language's layouts are parsed on a core of their own.
	rs := make([]*render.Renderer, len(b.sites))
	errs := make([]error, len(b.sites))
	var wg sync.WaitGroup
	for i, s := range b.sites {
		if old := b.reusable(s.Lang); old != nil {
			rs[i] = old.Reuse(s)
			continue
		}
		wg.Go(func() { rs[i], errs[i] = render.New(s, b.in, b.opts.Render) })
	}
	wg.Wait()
	var problems diag.List
	b.rs = map[*model.Site]*render.Renderer{}
	for i, s := range b.sites {
		problems.Append(errs[i])
		b.rs[s] = rs[i]
	}
	b.r = b.rs[b.site]
	return problems.Err()
}

// pagesOf lists the pages of every language.
func (b *builder) allPages() []*model.Page {
	if len(b.sites) == 1 {
		return b.site.Pages
	}
	var all []*model.Page
	for _, s := range b.sites {
		all = append(all, s.Pages...)
	}
	return all
}

// parallel runs fn for every page on all cores and collects the problems.
func parallel(pages []*model.Page, fn func(*model.Page) error) error {
	errs := make([]error, len(pages))
	pool.Each(len(pages), func(i int) { errs[i] = fn(pages[i]) })
	var problems diag.List
	for _, err := range errs {
		problems.Append(err)
	}
	return problems.Err()
}

func (b *builder) markdown() error {
	// Several pages share one document (the pages of the news list); convert
	// each document once.
	pages := b.allPages()
	var docs []*model.Page
	first := map[*load.Document]*model.Page{}
	for _, p := range pages {
		if p.Doc != nil && first[p.Doc] == nil {
			first[p.Doc] = p
			docs = append(docs, p)
		}
	}
	var convert []*model.Page
	for _, p := range docs {
		if old := b.previous(p); old != nil && !b.all && old.Doc == p.Doc {
			p.Content, p.Headings = old.Content, old.Headings
			continue
		}
		convert = append(convert, p)
	}
	err := parallel(convert, func(p *model.Page) error { return b.rs[p.Site].Markdown(p) })
	for _, p := range pages {
		if d := first[p.Doc]; d != nil && d != p {
			p.Content, p.Headings = d.Content, d.Headings
		}
	}
	return err
}

func (b *builder) pages() error {
	base := b.site.Config.BaseURL
	var render []*model.Page
	var kept []*model.Page
	rendered := map[string]bool{}
	for _, p := range b.allPages() {
		if b.affected(p) {
			render = append(render, p)
			rendered[p.URL] = true
		} else {
			kept = append(kept, p)
		}
	}
	// A page that did not change keeps its links: they need checking again
	// only where they point at an anchor of a page that is rendered again.
	for _, p := range kept {
		out, d := b.prev.files[p.Out], b.prev.scans[p.Out]
		b.check.AddPage(p.URL, p.Out, d, b.all)
		for _, f := range d.Frags {
			if target, _, _ := strings.Cut(f, "#"); rendered[target] {
				b.check.AddLinks(p.URL, []string{f})
			}
		}
		b.scan(p.Out, d)
		b.count(&b.res.Pages, len(out))
		if err := b.target.WriteFile(p.Out, out); err != nil {
			return err
		}
	}
	b.res.Rendered = len(render)
	return parallel(render, func(p *model.Page) error {
		r := b.rs[p.Site]
		out, err := r.Page(p)
		if err != nil {
			return err
		}
		d := links.Scan(out, base, p.URL)
		b.check.AddPage(p.URL, p.Out, d, true)
		b.scan(p.Out, d)
		out = r.Inject(out)
		b.count(&b.res.Pages, len(out))
		return b.target.WriteFile(p.Out, out)
	})
}

// scan keeps a page's links for the next incremental build.
func (b *builder) scan(out string, d *links.Doc) {
	if b.scans == nil {
		return
	}
	b.mu.Lock()
	b.scans[out] = d
	b.mu.Unlock()
}

func (b *builder) count(n *int, size int) {
	b.mu.Lock()
	*n++
	b.res.Bytes += int64(size)
	b.mu.Unlock()
}

func (b *builder) files() error {
	var files []render.File
	for _, site := range b.sites {
		fs, err := b.rs[site].Files()
		if err != nil {
			return err
		}
		files = append(files, fs...)
	}
	for _, f := range files {
		if err := b.target.WriteFile(f.Path, f.Data); err != nil {
			return err
		}
		b.check.AddFile(f.Path)
		b.count(&b.res.Files, len(f.Data))
	}
	return nil
}

func (b *builder) static() error {
	var problems diag.List
	for _, name := range b.in.Static {
		if b.prev != nil && !b.changed[load.StaticDir+"/"+name] {
			if data, ok := b.prev.files[name]; ok {
				if err := b.target.WriteFile(name, data); err != nil {
					return err
				}
				b.check.AddFile(name)
				b.count(&b.res.Static, len(data))
				continue
			}
		}
		data, err := fs.ReadFile(b.fsys, load.StaticDir+"/"+name)
		if err == nil {
			data, err = b.r.Minify(name, data)
		}
		if err == nil {
			err = b.target.WriteFile(name, data)
		}
		if err != nil {
			problems.Add(diag.Pos{Path: load.StaticDir + "/" + name}, "%v", err)
			continue
		}
		b.check.AddFile(name)
		b.count(&b.res.Static, len(data))
	}
	return problems.Err()
}

func (b *builder) links() error {
	var problems diag.List
	for _, br := range b.check.Check() {
		for _, from := range br.From {
			pos := diag.Pos{Path: "(generated " + from + ")"}
			if p := b.pageByURL(from); p != nil {
				pos = p.Pos()
			}
			problems.Add(pos, "broken link to %s from page %s: %s; correct the link or create the page", br.Target, from, br.Reason)
		}
	}
	return problems.Err()
}

// Summary describes a result in one line for people.
func (r *Result) Summary(dest string) *diag.Message {
	if dest == "" {
		return diag.Msg("built %d pages, %d other files and %d static files (%s) in %s", r.Pages, r.Files, r.Static, sizeString(r.Bytes), roundDuration(r.Total()))
	}
	return diag.Msg("built %d pages, %d other files and %d static files (%s) in %s → %s", r.Pages, r.Files, r.Static, sizeString(r.Bytes), roundDuration(r.Total()), dest)
}

func sizeString(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d kB", n>>10)
}

func roundDuration(d time.Duration) time.Duration {
	if d > time.Second {
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(100 * time.Microsecond)
}

// Discard is a Target that writes nothing, for checking a site.
type Discard struct{}

func (Discard) WriteFile(string, []byte) error { return nil }
func (Discard) Commit() error                  { return nil }
func (Discard) Abort() error                   { return nil }

// pageByURL finds a page of any language.
func (b *builder) pageByURL(url string) *model.Page {
	for _, s := range b.sites {
		if p := s.PageByURL(url); p != nil {
			return p
		}
	}
	return nil
}
