package build

import (
	"crypto/sha256"
	"strings"
	"sync"

	"sats/internal/diag"
	"sats/internal/figures"
	"sats/internal/load"
	"sats/internal/model"
	"sats/internal/pool"
	"sats/internal/render"
)

// figures publishes every figure of every language (package figures): its
// downloads go into the language's open data folder (/data/<id>.csv, .xlsx,
// …), and what its page shows of them (the chart, the summary, the
// citation, each download's format and size, the schema.org Dataset) goes
// onto the figure for the pages. Then the catalog of them all goes into the
// open data folder of the site's own language.
//
// What a figure publishes is a pure function of the figure, the results
// data and the settings it is given; the previous build's result is used
// again when the hash of those is the same. The catalog and the zips are made
// of the published figures and the settings, so their key is the hash of all
// those keys.
func (b *builder) figures() error {
	var langs []figures.Language
	var jobs []figureJob
	catalogKey := sha256.New()
	// The publisher reads the chart style and the themes of the results
	// data; each figure's own data is in its model.Figure.
	pubResults := b.in.Data.Results
	pubResults.Figures = nil
	interfaceStrings := map[string]func(string) string{} // each language's interface strings
	for _, s := range b.sites {
		if s.Sections[model.KindDatasets] == nil {
			continue
		}
		interfaceStrings[s.Lang] = s.T
		m := figures.MetaOf(s)
		langs = append(langs, figures.Language{Meta: m, Figures: s.Figures})
		h := sha256.New()
		// Meta's locale is made of the language; its interface strings
		// are recorded as they are read (stringReads).
		hashValues(h, pubResults, s.Lang, m)
		common := h.Sum(nil)
		catalogKey.Write(common)
		for _, f := range s.Figures {
			in := *f
			in.Page, in.Summary, in.Chart, in.Citation, in.Downloads, in.LD = nil, "", "", "", nil, nil
			h := sha256.New()
			h.Write(common)
			hashValues(h, in, f.Page)
			jobs = append(jobs, figureJob{f: f, m: m, key: [32]byte(h.Sum(nil))})
		}
	}
	if len(langs) == 0 {
		return nil
	}
	var todo []*figureJob
	for i := range jobs {
		j := &jobs[i]
		catalogKey.Write(j.key[:])
		if j.pub = b.prev.publishedFigure(j.key); j.pub == nil || !j.pub.reads.hold(interfaceStrings) {
			todo = append(todo, j)
		}
	}
	if err := b.publishFigures(pubResults, todo); err != nil {
		return err
	}
	for _, j := range jobs {
		b.memo.figures[j.key] = j.pub
		o := j.pub.fig
		j.f.Summary, j.f.Chart, j.f.Citation, j.f.LD, j.f.Downloads = o.Summary, o.Chart, o.Citation, o.LD, o.Downloads
		for _, f := range j.pub.files {
			b.outs.addData(f.Path, j.f.Pos, f.Data)
		}
	}
	// The catalog is in the open data folder of the site's own language;
	// each language's folder has a zip of all its files.
	key := [32]byte(catalogKey.Sum(nil))
	catalog := b.prev.publishedFigure(key)
	if catalog == nil || !catalog.reads.hold(interfaceStrings) {
		var err error
		if catalog, err = b.catalog(pubResults, langs, jobs); err != nil {
			return err
		}
	}
	b.memo.figures[key] = catalog
	for _, f := range catalog.files {
		b.outs.addData(f.Path, diag.Pos{Path: load.DataDir + "/results.yaml"}, f.Data)
	}
	i := 0
	for _, s := range b.sites {
		if s.Sections[model.KindDatasets] != nil {
			s.DataArchive = &catalog.archives[i]
			i++
		}
	}
	return nil
}

