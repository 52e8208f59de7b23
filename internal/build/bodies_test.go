package build

import "testing"

// A layout sees the Markdown body of the page it renders and of no other:
// the home page lists the news with their Content and Headings and gets
// nothing, while each news page shows its own. A page's key (pagecache.go)
// holds its own body only, which is right only if this holds.
func TestLayoutsReadOnlyTheirOwnBody(t *testing.T) {
	b := buildSite(t, `
-- layouts/home.html --
{{define "main"}}<h1>{{.Title}}</h1>{{.Content}}{{range .Site.News}}<article>[{{.Content}}]{{range .Headings}}<b>{{.Text}}</b>{{end}}</article>{{end}}{{with page "/nyheter/forste/"}}<aside>[{{.Content}}]</aside>{{end}}{{end}}
-- content/nyheter/forste.md --
---
title: Første
date: 2025-01-02
---
## Hemmelig overskrift

Hemmelig tekst.
`).ok()
	b.file("index.html", "Velkommen", "<article>[]</article>", "<aside>[]</aside>", "! Hemmelig")
	b.file("nyheter/forste/index.html", "Hemmelig overskrift", "Hemmelig tekst")
}
