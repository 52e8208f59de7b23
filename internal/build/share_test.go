package build

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html"
	"image/png"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"sats/internal/model"
)

// Tests of link previews (Open Graph, Twitter cards, the share image),
// structured data (JSON-LD) and feeds per focus area and tag.

// shareBase is a base layout that uses the functions of link previews,
// structured data and feeds as the site's head-meta and share partials do.
const shareBase = `
-- layouts/base.html --
<!doctype html><html lang="{{.Site.Config.Language}}"><head><title>{{.Title}}</title>
{{- with shareImage "#0e3640" "#ffffff"}}
<meta property="og:image" content="{{absURL .URL}}"><meta property="og:image:width" content="{{.Width}}"><meta property="og:image:height" content="{{.Height}}">
<script type="application/ld+json">{{jsonld $ .URL (eq $.Kind "home")}}</script>
{{- end}}
{{- range feeds .}}
<link rel="alternate" type="{{.Type}}" title="{{.Title}}" href="{{absURL .URL}}">
{{- end}}
</head><body><main>{{block "main" .}}{{end}}</main></body></html>
-- data/organisation.yaml --
name: Testprogrammet
owner: Testrådet
contact: {name: Testprogrammet, street: Vegen 1, postcode: "3579", city: Torpo}
-- data/i18n/nb.yaml --
notStated: Ikke oppgitt
home: Forside
feedRSSFor: "%s (RSS)"
feedAtomFor: "%s (Atom)"
-- static/dokumenter/rapport.pdf --
%PDF-1.4
`

