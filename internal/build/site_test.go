package build

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sats/internal/bench/synthsite"
	"sats/internal/model"
	"sats/internal/render"
)

// TestRepositorySite builds the repository's own site: it must build without
// a single problem (every internal link and anchor arrives), and every page
// the site promises must be there.
func TestRepositorySite(t *testing.T) {
	out := &Memory{}
	res, err := Build(os.DirFS("../.."), out, Options{Model: model.Options{Now: testNow}})
	if err != nil {
		t.Fatalf("the repository's site does not build:\n%v", err)
	}
	b := &testBuild{t: t, out: out, result: res}
	for _, name := range []string{
		"index.html", "om/index.html", "404.html", "sitemap.xml", "robots.txt",
		"nyheter/index.html", "nyheter/index.xml", "nyheter/atom.xml",
		"prosjekter/index.html", "innsatsomrader/index.html", "kommuner/index.html",
		"resultater/index.html", "rapporter/index.html", "emner/index.html",
	} {
		b.file(name)
	}
	s := res.Site
	for _, p := range s.Projects {
		b.file(p.Page.Out, p.Title)
	}
	for _, a := range s.FocusAreas {
		b.file(a.Page.Out, a.Name)
	}
	for _, m := range s.Municipalities {
		b.file(m.Page.Out, m.Name)
	}
	for _, p := range append(s.News, s.Reports...) {
		b.file(p.Out)
	}
	counts := []struct {
		what     string
		got, min int
	}{
		{"projects", len(s.Projects), 35},
		{"focus areas", len(s.FocusAreas), 4},
		{"municipalities", len(s.Municipalities), 6},
		{"news posts", len(s.News), 10},
		{"reports", len(s.Reports), 4},
		{"figures", len(s.Figures), 6},
	}
	for _, c := range counts {
		if c.got < c.min {
			t.Errorf("the site has %d %s, want at least %d", c.got, c.what, c.min)
		}
	}
	// The results page shows the figures as real tables.
	b.file("resultater/index.html", "<table", "<caption", `scope="col"`)
	// No page escapes its HTML twice (a sign of a template passing HTML as text).
	for name, data := range out.Files {
		if strings.HasSuffix(name, ".html") && strings.Contains(string(data), "&amp;lt;") {
			t.Errorf("%s contains doubly escaped HTML", name)
		}
	}
}

// BenchmarkBuildRepositorySite builds the repository's site as sats build
// does, with the rasterized images kept between builds (sats build keeps them
// in .cache/images).
func BenchmarkBuildRepositorySite(b *testing.B) {
	fsys := os.DirFS("../..")
	opts := Options{Model: model.Options{Now: testNow}}
	opts.Render.Images = render.DirCache(b.TempDir())
	for b.Loop() {
		if _, err := Build(fsys, Discard{}, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEnglishPagesAndTheirNorwegianCounterpartsLinkEachOther checks every
// English page of the repository's site: it has a Norwegian counterpart, the
// two link to each other with hreflang, and the language switcher leads there.
func TestEnglishPagesAndTheirNorwegianCounterpartsLinkEachOther(t *testing.T) {
	out := &Memory{}
	res, err := Build(os.DirFS("../.."), out, Options{Model: model.Options{Now: testNow}})
	if err != nil {
		t.Fatalf("the repository's site does not build:\n%v", err)
	}
	var en *model.Site
	for _, s := range res.Site.All {
		if s.Lang == "en" {
			en = s
		}
	}
	if en == nil {
		t.Fatal("the site has no English version")
	}
	b := &testBuild{t: t, out: out, result: res}
	for _, want := range []string{"/en/", "/en/about/", "/en/focus-areas/", "/en/projects/", "/en/results/", "/en/reports/"} {
		if en.PageByURL(want) == nil {
			t.Errorf("English page %s is missing", want)
		}
	}
	for _, p := range en.Pages {
		if p.Kind == model.KindNotFound {
			continue
		}
		nb := p.Translation("nb")
		if nb == nil {
			t.Errorf("%s has no Norwegian counterpart", p.URL)
			continue
		}
		b.file(p.Out, `<html lang="en"`, `hreflang="nb" href="`+res.Site.AbsURL(nb.URL)+`"`, `href="`+nb.URL+`" hreflang="nb" lang="nb"`)
		b.file(nb.Out, `hreflang="en" href="`+res.Site.AbsURL(p.URL)+`"`, `href="`+p.URL+`" hreflang="en" lang="en"`)
	}
}

// BenchmarkIncrementalRebuild edits one news post of the synthetic site and
// rebuilds in memory from the previous build, as the preview server does
// (without its watcher and debounce; see serve.BenchmarkEditToReload).
func BenchmarkIncrementalRebuild(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprintf("posts=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := synthsite.Write("../..", dir, n, 1); err != nil {
				b.Fatal(err)
			}
			fsys := os.DirFS(dir)
			opts := Options{Model: model.Options{Now: testNow, Drafts: true, Future: true}}
			opts.Render.Images = render.DirCache(b.TempDir())
			prev, _, err := Rebuild(fsys, nil, nil, opts)
			if err != nil {
				b.Fatal(err)
			}
			rel := fmt.Sprintf("content/nyheter/post-%06d.md", n/2)
			orig, err := os.ReadFile(filepath.Join(dir, rel))
			if err != nil {
				b.Fatal(err)
			}
			i := 0
			for b.Loop() {
				i++
				edited := strings.Replace(string(orig), "\n---\n", fmt.Sprintf("\n---\nRedigert %d.\n\n", i), 1)
				if err := os.WriteFile(filepath.Join(dir, rel), []byte(edited), 0o644); err != nil {
					b.Fatal(err)
				}
				if prev, _, err = Rebuild(fsys, prev, []string{rel}, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestRepositoryFactsNameTheirSource checks that every figure, project
// record, news post and report of the repository's site names the document
// its facts come from (data/sources.yaml), and that the figure and project
// pages show it.
func TestRepositoryFactsNameTheirSource(t *testing.T) {
	out := &Memory{}
	res, err := Build(os.DirFS("../.."), out, Options{Model: model.Options{Now: testNow}})
	if err != nil {
		t.Fatalf("the repository's site does not build:\n%v", err)
	}
	s := res.Site
	if len(s.Sources) == 0 {
		t.Fatal("data/sources.yaml lists no source documents")
	}
	lacks := func(what, where string, c *model.Citation) {
		t.Helper()
		if c == nil || c.Source == nil {
			t.Errorf("%s %s names no source document; add source: {doc: <id in data/sources.yaml>, at: \"<chapter, table or section>\"}", what, where)
		}
	}
	for _, f := range s.Figures {
		lacks("figure", f.ID, f.Cite)
		if f.Cite != nil && f.Cite.Source != nil && !strings.Contains(string(out.Files[f.Page.Out]), f.Cite.Source.Title) {
			t.Errorf("the page of figure %s does not show its source %q", f.ID, f.Cite.Source.Title)
		}
	}
	for _, p := range s.Projects {
		lacks("project", p.ID, p.Source)
		if p.Source != nil && p.Source.Source != nil && !strings.Contains(string(out.Files[p.Page.Out]), p.Source.Source.Title) {
			t.Errorf("the page of project %s does not show its source %q", p.ID, p.Source.Source.Title)
		}
	}
	for _, p := range append(slices.Clone(s.News), s.Reports...) {
		lacks("page", p.URL, p.Source)
	}
}
