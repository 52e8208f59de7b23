// Package build owns the order of a build: it runs the stages load → model →
// render → write as a flat list of timed steps, and is the one place that
// knows that order.
//
//	load       read content/, data/, layouts/ and static/ (package load)
//	model      pages, URLs, references, figures (package model)
//	templates  parse the layouts (package render)
//	markdown   convert every Markdown body to HTML, in parallel
//	figures    charts, downloads and the data catalog of the figures (package figures)
//	plan       the table of output files: every page, feed, sitemap, search
//	           index, resized image and static file, and how each is made
//	digest     with the build cache (Options.Cache): the part of every page's
//	           key that all pages share (cache.go)
//	files      make every file of the table, in parallel, and write it; a
//	           page whose key the build cache holds is not rendered, and is
//	           kept where the output holds it unchanged (write.Dir.Keep)
//	assets     the fingerprinted copies of static files the pages asked for
//	links      every internal link and #anchor must arrive; no text links to
//	           a page that will expire
//	headers    _headers and nginx-headers.conf: the response headers (package headers)
//	commit     put the new output in place (package write)
//	cache      save the build cache for the next build
//
// With the build cache, the load, markdown and search steps take what did
// not change from it too (cache.go): a build after an edit makes again
// only what the edit changed.
//
// Nothing reaches the target folder before commit: a build that fails at
// any step leaves the previous output as it was.
//
// The preview server runs the same steps (Rebuild, State): the first six at
// every save, and the files one by one as a browser asks for them. The table
// of output files (outputs.go) is the one place that says what a build
// makes; Memo (memo.go) says what a rebuild may keep from the one before.
package build

import (
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"sync"
	"sync/atomic"
	"time"

	"sats/internal/diag"
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
	// Cache keeps what a build made for the next one (cache.go); nil makes
	// everything anew. The preview (Rebuild) keeps its results in a Memo in
	// memory, and reads a Cache only when it is given one (Cache.ReadOnly).
	Cache *Cache
}

// Result tells what a build did.
type Result struct {
	Site      *model.Site
	Pages     int // HTML pages
	Kept      int // pages taken from the page cache (Options.Pages), not rendered
	Converted int // Markdown documents converted (the others were kept from the previous build)
	Files     int // feeds, sitemap, assets, …
	Static    int // files copied from static/
	Bytes     int64
	Steps     []Step

	// Content returns the converted Markdown of a page of Site (the
	// model's pages hold none; see render.Renderer.UseBodies).
	Content func(*model.Page) template.HTML
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
	b := newBuilder(fsys, opts, nil)
	b.target = target
	if opts.Cache != nil {
		b.keep, _ = target.(keeper)
		b.sums, _ = target.(sumWriter)
	}
	defer func() {
		if err != nil {
			_ = target.Abort()
		}
	}()
	defer b.background.Wait()
	if err := b.run(b.prepare()); err != nil {
		return b.res, err
	}
	return b.res, b.run(b.finish(true))
}

type step struct {
	name string
	run  func() error
}

// prepare lists the steps that make the model and the table of output files
// (outputs.go). Order matters: the model needs the input; the renderers need
// the model; pages and feeds show the Markdown of other pages, and figure
// pages the charts, so both are made before any file is.
func (b *builder) prepare() []step {
	return []step{
		{"load", b.load},
		{"model", b.model},
		{"templates", b.templates},
		{"markdown", b.markdown},
		{"figures", b.figures},
		{"plan", b.plan},
	}
}

// finish lists the steps that make every file of the table, check the links
// between them and, when write is set, write them to the target.
func (b *builder) finish(write bool) []step {
	var steps []step
	if write && b.opts.Cache != nil {
		steps = append(steps, step{"digest", b.digest})
	}
	steps = append(steps, []step{
		{"files", func() error { return b.makeAll(write) }},
		{"assets", b.assets},   // after the pages: they ask for the assets
		{"links", b.links},     // after every file is made
		{"headers", b.headers}, // after every file is named
	}...)
	if write {
		steps = append(steps, step{"commit", b.target.Commit})
	}
	if write && b.opts.Cache != nil {
		steps = append(steps, step{"cache", b.opts.Cache.save})
	}
	return steps
}

// run runs steps in order, timing each, and stops at the first that fails.
func (b *builder) run(steps []step) error {
	for _, s := range steps {
		start := time.Now()
		err := s.run()
		b.mu.Lock()
		b.res.Steps = append(b.res.Steps, Step{Name: s.name, Duration: time.Since(start)})
		b.mu.Unlock()
		if err != nil {
			return err
		}
	}
	return nil
}

