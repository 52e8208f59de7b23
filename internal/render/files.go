package render

// The site's files other than pages: the jobs that make the feeds
// (feeds.go), the sitemap and robots.txt, and the fingerprinted assets the
// pages asked for.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"sats/internal/load"
	"sats/internal/model"
)

// File is an output file other than a page.
type File struct {
	Path string // relative to the output root
	Data []byte
}

// Job makes one output file other than a page.
type Job struct {
	Path string // relative to the output root
	Make func() ([]byte, error)
}

// Files lists the site's other files that do not depend on the pages being
// rendered: feeds, the sitemap and robots.txt. Each is made (and minified)
// when its job runs; the jobs may run in any order, on any core.
func (r *Renderer) Files() []Job {
	s := r.site
	var jobs []Job
	add := func(name string, make func() ([]byte, error)) {
		jobs = append(jobs, Job{name, func() ([]byte, error) {
			data, err := make()
			if err != nil {
				return nil, err
			}
			return r.Minify(name, data)
		}})
	}
	for _, f := range r.feedLists() {
		dir := strings.TrimPrefix(f.list.URL, "/")
		add(dir+"index.xml", func() ([]byte, error) { return r.rss(f) })
		add(dir+"atom.xml", func() ([]byte, error) { return r.atom(f) })
	}
	// The site in its own language writes the files that cover every language.
	if s.Default == nil || s.Default == s {
		add("sitemap.xml", func() ([]byte, error) { return marshalXML(urlset{URLs: r.sitemapURLs()}) })
		robots := fmt.Sprintf("User-agent: *\nAllow: /\n\nSitemap: %s\n", s.AbsURL("/sitemap.xml"))
		jobs = append(jobs, Job{"robots.txt", func() ([]byte, error) { return []byte(robots), nil }})
	}
	return jobs
}

// Assets returns the fingerprinted copies of static files, and the share
// images, that the pages rendered so far asked for. Call it after every page
// has been rendered.
func (r *Renderer) Assets() ([]File, error) {
	r.mu.Lock()
	assets := maps.Clone(r.assets)
	r.mu.Unlock()
	var files []File
	for _, name := range slices.Sorted(maps.Keys(assets)) {
		u := assets[name]
		data, drawn, err := r.drawShareImage(name, u)
		if !drawn {
			data, err = fs.ReadFile(r.fsys, load.StaticDir+"/"+name)
		}
		if err == nil {
			data, err = r.Minify(u, data)
		}
		if err != nil {
			return nil, err
		}
		files = append(files, File{Path: strings.TrimPrefix(u, "/"), Data: data})
	}
	return files, nil
}

// urlset is sitemap.xml.
type urlset struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
}

// sitemapURLs lists every page of every language for sitemap.xml.
func (r *Renderer) sitemapURLs() []sitemapURL {
	s := r.site
	sites := s.All
	if len(sites) == 0 {
		sites = []*model.Site{s}
	}
	var urls []sitemapURL
	for _, site := range sites {
		for _, p := range site.Pages {
			if p.Kind == model.KindNotFound {
				continue
			}
			u := sitemapURL{Loc: s.AbsURL(p.URL)}
			mod := p.Lastmod
			if mod.IsZero() {
				mod = p.Date.Time
			}
			if !mod.IsZero() {
				u.Lastmod = mod.In(s.Location).Format("2006-01-02")
			}
			if p.Lastmod.IsZero() && !p.Date.IsZero() {
				u.Lastmod = p.Date.ISO() // the W3C date format of sitemaps allows a year or a month
			}
			urls = append(urls, u)
		}
	}
	return urls
}

func marshalXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