var ldScriptRE = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// jsonLD returns the nodes of the JSON-LD graph of a page, by @type; it fails
// the test unless the page has exactly one JSON-LD script that parses.
func jsonLD(t *testing.T, name string, page []byte) map[string]map[string]any {
	t.Helper()
	m := ldScriptRE.FindAllSubmatch(page, -1)
	if len(m) != 1 {
		t.Errorf("%s has %d JSON-LD scripts, want 1", name, len(m))
		return nil
	}
	var doc struct {
		Context string           `json:"@context"`
		Graph   []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(m[0][1], &doc); err != nil {
		t.Errorf("%s: JSON-LD does not parse: %v\n%s", name, err, m[0][1])
		return nil
	}
	if doc.Context != "https://schema.org" {
		t.Errorf("%s: JSON-LD @context = %q", name, doc.Context)
	}
	nodes := map[string]map[string]any{}
	for _, n := range doc.Graph {
		typ, _ := n["@type"].(string)
		nodes[typ] = n
	}
	return nodes
}

// requireLD fails the test unless node has every property (a dotted path
// for nested objects: "publisher.name") with a non-empty value.
func requireLD(t *testing.T, where string, node map[string]any, props ...string) {
	t.Helper()
	if node == nil {
		t.Errorf("%s: node is missing", where)
		return
	}
	for _, p := range props {
		var v any = node
		for _, k := range strings.Split(p, ".") {
			obj, _ := v.(map[string]any)
			v = obj[k]
		}
		if v == nil || v == "" {
			t.Errorf("%s: property %s is missing in %v", where, p, node)
		}
	}
}

// checkBreadcrumbs checks a BreadcrumbList: positions 1, 2, …, the home page
// first and the page itself last (both absolute URLs).
func checkBreadcrumbs(t *testing.T, name, home, self string, nodes map[string]map[string]any) {
	t.Helper()
	bl := nodes["BreadcrumbList"]
	if bl == nil {
		t.Errorf("%s has no BreadcrumbList", name)
		return
	}
	items, _ := bl["itemListElement"].([]any)
	if len(items) == 0 {
		t.Errorf("%s: BreadcrumbList has no items", name)
		return
	}
	for i, it := range items {
		item, _ := it.(map[string]any)
		requireLD(t, name+" breadcrumb", item, "@type", "position", "name", "item")
		if pos, _ := item["position"].(float64); int(pos) != i+1 {
			t.Errorf("%s: breadcrumb %d has position %v", name, i, item["position"])
		}
	}
	first, _ := items[0].(map[string]any)
	last, _ := items[len(items)-1].(map[string]any)
	if first["item"] != home {
		t.Errorf("%s: first breadcrumb is %v, want the home page %s", name, first["item"], home)
	}
	if last["item"] != self {
		t.Errorf("%s: last breadcrumb is %v, want the page itself %s", name, last["item"], self)
	}
}

func TestJSONLDHasTheRequiredPropertiesPerType(t *testing.T) {
	b := buildSite(t, testData+shareBase+`
-- content/om.md --
---
title: Om oss
---
Tekst.
-- content/nyheter/farlig.md --
---
title: "Slutt </script><script>alert(1)</script> & <!-- mer"
date: 2024-03-08
lastmod: 2024-04-01
summary: Kort.
tags: [Nettverk]
---
Tekst.
-- content/rapporter/sluttrapport.md --
---
title: Sluttrapport
date: 2025-06-24
publisher: Testrådet
attachments:
  - {title: Hele rapporten, file: dokumenter/rapport.pdf}
---
Tekst.
`).ok()
	base := "https://example.org/"
	pages := 0
	for _, p := range b.result.Site.Pages {
		data := b.out.Files[p.Out]
		nodes := jsonLD(t, p.Out, data)
		if nodes == nil {
			continue
		}
		pages++
		checkBreadcrumbs(t, p.Out, base, "https://example.org"+p.URL, nodes)
		if got := bytes.Count(data, []byte("</script>")); got != 1 {
			t.Errorf("%s has %d </script>, want only the one that ends the JSON-LD", p.Out, got)
		}
		_, hasOrg := nodes["GovernmentOrganization"]
		if hasOrg != (p.Kind == model.KindHome) {
			t.Errorf("%s: GovernmentOrganization present = %v, want it on the home page only (as the layout asks)", p.Out, hasOrg)
		}
	}
	if pages != len(b.result.Site.Pages) {
		t.Errorf("%d of %d pages have JSON-LD", pages, len(b.result.Site.Pages))
	}

	home := jsonLD(t, "index.html", b.out.Files["index.html"])
	org := home["GovernmentOrganization"]
	requireLD(t, "GovernmentOrganization", org, "name", "url", "address.streetAddress", "address.postalCode", "address.addressLocality", "parentOrganization.name")
	if org["name"] != "Testprogrammet" || org["parentOrganization"].(map[string]any)["name"] != "Testrådet" {
		t.Errorf("GovernmentOrganization = %v; want the programme with its owner as parent", org)
	}

	news := jsonLD(t, "nyheter/farlig/index.html", b.out.Files["nyheter/farlig/index.html"])["NewsArticle"]
	requireLD(t, "NewsArticle", news, "headline", "datePublished", "dateModified", "author.name", "publisher.name", "url", "image")
	if news["headline"] != "Slutt </script><script>alert(1)</script> & <!-- mer" {
		t.Errorf("headline = %q, want the title as it is (escaped only for the script element)", news["headline"])
	}
	if news["datePublished"] != "2024-03-08T00:00:00+01:00" || news["dateModified"] != "2024-04-01T00:00:00+02:00" {
		t.Errorf("NewsArticle dates = %v, %v", news["datePublished"], news["dateModified"])
	}

	report := jsonLD(t, "rapporter/sluttrapport/index.html", b.out.Files["rapporter/sluttrapport/index.html"])["Report"]
	requireLD(t, "Report", report, "headline", "datePublished", "author.name", "publisher.name", "url")
	if media, _ := report["associatedMedia"].([]any); len(media) != 1 || media[0].(map[string]any)["contentUrl"] != "https://example.org/dokumenter/rapport.pdf" {
		t.Errorf("Report associatedMedia = %v, want the attachment", report["associatedMedia"])
	}
	if report["author"].(map[string]any)["name"] != "Testrådet" {
		t.Errorf("Report author = %v, want its publisher", report["author"])
	}

	// The share image is written, 1200 × 630.
	m := regexp.MustCompile(`og:image" content="https://example.org/([^"]+)"`).FindSubmatch(b.out.Files["index.html"])
	if m == nil {
		t.Fatal("no og:image on the home page")
	}
	checkShareImage(t, b.out.Files[string(m[1])], string(m[1]))
}

func checkShareImage(t *testing.T, data []byte, name string) {
	t.Helper()
	if data == nil {
		t.Errorf("share image %s is not written", name)
		return
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width != 1200 || cfg.Height != 630 {
		t.Errorf("share image %s: %dx%d, %v; want a 1200x630 PNG", name, cfg.Width, cfg.Height, err)
	}
}

// A feed, read with encoding/xml as RSS 2.0 or Atom.
type rssFeed struct {
	XMLName xml.Name `xml:"rss"`
	Channel struct {
		Title string `xml:"title"`
		Items []struct {
			Title       string `xml:"title"`
			Link        string `xml:"link"`
			GUID        string `xml:"guid"`
			Description string `xml:"description"`
		} `xml:"item"`
	} `xml:"channel"`
}

type atomFeedDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Entries []struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Content string `xml:"content"`
	} `xml:"entry"`
}

