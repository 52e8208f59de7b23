package build

import (
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"sats/internal/diag"
	"sats/internal/model"
)

// baseSite is the smallest complete site: settings and one layout per kind.
// Tests add or replace files with their own txtar archive.
const baseSite = `
-- data/site.yaml --
title: Testsiden
description: En side for tester.
baseURL: https://example.org/
language: nb
timeZone: Europe/Oslo
author: Testeieren
paginate: 2
pagePath: side
sections: {news: nyheter, reports: rapporter, projects: prosjekter, focusAreas: omrader, municipalities: kommuner, results: resultater, tags: emner}
menu:
  - {title: Nyheter, url: /nyheter/}
-- content/_index.md --
---
title: Forsiden
---
Velkommen.
-- layouts/base.html --
<!doctype html><html lang="{{.Site.Config.Language}}"><head><title>{{.Title}}</title></head>
<body>{{range .Site.Config.Menu}}<a href="{{.URL}}">{{.Title}}</a>{{end}}
<main>{{block "main" .}}{{end}}</main></body></html>
-- layouts/home.html --
{{define "main"}}<h1>{{.Title}}</h1>{{.Content}}{{range .Site.News}}<a href="{{.URL}}">{{.Title}}</a>{{end}}{{end}}
-- layouts/page.html --
{{define "main"}}<h1>{{.Title}}</h1>{{.Content}}{{end}}
-- layouts/news.html --
{{define "main"}}<h1>{{.Title}}</h1><time datetime="{{isoDate .Date}}">{{date .Date}}</time>{{.Content}}{{range .Tags}}<a href="{{.Page.URL}}">{{.Name}}</a>{{end}}{{end}}
-- layouts/news-list.html --
{{define "main"}}<h1>{{.Title}}</h1>{{range .Pager.Items}}<a href="{{.URL}}">{{.Title}}</a>{{end}}{{with .Pager.Next}}<a rel="next" href="{{.URL}}">neste</a>{{end}}{{end}}
-- layouts/report.html --
{{define "main"}}<h1>{{.Title}}</h1>{{range .Headings}}<a href="#{{.ID}}">{{.Text}}</a>{{end}}{{.Content}}{{range .Attachments}}<a href="{{.URL}}">{{.Title}} ({{.Format}}, {{fileSize .Size}})</a>{{end}}{{end}}
-- layouts/report-list.html --
{{define "main"}}<h1>{{.Title}}</h1>{{range .Site.Reports}}<a href="{{.URL}}">{{.Title}}</a>{{end}}{{end}}
-- layouts/project.html --
{{define "main"}}<h1>{{.Title}}</h1><p>Søker: {{.Project.Applicant}}</p>{{with .Project.FocusArea}}<a href="{{.Page.URL}}">{{.Name}}</a>{{else}}<p>{{t "notStated"}}</p>{{end}}{{range .Project.Municipalities}}<a href="{{.Page.URL}}">{{.Name}}</a>{{end}}{{.Content}}{{end}}
-- layouts/project-list.html --
{{define "main"}}<h1>{{.Title}}</h1>{{range .Site.Projects}}<a href="{{.Page.URL}}">{{.Title}}</a>{{end}}{{end}}
-- layouts/focusarea.html --
{{define "main"}}<h1>{{.Title}}</h1>{{.Content}}{{range .FocusArea.Projects}}<a href="{{.Page.URL}}">{{.Title}}</a>{{end}}{{end}}
-- layouts/focusarea-list.html --
{{define "main"}}<h1>{{.Title}}</h1>{{range .Site.FocusAreas}}<a href="{{.Page.URL}}">{{.Name}}</a>{{end}}{{end}}
-- layouts/municipality.html --
{{define "main"}}<h1>{{.Title}}</h1><p>{{number .Municipality.AreaKm2}} km²</p>{{range .Municipality.Projects}}<a href="{{.Page.URL}}">{{.Title}}</a>{{end}}{{end}}
-- layouts/municipality-list.html --
{{define "main"}}<h1>{{.Title}}</h1>{{end}}
-- layouts/results.html --
{{define "main"}}<h1>{{.Title}}</h1>{{range .Site.Figures}}<table><caption>{{.Title}}</caption>{{range .Rows}}<tr><th>{{.Label}}</th>{{range .Cells}}<td>{{number .}}</td>{{end}}</tr>{{end}}</table>{{end}}{{end}}
-- layouts/tag.html --
{{define "main"}}<h1>{{.Title}}</h1>{{range .Tag.Pages}}<a href="{{.URL}}">{{.Title}}</a>{{end}}{{end}}
-- layouts/tag-list.html --
{{define "main"}}<h1>{{.Title}}</h1>{{end}}
-- layouts/404.html --
{{define "main"}}<h1>{{.Title}}</h1>{{end}}
`

