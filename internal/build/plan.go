package build

import (
	"io/fs"
	"slices"
	"strings"
	"time"

	"sats/internal/diag"
	"sats/internal/links"
	"sats/internal/load"
	"sats/internal/model"
	"sats/internal/pool"
	"sats/internal/render"
)

// plan puts every file of the site into the table of outputs: the pages,
// the feeds and sitemap, the search indexes, the resized images and the files
// of static/ (the figures step has put the figure downloads there already).
// Static files come last, so that one at the path of a generated file is the
// one reported.
func (b *builder) plan() error {
	for _, p := range b.allPages() {
		b.outs.add(&output{name: p.Out, from: p.Pos(), page: p})
	}
	for _, s := range b.sites {
		for _, j := range b.rs[s].Files() {
			b.outs.add(&output{name: j.Path, from: generated, make: j.Make, bodies: j.Bodies})
		}
	}
	b.searchFiles()
	images, err := b.r.Images(b.in.Static)
	if err != nil {
		return err
	}
	for _, f := range images {
		b.outs.addData(f.Path, generated, f.Data)
	}
	for _, name := range b.in.Static {
		file := load.StaticDir + "/" + name
		minify := b.r.Minifies(name)
		if info, err := fs.Stat(b.fsys, file); err == nil && info.Size() > maxMinified {
			minify = false
		}
		o := &output{name: name, from: diag.Pos{Path: file}, make: func() ([]byte, error) {
			data, err := fs.ReadFile(b.fsys, file)
			if err == nil && minify {
				data, err = b.r.Minify(name, data)
			}
			if err != nil {
				return nil, diag.Errorf(diag.Pos{Path: file}, "%v", err)
			}
			return data, nil
		}}
		if !minify {
			o.stream = file // copied as it is: a build streams it (copyStatic)
		}
		b.outs.add(o)
	}
	return b.outs.err()
}

// makeFile makes one output: a page is rendered (or taken from the page
// cache), its links noted for the link check, and the preview's script
// added (makePage).
func (b *builder) makeFile(o *output) {
	switch {
	case o.page != nil:
		b.makePage(o)
	case o.bodies != nil && b.siteKey != nil:
		b.makeKeyed(o)
	case o.make != nil:
		o.data, o.err = o.make()
	}
}

// makeAll makes every file of the table, on every core. With write, each
// file goes to the target as soon as it is made, and is not kept. Files
// added while the others are made (outputs.later) are made after them.
func (b *builder) makeAll(write bool) error {
	b.outs.start()
	list := b.outs.all()
	err := b.makeList(list, write)
	b.outs.wait()
	if err == nil {
		err = b.outs.err()
	}
	if err != nil {
		return err
	}
	return b.makeList(b.outs.all()[len(list):], write)
}

func (b *builder) makeList(list []*output, write bool) error {
	errs := make([]error, len(list))
	pool.Each(len(list), func(i int) {
		if b.stop.Load() {
			errs[i] = errStopped
			return
		}
		o := list[i]
		if c, ok := b.target.(copier); ok && write && o.stream != "" {
			size, err := b.copyStatic(c, o)
			errs[i] = err
			b.count(o, size)
			return
		}
		data, err := o.get(b.makeFile)
		size := len(data)
		switch {
		case err != nil || !write:
		case o.data == nil && o.kept > 0:
			size = o.kept // kept in the output as the last build wrote it
		case o.sum != nil && b.sums != nil:
			err = b.sums.WriteSum(o.name, data, *o.sum)
		default:
			err = b.target.WriteFile(o.name, data)
		}
		if write {
			o.data = nil // written: a large site is not kept in memory
		}
		errs[i] = err
		b.count(o, size)
	})
	var problems diag.List
	for _, err := range errs {
		problems.Append(err)
	}
	return problems.Err()
}

func (b *builder) count(o *output, size int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case o.page != nil:
		b.res.Pages++
	case strings.HasPrefix(o.from.Path, load.StaticDir+"/"):
		b.res.Static++
	default:
		b.res.Files++
	}
	b.res.Bytes += int64(size)
}