// feedEntries parses both feeds below a list URL and returns the ids of
// their entries (which must agree) and their contents.
func feedEntries(t *testing.T, files map[string][]byte, dir string) (ids, contents []string) {
	t.Helper()
	var rss rssFeed
	if err := xml.Unmarshal(files[dir+"index.xml"], &rss); err != nil {
		t.Errorf("%sindex.xml does not parse: %v", dir, err)
	}
	var atom atomFeedDoc
	if err := xml.Unmarshal(files[dir+"atom.xml"], &atom); err != nil {
		t.Errorf("%satom.xml does not parse: %v", dir, err)
	}
	var rssIDs []string
	for _, it := range rss.Channel.Items {
		rssIDs = append(rssIDs, it.GUID)
		if it.Link != it.GUID {
			t.Errorf("%sindex.xml: item link %s and guid %s differ", dir, it.Link, it.GUID)
		}
	}
	for _, e := range atom.Entries {
		ids = append(ids, e.ID)
		contents = append(contents, e.Content)
	}
	if !slices.Equal(rssIDs, ids) {
		t.Errorf("%s: RSS holds %v, Atom %v", dir, rssIDs, ids)
	}
	return ids, contents
}

func TestFeedsPerFocusAreaAndTag(t *testing.T) {
	b := buildSite(t, testData+shareBase+`
-- content/nyheter/a.md --
---
title: A
date: 2024-01-01
focusAreas: [kultur]
tags: [Nettverk]
---
Hele teksten av A.
-- content/nyheter/b.md --
---
title: B
date: 2024-02-01
focusAreas: [baerekraft, kultur]
tags: [nettverk]
---
Hele teksten av B, med [en lenke](/om/).
-- content/nyheter/c.md --
---
title: C
date: 2024-03-01
tags: [Annet]
---
Tekst av C.
-- content/rapporter/r.md --
---
title: R
date: 2023-06-01
tags: [Nettverk]
---
Rapporten.
-- content/om.md --
---
title: Om
---
`).ok()
	u := func(path string) string { return "https://example.org" + path }
	cases := []struct {
		dir  string
		want []string
	}{
		{"nyheter/", []string{u("/nyheter/c/"), u("/nyheter/b/"), u("/nyheter/a/")}},
		{"omrader/kultur/", []string{u("/nyheter/b/"), u("/nyheter/a/")}},
		{"omrader/baerekraft/", []string{u("/nyheter/b/")}},
		{"emner/nettverk/", []string{u("/nyheter/b/"), u("/nyheter/a/"), u("/rapporter/r/")}},
		{"emner/annet/", []string{u("/nyheter/c/")}},
	}
	for _, c := range cases {
		ids, contents := feedEntries(t, b.out.Files, c.dir)
		if !slices.Equal(ids, c.want) {
			t.Errorf("%s feeds hold %v, want %v (newest first, ids the absolute URLs)", c.dir, ids, c.want)
		}
		for i, content := range contents {
			if !strings.Contains(content, "<p>") {
				t.Errorf("%s entry %d has content %q, want the full HTML", c.dir, i, content)
			}
		}
	}
	_, contents := feedEntries(t, b.out.Files, "omrader/kultur/")
	if len(contents) > 0 && !strings.Contains(contents[0], `Hele teksten av B, med <a href="https://example.org/om/">`) {
		t.Errorf("entry content = %q, want the whole text with absolute links", contents[0])
	}

	// Each list page names its own feeds in its head.
	for page, title := range map[string]string{"omrader/kultur/index.html": "Innovasjonskultur", "emner/nettverk/index.html": "Nettverk"} {
		b.file(page,
			`<link rel="alternate" type="application/rss+xml" title="`+title+` (RSS)" href="https://example.org/`+strings.TrimSuffix(page, "index.html")+`index.xml">`,
			`<link rel="alternate" type="application/atom+xml" title="`+title+` (Atom)" href="https://example.org/`+strings.TrimSuffix(page, "index.html")+`atom.xml">`)
	}
	b.file("nyheter/index.html", "! rel=\"alternate\"") // the site's news feed is linked by head-meta
	b.file("om/index.html", "! rel=\"alternate\"")
}

// metaRE finds <meta property|name="…" content="…">; the minifier quotes a
// value holding " with '.
var metaRE = regexp.MustCompile(`<meta (?:property|name)="([^"]+)" content=(?:"([^"]*)"|'([^']*)')`)