// memTarget keeps a build's output in memory.
type memTarget struct {
	mu        sync.Mutex
	files     map[string][]byte
	committed bool
	aborted   bool
}

func (m *memTarget) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil {
		m.files = map[string][]byte{}
	}
	m.files[name] = append([]byte(nil), data...)
	return nil
}
func (m *memTarget) Commit() error { m.committed = true; return nil }
func (m *memTarget) Abort() error  { m.aborted = true; return nil }

// testNow is the build time of the tests: after every dated test post but
// before the ones that are meant to be in the future.
var testNow = time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)

// siteFS builds an fs.FS from the base site overlaid with archive.
func siteFS(archive string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, a := range []string{baseSite, archive} {
		for _, f := range txtar.Parse([]byte(a)).Files {
			fsys[f.Name] = &fstest.MapFile{Data: f.Data}
		}
	}
	return fsys
}

type testBuild struct {
	t      *testing.T
	out    *memTarget
	result *Result
	err    error
}

// buildSite builds the base site overlaid with archive, in memory.
func buildSite(t *testing.T, archive string, opts ...func(*Options)) *testBuild {
	t.Helper()
	o := Options{Model: model.Options{Now: testNow}}
	for _, f := range opts {
		f(&o)
	}
	out := &memTarget{}
	res, err := Build(siteFS(archive), out, o)
	return &testBuild{t: t, out: out, result: res, err: err}
}

// ok fails the test if the build failed.
func (b *testBuild) ok() *testBuild {
	b.t.Helper()
	if b.err != nil {
		b.t.Fatalf("build failed:\n%v", b.err)
	}
	if !b.out.committed {
		b.t.Fatal("build succeeded but did not commit its output")
	}
	return b
}

// fails checks that the build failed, wrote nothing to the target folder, and
// reported each wanted message (substrings of the problem list).
func (b *testBuild) fails(want ...string) *testBuild {
	b.t.Helper()
	if b.err == nil {
		b.t.Fatal("build succeeded, want it to fail")
	}
	if b.out.committed || !b.out.aborted {
		b.t.Errorf("failed build: committed=%v aborted=%v, want only aborted", b.out.committed, b.out.aborted)
	}
	msg := b.err.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			b.t.Errorf("problems do not contain %q; got:\n%s", w, msg)
		}
	}
	return b
}

// problems returns the number of problems reported.
func (b *testBuild) problems() int { return len(diag.Problems(b.err)) }

// file asserts that an output file exists and contains each line; a line
// starting with "! " must not be contained.
func (b *testBuild) file(name string, lines ...string) {
	b.t.Helper()
	data, ok := b.out.files[name]
	if !ok {
		b.t.Errorf("output %s is missing", name)
		return
	}
	for _, l := range lines {
		if not, ok := strings.CutPrefix(l, "! "); ok {
			if strings.Contains(string(data), not) {
				b.t.Errorf("%s contains %q, it must not:\n%s", name, not, data)
			}
		} else if !strings.Contains(string(data), l) {
			b.t.Errorf("%s does not contain %q:\n%s", name, l, data)
		}
	}
}

// noFile asserts that an output file does not exist.
func (b *testBuild) noFile(name string) {
	b.t.Helper()
	if _, ok := b.out.files[name]; ok {
		b.t.Errorf("output %s exists, want none", name)
	}
}
