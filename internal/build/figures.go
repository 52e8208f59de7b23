package build

import (
	"strings"

	"sats/internal/diag"
	"sats/internal/figures"
	"sats/internal/model"
)

// figures publishes every figure of every language (package figures): its
// downloads go into the language's open data folder (/data/<id>.csv, .xlsx,
// …), and what its page shows of them (the chart, the summary, the
// citation, each download's format and size, the schema.org Dataset) goes
// onto the figure for the pages step. Then the catalog of them all goes into
// the open data folder of the site's own language. The step runs on every
// build, incremental or not: the files are cheap and their sizes are on the
// pages.
func (b *builder) figures() error {
	var cache figures.Cache
	if c := b.opts.Render.Images; c != nil {
		cache = c // the PNGs of the charts are kept with the resized images
	}
	pub, err := figures.New(b.in.Data.Results, cache)
	if err != nil {
		return err
	}
	var langs []figures.Language
	var problems diag.List
	for _, s := range b.sites {
		if s.Sections[model.KindDatasets] == nil {
			continue
		}
		m := figures.MetaOf(s)
		for _, f := range s.Figures {
			p, err := pub.Figure(f, m)
			if err != nil {
				problems.Append(err)
				continue
			}
			f.Summary, f.Chart, f.Citation, f.LD = p.Summary, p.Chart, p.Citation, p.LD
			f.Downloads = nil
			for _, file := range p.Files {
				if err := b.writeFile(file.Path, file.Data); err != nil {
					return err
				}
				f.Downloads = append(f.Downloads, file.Download)
			}
		}
		langs = append(langs, figures.Language{Meta: m, Figures: s.Figures})
	}
	if err := problems.Err(); err != nil || len(langs) == 0 {
		return err
	}
	catalog, err := pub.Catalog(langs)
	if err != nil {
		return err
	}
	return b.writeFile(strings.TrimPrefix(langs[0].Meta.DataURL, "/")+figures.CatalogFile, catalog)
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
