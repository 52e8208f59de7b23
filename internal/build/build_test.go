package build

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

const testData = `
-- data/focus_areas.yaml --
focusAreas:
  - id: baerekraft
    name: Bærekraft og mobilitet
  - id: kultur
    name: Innovasjonskultur
originalAreas:
  - {id: gammel, name: Gammelt område, kind: støtteområde, mergedInto: kultur}
-- data/municipalities.yaml --
municipalities:
  - id: al
    name: Ål
    areaKm2: 1175
    population: [{date: 2020-01-01, count: 4674}]
  - id: gol
    name: Gol
    areaKm2: 533
-- data/projects.yaml --
supportKinds:
  - {id: sokbare, name: Søkbare midler}
projects:
  - id: fjellfond
    title: Fjellfond
    applicant: Vidju Holdning AS
    focusArea: kultur
    support: sokbare
    municipalities: [al]
  - id: uten-omrade
    title: Uten område
    support: sokbare
-- data/results.yaml --
licence: {name: NLOD 2.0, url: https://data.norge.no/nlod/no/2.0}
figures:
  - id: jobber
    title: Arbeidsplasser
    categories: [Søkbare midler, Trainee]
    series:
      - {id: skapte, label: Skapte, values: [27, 10]}
      - {id: forventede, label: Forventede, values: [171, null]}
    totals: {skapte: 37, forventede: 171}
  - id: per-omrade
    title: Prosjekter per område
    compute: projects-by-focus-area
    unit: prosjekter
-- data/i18n/nb.yaml --
notStated: Ikke oppgitt
`

func TestSiteFromDataAndContent(t *testing.T) {
	b := buildSite(t, testData+`
-- content/om.md --
---
title: Om oss
summary: Hvem vi er.
---
## Bærekraft og mobilitet

Vi sa "hei" -- og gikk. Se [fondet](prosjekter/fjellfond.md) og [nyheten](nyheter/forste.md#detaljer).
-- content/prosjekter/fjellfond.md --
---
summary: Et fond for gründere.
---
Mer om fondet.
-- content/nyheter/forste.md --
---
title: Første nyhet
date: 2024-03-08
tags: [Kvinner, nettverk]
projects: [fjellfond]
---
## Detaljer

Tekst.
`).ok()
	b.file("om/index.html",
		`<h2 id="baerekraft-og-mobilitet">`,
		"«hei» – og", // Norwegian quotes and en dash
		`href="/prosjekter/fjellfond/"`,
		`href="/nyheter/forste/#detaljer"`,
		"! .md")
	b.file("prosjekter/fjellfond/index.html", "Søker: Vidju Holdning AS", `href="/omrader/kultur/"`, `href="/kommuner/al/"`, "Mer om fondet.")
	b.file("prosjekter/uten-omrade/index.html", "Ikke oppgitt")
	b.file("omrader/kultur/index.html", `href="/prosjekter/fjellfond/"`, "! uten-omrade")
	b.file("kommuner/al/index.html", "1\u00a0175 km²", "Fjellfond")
	// A kind of support has a page with its projects, beside the projects.
	b.file("prosjekter/sokbare/index.html", "<h1>Søkbare midler</h1>", `href="/prosjekter/fjellfond/"`, `href="/prosjekter/uten-omrade/"`)
	b.file("nyheter/forste/index.html", `datetime="2024-03-08"`, "8. mars 2024", `href="/emner/kvinner/"`)
	b.file("emner/kvinner/index.html", "Første nyhet")
	b.file("resultater/index.html", "Arbeidsplasser", "<td>171</td>", "Innovasjonskultur", "Ikke oppgitt")
	b.file("index.html", `<html lang="nb">`, "Velkommen.")
}

func TestNewsIsPaginatedAndNewestFirst(t *testing.T) {
	var archive strings.Builder
	for i, d := range []string{"2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01"} {
		archive.WriteString("-- content/nyheter/post" + string(rune('a'+i)) + ".md --\n---\ntitle: Post " + string(rune('A'+i)) + "\ndate: " + d + "\n---\nTekst.\n")
	}
	b := buildSite(t, archive.String()).ok()
	b.file("nyheter/index.html", "Post E", "Post D", "! Post C", `href="/nyheter/side/2/"`)
	b.file("nyheter/side/2/index.html", "Post C", "Post B", "! Post E", `href="/nyheter/side/3/"`)
	b.file("nyheter/side/3/index.html", "Post A")
	b.noFile("nyheter/side/4/index.html")
	if strings.Index(string(b.out.Files["nyheter/index.html"]), "Post E") > strings.Index(string(b.out.Files["nyheter/index.html"]), "Post D") {
		t.Error("news list is not newest first")
	}
}

