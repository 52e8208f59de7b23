package build

import (
	"slices"
	"strings"

	"sats/internal/diag"
	"sats/internal/headers"
	"sats/internal/model"
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
	b.outs.addData(netlifyHeadersFile, diag.Pos{Path: "(generated)"}, netlify)
	b.outs.addData(nginxHeadersFile, diag.Pos{Path: "(generated)"}, nginx)
	if err := b.outs.err(); err != nil || b.target == nil {
		return err // a static file named _headers is not written over
	}
	if err := b.target.WriteFile(netlifyHeadersFile, netlify); err != nil {
		return err
	}
	return b.target.WriteFile(nginxHeadersFile, nginx)
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
