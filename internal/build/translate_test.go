package build

import (
	"testing"

	"sats/internal/model"
)

const englishSite = testData + `
-- data/site.yaml --
title: Testsiden
baseURL: https://example.org/
language: nb
timeZone: Europe/Oslo
paginate: 2
sections: {news: nyheter, reports: rapporter, projects: prosjekter, focusAreas: omrader, municipalities: kommuner, results: resultater, tags: emner}
menu:
  - {title: Nyheter, url: /nyheter/}
languages:
  en:
    title: The test site
    sections: {projects: projects, focusAreas: focus-areas, municipalities: municipalities, results: results, reports: reports}
    menu:
      - {title: Projects, url: /en/projects/}
-- data/focus_areas.yaml --
focusAreas:
  - id: baerekraft
    name: Bærekraft og mobilitet
    summary: Om bærekraft.
    translations:
      en: {name: Sustainability and mobility}
  - id: kultur
    name: Innovasjonskultur
originalAreas: []
-- data/i18n/en.yaml --
notStated: Not stated
-- content/_index.en.md --
---
title: Welcome
---
Hello.
-- content/om.md --
---
title: Om oss
---
Norsk tekst.
-- content/om.en.md --
---
title: About us
slug: about
---
English text, see [the projects](prosjekter/fjellfond.en.md).
-- content/prosjekter/fjellfond.en.md --
---
summary: A fund for founders.
---
More about the fund.
-- content/nyheter/a.md --
---
title: Bare på norsk
date: 2024-01-01
---
`

func TestEnglishPagesLiveUnderTheirOwnURLs(t *testing.T) {
	b := buildSite(t, englishSite).ok()
	b.file("en/index.html", `<html lang="en">`, "Welcome", `href="/en/projects/"`)
	b.file("en/about/index.html", "About us", `href="/en/projects/fjellfond/"`)
	b.file("en/projects/fjellfond/index.html", "More about the fund.", `href="/en/focus-areas/kultur/"`)
	b.file("en/focus-areas/baerekraft/index.html", "Sustainability and mobility")
	b.file("en/focus-areas/kultur/index.html", "Innovasjonskultur")
	b.file("en/projects/uten-omrade/index.html", "Not stated")
	b.file("en/results/index.html")
	b.file("om/index.html", "Norsk tekst.")
	b.noFile("en/nyheter/a/index.html")
	b.noFile("en/om/index.html")
	b.file("sitemap.xml", "https://example.org/en/about/", "https://example.org/om/")

	sites := b.result.Site.All
	if len(sites) != 2 || sites[1].Lang != "en" {
		t.Fatalf("sites: %v", len(sites))
	}
	om := b.result.Site.PageByURL("/om/")
	if en := om.Translation("en"); en == nil || en.URL != "/en/about/" {
		t.Errorf("/om/ has no English translation: %v", om.Translations)
	}
	about := sites[1].PageByURL("/en/about/")
	if nb := about.Translation("nb"); nb != om {
		t.Errorf("/en/about/ is not linked back to /om/")
	}
	kultur := sites[1].PageByURL("/en/focus-areas/kultur/")
	if !kultur.FocusArea.Untranslated["Name"] {
		t.Error("an untranslated name is not marked as untranslated")
	}
	if baer := sites[1].PageByURL("/en/focus-areas/baerekraft/"); baer.FocusArea.Untranslated["Name"] || !baer.FocusArea.Untranslated["Summary"] {
		t.Errorf("untranslated fields: %v", baer.FocusArea.Untranslated)
	}
	if b.result.Site.PageByURL("/omrader/baerekraft/").FocusArea.Untranslated != nil {
		t.Error("the site's own language marks fields as untranslated")
	}
}

func TestTranslationIntoAMissingSectionIsAnError(t *testing.T) {
	buildSite(t, englishSite+`
-- content/nyheter/b.en.md --
---
title: Only English
date: 2024-01-01
---
-- content/om.fr.md --
---
title: Français
---
`).fails(
		"content/nyheter/b.en.md: language en has no nyheter section",
		`content/om.fr.md: no language "fr" in data/site.yaml`,
	)
}

func TestIncrementalRebuildWithTranslations(t *testing.T) {
	fsys := siteFS(englishSite)
	opts := Options{Model: model.Options{Now: testNow}}
	prev, _, err := Rebuild(fsys, nil, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	fsys["content/om.en.md"].Data = []byte("---\ntitle: About us\nslug: about\n---\nChanged.\n")
	inc, res, err := Rebuild(fsys, prev, []string{"content/om.en.md"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	full, _, err := Rebuild(fsys, nil, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, inc, full)
	if res.Converted > 1 {
		t.Errorf("converted %d Markdown files for one English edit", res.Converted)
	}
}