func TestDraftsAndFuturePostsAreLeftOut(t *testing.T) {
	archive := `
-- content/nyheter/utkast.md --
---
title: Utkast
date: 2024-01-01
draft: true
---
-- content/nyheter/senere.md --
---
title: Senere
date: 2025-12-24T09:00:00
---
-- content/nyheter/utlopt.md --
---
title: Utløpt
date: 2024-01-01
expiryDate: 2025-01-01
---
`
	b := buildSite(t, archive).ok()
	b.noFile("nyheter/utkast/index.html")
	b.noFile("nyheter/senere/index.html")
	b.noFile("nyheter/utlopt/index.html")
	b.file("nyheter/index.xml", "! Senere", "! Utkast")
	want := time.Date(2025, 12, 24, 8, 0, 0, 0, time.UTC) // 09:00 in Oslo
	if got := b.result.Site.NextChange; !got.Equal(want) {
		t.Errorf("NextChange = %v, want %v", got, want)
	}
	if n := len(b.result.Site.LeftOut); n != 3 {
		t.Errorf("LeftOut has %d entries, want 3", n)
	}

	all := buildSite(t, archive, func(o *Options) { o.Model.Drafts, o.Model.Future, o.Model.Expired = true, true, true }).ok()
	all.file("nyheter/utkast/index.html", "Utkast")
	all.file("nyheter/senere/index.html", "Senere")
	all.file("nyheter/utlopt/index.html", "Utløpt")
}

func TestFeedsAndSitemapParse(t *testing.T) {
	b := buildSite(t, `
-- content/nyheter/a.md --
---
title: A & B
date: 2024-03-08
summary: Kort.
---
Se [forsiden](/).
`).ok()
	for _, name := range []string{"nyheter/index.xml", "nyheter/atom.xml", "sitemap.xml"} {
		var v struct{ XMLName xml.Name }
		if err := xml.Unmarshal(b.out.Files[name], &v); err != nil {
			t.Errorf("%s does not parse: %v", name, err)
		}
	}
	b.file("nyheter/index.xml", "<title>A &amp; B</title>", "https://example.org/nyheter/a/", `&lt;a href="https://example.org/"&gt;forsiden`)
	b.file("nyheter/atom.xml", "<id>https://example.org/nyheter/a/</id>", "2024-03-08T00:00:00+01:00")
	b.file("sitemap.xml", "<loc>https://example.org/nyheter/a/</loc>", "<lastmod>2024-03-08</lastmod>")
	b.file("robots.txt", "Sitemap: https://example.org/sitemap.xml")
}

func TestOutputIsMinified(t *testing.T) {
	b := buildSite(t, `
-- static/css/site.css --
body {
  color : #000000;
}
`).ok()
	b.file("css/site.css", "body{color:#000}")
	b.file("index.html", "! \n\n")
}

func TestUnknownReferencesAreReportedAtTheirLines(t *testing.T) {
	b := buildSite(t, testData+`
-- data/projects.yaml --
supportKinds:
  - {id: sokbare, name: Søkbare midler}
projects:
  - id: a
    title: A
    support: sokbare
    focusArea: baerekraf
    municipalities: [al, nes]
-- content/nyheter/x.md --
---
title: X
date: 2024-01-01
focusAreas: [kultr]
---
`).fails(
		`data/projects.yaml:7:16: focus area "baerekraf" is not defined; did you mean "baerekraft"? defined are: baerekraft, kultur`,
		`data/projects.yaml:8:26: municipality "nes" is not defined`,
		`content/nyheter/x.md:4:14: focus area "kultr" is not defined; did you mean "kultur"?`,
	)
	if n := b.problems(); n != 3 {
		t.Errorf("got %d problems, want 3:\n%v", n, b.err)
	}
}

