package render

import (
	"bytes"
	"os"
	"testing"
	"time"

	"sats/internal/load"
	"sats/internal/model"
)

// siteNow is the time the repository's site is built at in the tests: a
// fixed clock, so that they do not change with the day they run.
var siteNow = time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)

// repoSite loads and models the repository's own site.
func repoSite(b *testing.B) (*model.Site, *Renderer) {
	b.Helper()
	in, err := load.Load(os.DirFS("../.."), model.FrontMatterSchemas())
	if err != nil {
		b.Fatal(err)
	}
	site, err := model.New(in, model.Options{Now: siteNow})
	if err != nil {
		b.Fatal(err)
	}
	model.Link([]*model.Site{site})
	r, err := New(site, in, parseLayouts(b, in), Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range site.Pages {
		if err := r.Markdown(p); err != nil {
			b.Fatal(err)
		}
	}
	return site, r
}

// largest returns the page with the longest Markdown body.
func largest(site *model.Site) *model.Page {
	var big *model.Page
	for _, p := range site.Pages {
		if p.Doc != nil && (big == nil || len(load.BodyOf(p.Doc)) > len(load.BodyOf(big.Doc))) {
			big = p
		}
	}
	return big
}

func BenchmarkMarkdown(b *testing.B) {
	site, r := repoSite(b)
	p := largest(site)
	b.SetBytes(int64(len(load.BodyOf(p.Doc))))
	for b.Loop() {
		p.Content = ""
		if err := r.Markdown(p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTemplate(b *testing.B) {
	site, r := repoSite(b)
	p := site.News[0]
	t, err := r.layout(p.Layout)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := r.execute(&buf, t.t, p); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

func BenchmarkMinifyHTML(b *testing.B) {
	site, r := repoSite(b)
	p := largest(site)
	var buf bytes.Buffer
	t, err := r.layout(p.Layout)
	if err != nil {
		b.Fatal(err)
	}
	if err := r.execute(&buf, t.t, p); err != nil {
		b.Fatal(err)
	}
	page := buf.Bytes()
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := r.Minify("x.html", page); err != nil {
			b.Fatal(err)
		}
	}
}
