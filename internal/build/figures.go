package build

import (
	"strings"
	"sync"

	"sats/internal/diag"
	"sats/internal/figures"
	"sats/internal/load"
	"sats/internal/model"
	"sats/internal/pool"
)

// figures publishes every figure of every language (package figures): its
// downloads go into the language's open data folder (/data/<id>.csv, .xlsx,
// …), and what its page shows of them (the chart, the summary, the
// citation, each download's format and size, the schema.org Dataset) goes
// onto the figure for the pages step. Then the catalog of them all goes into
// the open data folder of the site's own language, and each language's
// folder gets a zip of all its files (figures.Archive, Site.DataArchive).
// The step runs on every
// build, incremental or not: the files are cheap and their sizes are on the
// pages.
func (b *builder) figures() error {
	if kept, err := b.keepFigures(); kept || err != nil {
		return err
	}
	var cache figures.Cache
	if c := b.opts.Render.Images; c != nil {
		cache = c // the PNGs of the charts are kept with the resized images
	}
	pub, err := figures.New(b.in.Data.Results, cache)
	if err != nil {
		return err
	}
	// The figures are published on every core, each worker with a publisher
	// of its own (a Publisher is not safe for concurrent use).
	type job struct {
		f *model.Figure
		m figures.Meta
	}
	var jobs []job
	var langs []figures.Language
	var sites []*model.Site // the site of each of langs
	for _, s := range b.sites {
		if s.Sections[model.KindDatasets] == nil {
			continue
		}
		m := figures.MetaOf(s)
		for _, f := range s.Figures {
			jobs = append(jobs, job{f, m})
		}
		langs = append(langs, figures.Language{Meta: m, Figures: s.Figures})
		sites = append(sites, s)
	}
	errs := make([]error, len(jobs))
	published := make([][]figures.File, len(jobs))
	type worker struct {
		p   *figures.Publisher
		err error
	}
	first := true
	var mu sync.Mutex
	pool.EachWith(len(jobs), func() worker {
		mu.Lock()
		defer mu.Unlock()
		if first { // the publisher made above serves the first worker
			first = false
			return worker{p: pub}
		}
		p, err := figures.New(b.in.Data.Results, cache)
		return worker{p, err}
	}, func(w worker, i int) {
		if errs[i] = w.err; w.err == nil {
			published[i], errs[i] = b.publish(w.p, jobs[i].f, jobs[i].m)
		}
	})
	var problems diag.List
	for _, err := range errs {
		problems.Append(err)
	}
	if err := problems.Err(); err != nil || len(langs) == 0 {
		return err
	}
	catalog, err := pub.Catalog(langs)
	if err != nil {
		return err
	}
	catalogPath := strings.TrimPrefix(langs[0].Meta.DataURL, "/") + figures.CatalogFile
	if err := b.writeFile(catalogPath, catalog); err != nil {
		return err
	}
	files := map[string][]byte{catalogPath: catalog}
	for _, fs := range published {
		for _, f := range fs {
			files[f.Path] = f.Data
		}
	}
	return b.archives(langs, sites, files)
}

// publish publishes one figure with p: its files are written, and what its
// page shows goes onto f. It returns the files, for the zip.
func (b *builder) publish(p *figures.Publisher, f *model.Figure, m figures.Meta) ([]figures.File, error) {
	pub, err := p.Figure(f, m)
	if err != nil {
		return nil, err
	}
	f.Summary, f.Chart, f.Citation, f.LD = pub.Summary, pub.Chart, pub.Citation, pub.LD
	f.Downloads = nil
	for _, file := range pub.Files {
		if err := b.writeFile(file.Path, file.Data); err != nil {
			return nil, err
		}
		f.Downloads = append(f.Downloads, file.Download)
	}
	return pub.Files, nil
}

// keepFigures takes what the previous build published of the figures when
// only content/ changed since: figures are made of data/ alone. It reports
// whether it did.
func (b *builder) keepFigures() (bool, error) {
	if b.prev == nil || len(b.changed) == 0 || len(b.prev.sites) != len(b.sites) {
		return false, nil
	}
	for c := range b.changed {
		if !strings.HasPrefix(c, load.ContentDir+"/") {
			return false, nil
		}
	}
	type published struct {
		fig   *model.Figure
		files []string
	}
	var keep []published
	catalog := false
	for i, s := range b.sites {
		old := map[string]*model.Figure{}
		for _, f := range b.prev.sites[i].Figures {
			old[f.ID] = f
		}
		for _, f := range s.Figures {
			o := old[f.ID]
			if o == nil {
				return false, nil
			}
			f.Summary, f.Chart, f.Citation, f.LD, f.Downloads = o.Summary, o.Chart, o.Citation, o.LD, o.Downloads
			var files []string
			for _, d := range o.Downloads {
				files = append(files, strings.TrimPrefix(d.URL, "/"))
			}
			keep = append(keep, published{f, files})
		}
		// The catalog is in the open data folder of the first language
		// that has one; every such folder has its zip.
		if dl := s.Sections[model.KindDatasets]; dl != nil && !catalog {
			catalog = true
			keep = append(keep, published{nil, []string{strings.TrimPrefix(dl.URL, "/") + figures.CatalogFile}})
		}
		if zip := b.prev.sites[i].DataArchive; zip != nil {
			s.DataArchive = zip
			keep = append(keep, published{nil, []string{strings.TrimPrefix(zip.URL, "/")}})
		}
	}
	for _, k := range keep {
		for _, name := range k.files {
			if _, ok := b.prev.files[name]; !ok {
				return false, nil // the previous build has not got it: make everything again
			}
		}
	}
	for _, k := range keep {
		for _, name := range k.files {
			if err := b.writeFile(name, b.prev.files[name]); err != nil {
				return false, err
			}
		}
	}
	return true, nil
}

// writeFile writes a generated file and lets the link checker know of it.
func (b *builder) writeFile(name string, data []byte) error {
	if err := b.target.WriteFile(name, data); err != nil {
		return err
	}
	b.check.AddFile(name)
	b.count(&b.res.Files, len(data))
	return nil
}