// assets makes the fingerprinted copies of the static files the pages asked
// for (and the share images), after every page is made.
func (b *builder) assets() error {
	// The languages' assets are made side by side, then emitted in order.
	made := make([][]render.File, len(b.sites))
	errs := make([]error, len(b.sites))
	pool.Each(len(b.sites), func(i int) { made[i], errs[i] = b.rs[b.sites[i]].Assets() })
	for i := range b.sites {
		files, err := made[i], errs[i]
		if err != nil {
			return err
		}
		for _, f := range files {
			if b.outs.lookup(f.Path) != nil {
				continue // asked for by the pages of more than one language
			}
			o, err := b.emit(f.Path, f.Data)
			if err != nil {
				return err
			}
			if o != nil {
				b.count(o, len(f.Data))
			}
		}
	}
	return b.outs.err()
}

// links checks that every internal link and #anchor of every page arrives,
// and that no page links to a page that will expire before it does: that
// link would break on the day, in a build nobody watches.
func (b *builder) links() error {
	check := links.NewChecker()
	for _, o := range b.outs.all() {
		if o.page != nil && o.doc != nil {
			check.AddPage(o.page.URL, o.name, o.doc)
		} else {
			check.AddFile(o.name)
		}
	}
	var problems diag.List
	written := map[*model.Page][]render.LinkPos{} // the Markdown links of pages with broken ones
	for _, br := range check.Check() {
		for _, from := range br.From {
			at := []diag.Pos{{Path: "(generated " + from + ")"}}
			if p := b.pageByURL(from); p != nil {
				at = []diag.Pos{p.Pos()}
				if _, ok := written[p]; !ok && p.Doc != nil {
					written[p] = b.rs[p.Site].Links(p)
				}
				if in := linkPositions(written[p], br.Target, b.site.Config.BaseURL, p.URL); len(in) > 0 {
					at = in // where the Markdown has the link; else it is in the layout
				}
			}
			for _, pos := range at {
				problems.Add(pos, "broken link to %s from page %s: %s; correct the link or create the page", br.Target, from, br.Reason)
			}
		}
	}
	problems = append(problems, b.expiringLinks()...)
	return problems.Err()
}

// linkPositions returns where the Markdown links of a page at url lead to
// target.
func linkPositions(written []render.LinkPos, target, base, url string) []diag.Pos {
	var at []diag.Pos
	for _, l := range written {
		if t, ok := links.Resolve(l.Target, base, url); ok && t == target {
			at = append(at, l.Pos)
		}
	}
	return at
}

// expiringLinks reports the links that editors wrote in a page's text to a
// page with an expiryDate, unless the page they are in expires first. Lists
// made by the layouts drop a page when it expires; a link in a text does not.
func (b *builder) expiringLinks() diag.List {
	var problems diag.List
	if !slices.ContainsFunc(b.allPages(), func(p *model.Page) bool { return !p.Expiry.IsZero() }) {
		return nil // no page expires: no text can link to one that does
	}
	seen := map[*load.Document]bool{}
	for _, p := range b.allPages() {
		content := b.content(p)
		if p.Doc == nil || seen[p.Doc] || content == "" {
			continue
		}
		seen[p.Doc] = true
		var written []render.LinkPos // the page's Markdown links, read when one is reported
		for _, l := range links.Scan([]byte(content), b.site.Config.BaseURL, p.URL).Links {
			url, _, _ := strings.Cut(l, "#")
			t := b.pageByURL(url)
			if t == nil || t.Expiry.IsZero() || (!p.Expiry.IsZero() && !p.Expiry.After(t.Expiry)) {
				continue
			}
			if written == nil {
				written = b.rs[p.Site].Links(p)
			}
			at := linkPositions(written, l, b.site.Config.BaseURL, p.URL)
			if len(at) == 0 {
				at = []diag.Pos{p.Pos()}
			}
			for _, pos := range at {
				problems.Add(pos, "link to %s, which expires on %s (the expiryDate of %s): from that day the link is broken and the site no longer builds; remove the link, or the expiryDate",
					url, t.Expiry.In(b.site.Location).Format(time.DateOnly), t.Pos().Path)
			}
		}
	}
	return problems
}

// names lists every file of the table.
func (b *builder) names() []string {
	list := b.outs.all()
	names := make([]string, len(list))
	for i, o := range list {
		names[i] = o.name
	}
	return names
}
