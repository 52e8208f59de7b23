package build

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"sats/internal/model"
	"sats/internal/search"
)

// searchIndex is the index file, whole, as the search script reads it.
type searchIndex struct {
	Kinds map[string]string `json:"kinds"`
	Terms map[string]string `json:"terms"`
	Pages []struct {
		Kind    string `json:"k"`
		Title   string `json:"t"`
		URL     string `json:"u"`
		Date    string `json:"d"`
		Shown   string `json:"f"`
		Summary string `json:"s"`
		Meta    string `json:"m"`
		Text    string `json:"x"`
	} `json:"pages"`
}

// finds reports whether the index lists the page of url under term.
func (ix searchIndex) finds(term, url string) bool {
	for _, p := range search.Postings(ix.Terms[term]) {
		if ix.Pages[p].URL == url {
			return true
		}
	}
	return false
}

func readIndex(t *testing.T, data []byte) searchIndex {
	t.Helper()
	var ix searchIndex
	if err := json.Unmarshal(data, &ix); err != nil {
		t.Fatalf("the search index does not parse: %v\n%s", err, data)
	}
	return ix
}

const searchPage = `
-- content/sok.md --
---
title: Søk
layout: search
---
`

func TestSearchIndexHoldsEveryPublishedPageAndNoDrafts(t *testing.T) {
	long := strings.Repeat("Fyllord i en lang rapport. ", 60) + "Til slutt kommer ordet Kvinnegnist."
	b := buildSite(t, testData+searchPage+`
-- content/om.md --
---
title: Om oss
summary: Hvem vi er.
---
Vi holder til på **Torpomoen**.
-- content/nyheter/publisert.md --
---
title: Nye arbeidsplasser
date: 2024-03-08
summary: Kort om saken.
---
Prosjektene meldte om arbeidsplassane de skapte.
-- content/nyheter/utkast.md --
---
title: Utkast
date: 2024-01-01
draft: true
---
Hemmelig.
-- content/nyheter/senere.md --
---
title: Senere
date: 2026-01-01
---
-- content/rapporter/lang.md --
---
title: Lang rapport
date: 2023-05-01
---
`+long+`
-- content/prosjekter/fjellfond.md --
---
summary: Et fond for gründere.
---
Mer om fondet.
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
  - id: hemmelig
    title: Hemmelig prosjekt
    support: sokbare
    draft: true
`).ok()
	data, ok := b.out.Files["sok/index.json"]
	if !ok {
		t.Fatal("the search page has no index: sok/index.json is missing")
	}
	ix := readIndex(t, data)

	// Exactly the published pages of the kinds searched, the search page
	// itself left out.
	s := b.result.Site
	var want []string
	for _, p := range s.Pages {
		switch p.Kind {
		case model.KindNews, model.KindReport, model.KindProject, model.KindFigure, model.KindMunicipality, model.KindFocusArea, model.KindPage,
			model.KindResults, model.KindDatasets:
			if p.URL != "/sok/" {
				want = append(want, p.URL)
			}
		}
	}
	var got []string
	byURL := map[string]int{}
	for i, p := range ix.Pages {
		got = append(got, p.URL)
		byURL[p.URL] = i
		if p.Title == "" || ix.Kinds[p.Kind] == "" {
			t.Errorf("entry %s has title %q and kind %q (label %q); want both", p.URL, p.Title, p.Kind, ix.Kinds[p.Kind])
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("index holds\n%v\nwant every published page of the searched kinds\n%v", got, want)
	}
	for _, u := range []string{"/nyheter/publisert/", "/om/", "/rapporter/lang/", "/prosjekter/fjellfond/", "/kommuner/al/", "/omrader/kultur/", "/resultater/jobber/"} {
		if _, ok := byURL[u]; !ok {
			t.Errorf("index lacks %s", u)
		}
	}
	for _, u := range []string{"/nyheter/utkast/", "/nyheter/senere/", "/prosjekter/hemmelig/", "/sok/", "/", "/nyheter/"} {
		if _, ok := byURL[u]; ok {
			t.Errorf("index holds %s, a draft, a future post or a page that is not searched", u)
		}
	}
	if strings.Contains(string(data), "Hemmelig") {
		t.Error("index holds text of a draft")
	}

	news := ix.Pages[byURL["/nyheter/publisert/"]]
	if news.Kind != "news" || news.Date != "2024-03-08" || news.Shown != "8. mars 2024" || news.Summary != "Kort om saken." || !strings.Contains(news.Text, "arbeidsplassane de skapte") {
		t.Errorf("news entry = %+v; want kind, date, shown date, summary and the body text", news)
	}
	if strings.Contains(ix.Pages[byURL["/om/"]].Text, "<strong>") || !strings.Contains(ix.Pages[byURL["/om/"]].Text, "Torpomoen") {
		t.Errorf("free page text = %q, want plain text", ix.Pages[byURL["/om/"]].Text)
	}
	project := ix.Pages[byURL["/prosjekter/fjellfond/"]]
	if project.Meta != "Vidju Holdning AS · Innovasjonskultur" || !ix.finds("al", "/prosjekter/fjellfond/") {
		t.Errorf("project entry = %+v, found by «al» %v; want applicant and focus area as meta and the municipality among the terms", project, ix.finds("al", "/prosjekter/fjellfond/"))
	}
	// A long text keeps its beginning for snippets, and every word as a term.
	report := ix.Pages[byURL["/rapporter/lang/"]]
	if len(report.Text) > 700 || !strings.HasPrefix(report.Text, "Fyllord") || !ix.finds("kvinnegnist", "/rapporter/lang/") {
		t.Errorf("long report: text %q (%d bytes), found by its last word %v; want the first 600 characters, and every word a term", report.Text, len(report.Text), ix.finds("kvinnegnist", "/rapporter/lang/"))
	}
}

func TestSiteWithoutSearchPageHasNoIndex(t *testing.T) {
	b := buildSite(t, "").ok()
	for name := range b.out.Files {
		if strings.HasSuffix(name, "index.json") {
			t.Errorf("%s written, but the site has no search page", name)
		}
	}
}

func TestIncrementalRebuildKeepsSearchIndexEqual(t *testing.T) {
	opts := Options{Model: model.Options{Now: testNow}}
	fsys := newsSite(12)
	fsys["content/sok.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Søk\nlayout: search\n---\n")}
	prev, _, err := Rebuild(fsys, nil, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := prev.File("sok/index.json"); !ok {
		t.Fatal("sok/index.json is missing")
	}
	edits := []struct {
		file, data string
	}{
		{"content/nyheter/post-003.md", "---\ntitle: Post 3\ndate: 2024-01-04\ntags: [t0]\nprojects: [fjellfond]\n---\nEt helt nytt ord: hallingkast.\n"},
		{"content/nyheter/ny.md", "---\ntitle: Ny sak\ndate: 2025-01-01\n---\nNy.\n"},
		{"data/projects.yaml", "supportKinds:\n  - {id: sokbare, name: Søkbare midler}\nprojects:\n  - {id: fjellfond, title: Fjellfond, applicant: Ny Søker AS, support: sokbare}\n"},
	}
	for _, e := range edits {
		fsys[e.file] = &fstest.MapFile{Data: []byte(e.data)}
		inc, _, err := Rebuild(fsys, prev, []string{e.file}, opts)
		if err != nil {
			t.Fatalf("%s: %v", e.file, err)
		}
		full, _, err := Rebuild(fsys, nil, nil, opts)
		if err != nil {
			t.Fatal(err)
		}
		sameFiles(t, inc, full)
		prev = inc
	}
	data, _ := prev.File("sok/index.json")
	for _, w := range []string{"hallingkast", "Ny sak", "Ny Søker AS"} {
		if !strings.Contains(string(data), w) {
			t.Errorf("the index after the edits lacks %q", w)
		}
	}
}
