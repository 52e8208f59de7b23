package build

import (
	"slices"
	"strings"

	"sats/internal/headers"
	"sats/internal/model"
	"sats/internal/render"
)

// Output files of the headers step, at the output root.
const (
	netlifyHeadersFile = "_headers"
	nginxHeadersFile   = "nginx-headers.conf"
)

// headers writes the site's response headers for the servers it may be put
// on (package headers): _headers for Netlify and Cloudflare Pages and
// nginx-headers.conf for nginx. It runs after every other file is written,
// since the _headers file gives cache lifetimes file by file.
func (b *builder) headers() error {
	files := b.names()
	slices.Sort(files)
	pol := headers.Policy{DataDirs: b.dataDirs()}
	netlify, nginx := pol.Netlify(files), pol.Nginx()
	for _, f := range []render.File{{Path: netlifyHeadersFile, Data: netlify}, {Path: nginxHeadersFile, Data: nginx}} {
		if _, err := b.emit(f.Path, f.Data); err != nil {
			return err
		}
	}
	return b.outs.err() // a static file named _headers is reported, not written over
}

func (b *builder) dataDirs() []string {
	var dirs []string
	for _, s := range b.sites {
		if p := s.Sections[model.KindDatasets]; p != nil {
			dirs = append(dirs, strings.Trim(p.URL, "/"))
		}
	}
	return dirs
}

// recordNames wraps a target so that the headers step knows every file the
// build wrote.
