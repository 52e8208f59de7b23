package build

import (
	"testing"
)

// factsSite has dates known to a season, a month and a year, a list of
// source documents, a project for the whole region and a larger effort
// with two records.
const factsSite = `
-- data/municipalities.yaml --
municipalities:
  - {id: al, name: Ål}
  - {id: gol, name: Gol}
-- data/sources.yaml --
sources:
  - {id: rapport, title: Sluttrapport, publisher: Programmet, date: 2025-06}
-- data/projects.yaml --
supportKinds:
  - {id: sokbare, name: Søkbare midler}
  - {id: storre, name: Større prosjekt}
projects:
  - {id: lokal, title: Lokalt, support: sokbare, municipalities: [al], source: {doc: rapport, at: "5.1"}}
  - {id: region, title: Regionalt, support: sokbare, wholeRegion: true, source: {doc: rapport, at: "5.1"}}
  - {id: ukjent, title: Ukjent sted, support: sokbare}
  - {id: fond, title: Fond, support: storre}
  - {id: fond-2023, title: Fond 2023, support: storre, effort: fond}
-- data/results.yaml --
licence: {name: NLOD 2.0, url: https://data.norge.no/nlod/no/2.0}
figures:
  - {id: per-kommune, title: Prosjekter per kommune, compute: projects-by-municipality, source: {doc: rapport, at: "5.1, tabellen"}}
  - {id: per-form, title: Prosjekter per støtteform, compute: projects-by-support}
-- data/i18n/nb.yaml --
notStated: Ikke oppgitt
wholeRegion: Hele Hallingdal
-- content/nyheter/host.md --
---
title: Høst
date: høsten 2021
source: {doc: rapport, at: "3"}
---
Tekst.
-- content/nyheter/maned.md --
---
title: Måned
date: 2022-02
---
-- content/nyheter/aar.md --
---
title: År
date: 2022
---
-- layouts/news.html --
{{define "main"}}<h1>{{.Title}}</h1><time datetime="{{isoDate .Date}}">{{date .Date}}</time>{{with .Source}}<p>{{template "partials/source" .}}</p>{{end}}<script type="application/ld+json">{{jsonld . "" false}}</script>{{end}}
-- layouts/partials/source.html --
{{.Source.Title}} ({{date .Source.Date}}), {{.At}}
-- layouts/municipality.html --
{{define "main"}}<h1>{{.Title}}</h1>{{range .Municipality.Projects}}<a href="{{.Page.URL}}">{{.Title}}</a>{{end}}{{range .Site.WholeRegion}}<a class="region" href="{{.Page.URL}}">{{.Title}}</a>{{end}}{{end}}
-- layouts/results.html --
{{define "main"}}<h1>{{.Title}}</h1>{{range .Site.Figures}}<table><caption>{{.Title}}</caption>{{range .Rows}}<tr><th>{{.Label}}</th>{{range .Cells}}<td>{{number .}}</td>{{end}}</tr>{{end}}</table><p>{{.Source}}</p>{{end}}{{end}}
`

func TestDatesShowTheirPrecisionAndSortByTheirFirstDay(t *testing.T) {
	b := buildSite(t, factsSite).ok()
	b.file("nyheter/host/index.html", `<time datetime="2021">høsten 2021</time>`, "Sluttrapport (juni 2025), 3")
	b.file("nyheter/maned/index.html", `<time datetime="2022-02">februar 2022</time>`)
	b.file("nyheter/aar/index.html", `<time datetime="2022">2022</time>`)
	// JSON-LD keeps the precision ISO 8601 allows.
	b.file("nyheter/host/index.html", `"datePublished":"2021"`)
	b.file("nyheter/maned/index.html", `"datePublished":"2022-02"`)
	// Feeds carry a full date: the first day of the period.
	b.file("nyheter/index.xml", "<pubDate>Wed, 01 Sep 2021 00:00:00 +0200</pubDate>", "<pubDate>Tue, 01 Feb 2022 00:00:00 +0100</pubDate>")
	// Newest first by the first day: February 2022 before the year 2022 (1 January) before autumn 2021.
	var order []string
	for _, p := range b.result.Site.News {
		order = append(order, p.Title)
	}
	if got := order; len(got) != 3 || got[0] != "Måned" || got[1] != "År" || got[2] != "Høst" {
		t.Errorf("news order = %v, want Måned, År, Høst", got)
	}
}

func TestRegionWideProjectsAreCountedOnceAndListedEverywhere(t *testing.T) {
	b := buildSite(t, factsSite).ok()
	for _, m := range []string{"kommuner/al/index.html", "kommuner/gol/index.html"} {
		b.file(m, `class="region" href="/prosjekter/region/"`)
	}
	b.file("resultater/index.html",
		"<tr><th>Ål</th><td>1</td></tr><tr><th>Gol</th><td>0</td></tr><tr><th>Hele Hallingdal</th><td>1</td></tr><tr><th>Ikke oppgitt</th><td>3</td></tr>",
		// The two records of one effort count once.
		"<tr><th>Søkbare midler</th><td>3</td></tr><tr><th>Større prosjekt</th><td>1</td></tr>",
		"Sluttrapport. Programmet, juni 2025. 5.1, tabellen")
}