// TestRepositorySiteSharesAndFeeds checks the repository's own site: every
// page has a canonical URL, Open Graph and Twitter card tags with the share
// image, and JSON-LD that parses with a BreadcrumbList; news, reports and the
// programme have their types; every feed parses and every feed a page names
// exists.
func TestRepositorySiteSharesAndFeeds(t *testing.T) {
	out := &Memory{}
	res, err := Build(os.DirFS("../.."), out, Options{Model: model.Options{Now: testNow}})
	if err != nil {
		t.Fatalf("the repository's site does not build:\n%v", err)
	}
	base := res.Site.Config.BaseURL
	alternate := regexp.MustCompile(`<link rel="alternate" type="application/(?:rss|atom)\+xml" title="[^"]+" href="([^"]+)">`)
	for _, site := range res.Site.All {
		for _, p := range site.Pages {
			data := out.Files[p.Out]
			if p.Kind == model.KindNotFound {
				continue // not indexed (noindex), nothing to share
			}
			meta := map[string]string{}
			for _, m := range metaRE.FindAllSubmatch(data, -1) {
				meta[string(m[1])] = html.UnescapeString(string(m[2]) + string(m[3]))
			}
			for _, k := range []string{"og:title", "og:description", "og:url", "og:type", "og:locale", "og:site_name", "og:image", "og:image:width", "og:image:height", "og:image:alt", "twitter:card"} {
				if meta[k] == "" {
					t.Errorf("%s: <meta %s> is missing or empty", p.Out, k)
				}
			}
			if want := site.AbsURL(p.URL); meta["og:url"] != want || !bytes.Contains(data, []byte(`<link rel="canonical" href="`+want+`">`)) {
				t.Errorf("%s: og:url %q and canonical must be %s", p.Out, meta["og:url"], want)
			}
			if img, ok := strings.CutPrefix(meta["og:image"], base); !ok || out.Files[img] == nil {
				t.Errorf("%s: og:image %s is not a file of the site", p.Out, meta["og:image"])
			}
			nodes := jsonLD(t, p.Out, data)
			if nodes == nil {
				continue
			}
			checkBreadcrumbs(t, p.Out, site.AbsURL(site.Home.URL), site.AbsURL(p.URL), nodes)
			switch {
			case p.Kind == model.KindNews:
				requireLD(t, p.Out+" NewsArticle", nodes["NewsArticle"], "headline", "datePublished", "dateModified", "author.name", "publisher.name", "url", "image")
			case p.Kind == model.KindReport:
				requireLD(t, p.Out+" Report", nodes["Report"], "headline", "datePublished", "author.name", "publisher.name", "url")
			case p.Kind == model.KindHome || p.Layout == "about":
				requireLD(t, p.Out+" GovernmentOrganization", nodes["GovernmentOrganization"], "name", "url", "address.streetAddress", "address.postalCode", "address.addressLocality", "parentOrganization.name")
			}
			for _, m := range alternate.FindAllSubmatch(data, -1) {
				if f, ok := strings.CutPrefix(string(m[1]), base); !ok || out.Files[f] == nil {
					t.Errorf("%s names feed %s, which is not a file of the site", p.Out, m[1])
				}
			}
		}
	}
	for name, data := range out.Files {
		if !strings.HasSuffix(name, "index.xml") && !strings.HasSuffix(name, "atom.xml") {
			continue
		}
		var v struct{ XMLName xml.Name }
		if err := xml.Unmarshal(data, &v); err != nil || (v.XMLName.Local != "rss" && v.XMLName.Local != "feed") {
			t.Errorf("%s is not a feed that parses: <%s>, %v", name, v.XMLName.Local, err)
		}
	}
	// A feed for each focus area with news, and for each tag.
	s := res.Site
	for _, a := range s.FocusAreas {
		if len(a.News) == 0 {
			continue
		}
		ids, _ := feedEntries(t, out.Files, strings.TrimPrefix(a.Page.URL, "/"))
		if len(ids) != min(len(a.News), 50) {
			t.Errorf("the feeds of %s hold %d entries, want its %d news posts", a.Page.URL, len(ids), len(a.News))
		}
	}
	for _, tag := range s.Tags {
		if _, ok := out.Files[strings.TrimPrefix(tag.Page.URL, "/")+"atom.xml"]; !ok {
			t.Errorf("tag %s has no feed", tag.Page.URL)
		}
	}
}
