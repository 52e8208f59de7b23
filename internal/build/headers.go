package build

import (
	"slices"
	"strings"
	"sync"

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
	var files []string
	if rec, ok := b.target.(*recorder); ok {
		files = rec.names()
	}
	pol := headers.Policy{DataDirs: b.dataDirs()}
	if err := b.target.WriteFile(netlifyHeadersFile, pol.Netlify(files)); err != nil {
		return err
	}
	return b.target.WriteFile(nginxHeadersFile, pol.Nginx())
}

// dataDirs lists the open data folders of every language: data, en/data.
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
func recordNames(t Target) Target {
	if _, ok := t.(*recorder); ok {
		return t
	}
	return &recorder{Target: t, seen: map[string]bool{}}
}

type recorder struct {
	Target
	mu   sync.Mutex
	seen map[string]bool
}

func (r *recorder) WriteFile(name string, data []byte) error {
	r.note(name)
	return r.Target.WriteFile(name, data)
}

func (r *recorder) note(name string) {
	r.mu.Lock()
	r.seen[name] = true
	r.mu.Unlock()
}

// names returns the files written so far, sorted.
func (r *recorder) names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	names := make([]string, 0, len(r.seen))
	for n := range r.seen {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