type builder struct {
	fsys   fs.FS
	target Target // nil in memory (State)
	opts   Options
	res    *Result
	in     *load.Input
	site   *model.Site   // the site in its own language
	sites  []*model.Site // the site in every language, its own first
	r      *render.Renderer
	rs     map[*model.Site]*render.Renderer
	outs   *outputs
	mu     sync.Mutex
	// background is the work a build starts ahead of the step that uses
	// it (the search index); Build waits for it before it returns.
	background sync.WaitGroup

	// bodies are the pages' converted Markdown (the markdown step): the
	// model's pages hold none, so that a layout reads only its own page's
	// (render.Renderer.UseBodies); the feeds, the search index and the link
	// check read them here.
	bodies map[*model.Page]*render.Converted

	// siteKey is what every page's key in the page cache starts with (digest).
	siteKey []byte
	// keep and sums are the target as a keeper and a sumWriter, when it is
	// one and the build has a cache.
	keep keeper
	sums sumWriter

	// The previous build's input and memo, when there is one (the preview
	// server), and the files changed since; and this build's memo.
	prevIn  *load.Input
	changed []string
	prev    *Memo
	memo    *Memo

	stop *atomic.Bool // set when the result is no longer wanted (State.Stop); shared with the checks made from a State
}

func newBuilder(fsys fs.FS, opts Options, prev *State) *builder {
	b := &builder{fsys: fsys, opts: opts, res: &Result{}, outs: newOutputs(), memo: newMemo(), stop: new(atomic.Bool)}
	if prev != nil {
		b.prevIn, b.prev = prev.b.in, prev.b.memo
	}
	return b
}

func (b *builder) load() (err error) {
	if b.in != nil {
		return nil // given (State.Check)
	}
	if b.prevIn != nil {
		b.in, err = load.Reload(b.fsys, b.prevIn, b.changed)
		return err
	}
	b.in, err = load.LoadStored(b.fsys, model.FrontMatterSchemas(), b.opts.Cache.step("load"))
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
	return problems.Err()
}

// templates parses the layouts (or takes them from the memo when no layout
// file changed) and makes a renderer for each language.
func (b *builder) templates() (err error) {
	key := render.LayoutsKey(b.in.Layouts)
	layouts := b.prev.parsedLayouts(key)
	if layouts == nil {
		if layouts, err = render.ParseLayouts(b.in.Layouts); err != nil {
			return err
		}
	}
	b.memo.layouts = layouts
	var problems diag.List
	b.rs = map[*model.Site]*render.Renderer{}
	for _, s := range b.sites {
		r, err := render.New(s, b.in, layouts, b.opts.Render)
		problems.Append(err)
		b.rs[s] = r
	}
	b.r = b.rs[b.site]
	return problems.Err()
}

// allPages lists the pages of every language.
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

// markdown converts the body of every document to HTML, once per document
// and language (the pages of a paginated list share one), taking from the
// memo every conversion that still holds.
func (b *builder) markdown() error {
	type doc struct {
		key   mdKey
		r     *render.Renderer
		pages []*model.Page
		c     *render.Converted
	}
	var docs []*doc
	byKey := map[mdKey]*doc{}
	for _, p := range b.allPages() {
		if p.Doc == nil {
			continue
		}
		k := mdKey{p.Doc, p.Site.Lang}
		d := byKey[k]
		if d == nil {
			d = &doc{key: k, r: b.rs[p.Site]}
			byKey[k] = d
			docs = append(docs, d)
		}
		d.pages = append(d.pages, p)
	}
	errs := make([]error, len(docs))
	converted := make([]bool, len(docs))
	pool.Each(len(docs), func(i int) {
		d := docs[i]
		c := b.prev.converted(d.key)
		if c == nil {
			c = b.opts.Cache.storedConversion(d.r, d.key.doc)
		}
		if c == nil || !d.r.Holds(c) {
			c, converted[i] = d.r.Convert(d.key.doc), true
			b.opts.Cache.keepConversion(d.r, d.key.doc, c)
		}
		b.memo.keepConverted(d.key, c)
		d.c = c
		errs[i] = c.Problems.Err()
	})
	b.bodies = map[*model.Page]*render.Converted{}
	b.res.Content = b.content
	for _, d := range docs {
		for _, p := range d.pages {
			b.bodies[p] = d.c
		}
	}
	for _, r := range b.rs {
		r.UseBodies(b.body)
	}
	var problems diag.List
	for i, err := range errs {
		problems.Append(err)
		if converted[i] {
			b.res.Converted++
		}
	}
	return problems.Err()
}

// body returns the converted Markdown of a page, or nil if it has none.
func (b *builder) body(p *model.Page) *render.Converted { return b.bodies[p] }

// bodySum returns the SHA-256 of a page's converted Markdown, if it has
// one (render.Converted.Sum).
func (b *builder) bodySum(p *model.Page) ([32]byte, bool) {
	if c := b.bodies[p]; c != nil {
		return c.Sum, true
	}
	return [32]byte{}, false
}

// content returns the HTML of a page's Markdown.
func (b *builder) content(p *model.Page) template.HTML {
	if c := b.bodies[p]; c != nil {
		return c.Content
	}
	return ""
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
func (Discard) Copy(string, io.Reader) error   { return nil }
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