// catalog makes the catalog of the published figures and the zip of each
// language's open data folder (figures.Archive).
func (b *builder) catalog(results load.Results, langs []figures.Language, jobs []figureJob) (*publishedFigure, error) {
	pub, err := figures.New(results, nil)
	if err != nil {
		return nil, err
	}
	reads := &stringReads{}
	for i := range langs {
		langs[i].Meta.T = reads.record(langs[i].Meta.Lang, langs[i].Meta.T)
	}
	data, err := pub.Catalog(langs)
	if err != nil {
		return nil, err
	}
	name := strings.TrimPrefix(langs[0].Meta.DataURL, "/") + figures.CatalogFile
	out := &publishedFigure{files: []render.File{{Path: name, Data: data}}, reads: reads}
	files := map[string][]byte{name: data}
	for _, j := range jobs {
		for _, f := range j.pub.files {
			files[f.Path] = f.Data
		}
	}
	for _, l := range langs {
		zip, dl, err := figures.Archive(files, l.Figures, l.Meta)
		if err != nil {
			return nil, diag.Errorf(diag.Pos{Path: load.DataDir + "/results.yaml"}, "cannot make the zip of the open data files: %v; report this as a bug of sats", err)
		}
		out.files = append(out.files, render.File{Path: strings.TrimPrefix(dl.URL, "/"), Data: zip})
		out.archives = append(out.archives, dl)
	}
	return out, nil
}

// publishedFigure is what the figures step made of one figure: what its
// page shows, and its files (or the catalog file, under the catalog's key).
type publishedFigure struct {
	fig      model.Figure
	files    []render.File
	archives []model.Download // the catalog's: the zip of each language, in order
	reads    *stringReads     // the interface strings it read
}

// stringReads records the interface strings a figure read while it was
// published, by language, so that a later build can use it again as long as
// each string is the same (hold): an edit of an unrelated string does not
// draw every chart again.
type stringReads struct {
	mu   sync.Mutex
	read map[[2]string]string // language and key → the string
}

// record returns t, noting each string it gives.
func (r *stringReads) record(lang string, t func(string) string) func(string) string {
	return func(key string) string {
		v := t(key)
		r.mu.Lock()
		if r.read == nil {
			r.read = map[[2]string]string{}
		}
		r.read[[2]string{lang, key}] = v
		r.mu.Unlock()
		return v
	}
}

// hold reports whether every string read is the same in strings (each
// language's interface strings).
func (r *stringReads) hold(strings map[string]func(string) string) bool {
	if r == nil {
		return true
	}
	for k, v := range r.read {
		t := strings[k[0]]
		if t == nil || t(k[1]) != v {
			return false
		}
	}
	return true
}

type figureJob struct {
	f   *model.Figure
	m   figures.Meta
	key [32]byte
	pub *publishedFigure
}

// publishFigures publishes figures on every core, each worker with a
// publisher of its own (a Publisher is not safe for concurrent use).
func (b *builder) publishFigures(results load.Results, jobs []*figureJob) error {
	if len(jobs) == 0 {
		return nil
	}
	var cache figures.Cache
	if c := b.opts.Render.Images; c != nil {
		cache = c // the PNGs of the charts are kept with the resized images
	}
	errs := make([]error, len(jobs))
	type worker struct {
		p   *figures.Publisher
		err error
	}
	pool.EachWith(len(jobs), func() worker {
		p, err := figures.New(results, cache)
		return worker{p, err}
	}, func(w worker, i int) {
		if errs[i] = w.err; w.err != nil {
			return
		}
		j := jobs[i]
		reads := &stringReads{}
		m := j.m
		m.T = reads.record(m.Lang, m.T)
		p, err := w.p.Figure(j.f, m)
		if errs[i] = err; err != nil {
			return
		}
		j.pub = &publishedFigure{fig: model.Figure{Summary: p.Summary, Chart: p.Chart, Citation: p.Citation, LD: p.LD}, reads: reads}
		for _, file := range p.Files {
			j.pub.files = append(j.pub.files, render.File{Path: file.Path, Data: file.Data})
			j.pub.fig.Downloads = append(j.pub.fig.Downloads, file.Download)
		}
	})
	var problems diag.List
	for _, err := range errs {
		problems.Append(err)
	}
	return problems.Err()
}