func TestEveryURLCollisionIsListed(t *testing.T) {
	b := buildSite(t, `
-- content/nyheter/a.md --
---
title: A
date: 2024-01-01
slug: samme
---
-- content/nyheter/b.md --
---
title: B
date: 2024-01-02
slug: samme
---
-- content/om.md --
---
title: Om
---
-- content/om-oss.md --
---
title: Om oss
slug: om
---
`).fails(
		"content/nyheter/a.md:2:1: URL /nyheter/samme/ is produced by 2 pages (content/nyheter/a.md:2:1, content/nyheter/b.md:2:1)",
		"content/om-oss.md:2:1: URL /om/ is produced by 2 pages",
	)
	if n := b.problems(); n != 4 {
		t.Errorf("got %d problems, want 4 (each page of each collision):\n%v", n, b.err)
	}
}

func TestBrokenLinksFailTheBuild(t *testing.T) {
	buildSite(t, `
-- content/om.md --
---
title: Om
---
Første avsnitt.

Se [rapporten](rapporter/finnes-ikke.md).
`).fails("content/om.md:6:4: link to rapporter/finnes-ikke.md: no published page comes from content/rapporter/finnes-ikke.md")

	buildSite(t, `
-- content/om.md --
---
title: Om
---
Se [denne](/finnes-ikke/) og [anker](/#mangler).
`).fails(
		"broken link to /finnes-ikke/ from page /om/: no such page or file",
		"broken link to /#mangler from page /om/: the page has no element with id mangler",
	)
}

func TestUnsafeMarkdownIsRefused(t *testing.T) {
	buildSite(t, `
-- content/om.md --
---
title: Om
---
<script>alert(1)</script>

[klikk](javascript:alert(1))
`).fails(`content/om.md:6:1: link target "javascript:alert(1)" uses javascript:, which is not allowed`)

	// Raw HTML is never published, and never dropped without a word.
	buildSite(t, `
-- content/om.md --
---
title: Om
---
<script>alert(1)</script>
`).fails(`content/om.md:4:1: HTML "<script>alert(1)</script>" is not allowed in Markdown and would be left out of the page`)
}

func TestInconsistentTotalFailsWithFileAndLine(t *testing.T) {
	buildSite(t, testData+`
-- data/results.yaml --
licence: {name: NLOD 2.0, url: https://data.norge.no/nlod/no/2.0}
figures:
  - id: jobber
    title: Arbeidsplasser
    categories: [Søkbare midler, Trainee]
    series:
      - {id: skapte, label: Skapte, values: [27, 10]}
    totals: {skapte: 38}
`).fails("data/results.yaml:8:22: total skapte is 38 but its parts add up to 37")
}

func TestFrontMatterMistakesPointAtTheLine(t *testing.T) {
	buildSite(t, `
-- content/om.md --
---
tittel: Om
date: 2024-02-30
tags: [a, b
---
`).fails(`content/om.md:4:7: invalid YAML: the "[" here is not closed; add "]" at the end: tags: [a, b]`)

	buildSite(t, `
-- content/om.md --
---
tittel: Om
date: 2024-02-30
---
`).fails(
		`content/om.md:2:1: unknown key "tittel"; did you mean "title"?`,
		`content/om.md:3:7: "2024-02-30" is not a real date`,
	)
}

func TestMissingLayoutIsNamed(t *testing.T) {
	fsys := siteFS("")
	delete(fsys, "layouts/tag-list.html")
	out := &Memory{}
	_, err := Build(fsys, out, Options{})
	if err == nil || !strings.Contains(err.Error(), "layouts/tag-list.html: layout is missing") {
		t.Fatalf("err = %v", err)
	}
}

func TestTemplateErrorsPointAtTheLayout(t *testing.T) {
	buildSite(t, `
-- layouts/page.html --
{{define "main"}}
<h1>{{.Tittel}}</h1>{{end}}
-- content/om.md --
---
title: Om
---
`).fails(`layouts/page.html:2:6: template error: executing "main" at <.Tittel>: can't evaluate field Tittel`)
}

func TestTwoBuildsAreByteIdentical(t *testing.T) {
	archive := testData + `
-- content/nyheter/a.md --
---
title: A
date: 2024-01-01
tags: [x, y]
---
-- content/nyheter/b.md --
---
title: B
date: 2024-01-01
tags: [y]
---
`
	a, b := buildSite(t, archive).ok(), buildSite(t, archive).ok()
	if len(a.out.Files) != len(b.out.Files) {
		t.Fatalf("%d files vs %d", len(a.out.Files), len(b.out.Files))
	}
	for name, data := range a.out.Files {
		if string(b.out.Files[name]) != string(data) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}
