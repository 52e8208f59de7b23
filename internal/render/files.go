package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"time"

	"sats/internal/diag"
	"sats/internal/load"
	"sats/internal/model"
	"sats/internal/pool"
)

// File is an output file other than a page.
type File struct {
	Path string // relative to the output root
	Data []byte
}

// maxFeedItems is how many entries a feed holds, each with its full text: as
// many as a page of the news list. Feed readers fetch a feed again and again,
// so a feed of a tag with hundreds of posts stays small; older posts are on
// the site.
const maxFeedItems = 20

// feed is one pair of feeds (RSS and Atom) of the site: the page it is the
// feed of, and its entries, newest first. The feeds are <list URL>index.xml
// and <list URL>atom.xml.
type feed struct {
	list  *model.Page
	items []*model.Page
}

// feeds lists the site's feeds: those of the lists the table of page kinds
// gives feeds (all news); the news of each focus area; the dated pages of
// each tag. Only the site's feed (model.SiteFeed) is written when it has no
// entries.
func (r *Renderer) feeds() []feed {
	s := r.site
	var out []feed
	for _, k := range s.Kinds() {
		list := s.Sections[k.List]
		if list == nil || k.Feed == model.NoFeed {
			continue
		}
		if items := s.Items(string(k.Kind)); k.Feed == model.SiteFeed || len(items) > 0 {
			out = append(out, feed{list, items})
		}
		if k.Kind != model.KindNews {
			continue
		}
		for _, a := range s.FocusAreas {
			if a.Page != nil && len(a.News) > 0 {
				out = append(out, feed{a.Page, a.News})
			}
		}
	}
	for _, t := range s.Tags {
		var items []*model.Page
		for _, p := range t.Pages {
			if !p.Date.IsZero() {
				items = append(items, p)
			}
		}
		if t.Page != nil && len(items) > 0 {
			out = append(out, feed{t.Page, items})
		}
	}
	for i := range out {
		out[i].items = out[i].items[:min(maxFeedItems, len(out[i].items))]
	}
	return out
}

// FeedLink is a feed of a page, for <link rel="alternate"> in its head.
type FeedLink struct {
	Type  string // application/rss+xml or application/atom+xml
	Title string
	URL   string
}

// The feeds of a list are files next to its page: the one place their
// paths are made, for the files, the feeds' own self links, the links of
// the pages and the layouts (the template function feedURL).
const (
	feedRSS  = "rss"
	feedAtom = "atom"
)

// feedURL returns the site path of a list's feed of a kind (feedRSS or
// feedAtom), next to the list's page at url.
func feedURL(url, kind string) (string, error) {
	switch kind {
	case feedRSS:
		return url + "index.xml", nil
	case feedAtom:
		return url + "atom.xml", nil
	}
	return "", diag.Msg("no feed %q; use %q or %q", kind, feedRSS, feedAtom)
}

// mustFeedURL is feedURL of a kind this package names.
func mustFeedURL(url, kind string) string {
	u, _ := feedURL(url, kind)
	return u
}

// pageFeeds returns the feeds of a list page (a focus area, a tag) other
// than the site's news feed, which every page links to.
func (r *Renderer) pageFeeds(p *model.Page) []FeedLink {
	if p == nil || isSiteFeed(r.site, p) {
		return nil
	}
	for _, f := range r.feedLists() {
		if f.list.URL == p.URL {
			return []FeedLink{
				{Type: "application/rss+xml", Title: fmt.Sprintf(r.site.T("feedRSSFor"), p.Title), URL: mustFeedURL(p.URL, feedRSS)},
				{Type: "application/atom+xml", Title: fmt.Sprintf(r.site.T("feedAtomFor"), p.Title), URL: mustFeedURL(p.URL, feedAtom)},
			}
		}
	}
	return nil
}

// Job makes one output file other than a page.
type Job struct {
	Path string // relative to the output root
	Make func() ([]byte, error)
	// Bodies are the pages whose converted Markdown Make reads; with them,
	// what it reads is the model of the site and the renderer's settings,
	// which the build cache keys a page by too (build.Cache).
	Bodies []*model.Page
}

// Files lists the site's other files that do not depend on the pages being
// rendered: feeds, the sitemap and robots.txt. Each is made (and minified)
// when its job runs; the jobs may run in any order, on any core.
func (r *Renderer) Files() []Job {
	s := r.site
	var jobs []Job
	add := func(name string, bodies []*model.Page, make func() ([]byte, error)) {
		jobs = append(jobs, Job{name, func() ([]byte, error) {
			data, err := make()
			if err != nil {
				return nil, err
			}
			return r.Minify(name, data)
		}, bodies})
	}
	for _, f := range r.feedLists() {
		add(strings.TrimPrefix(mustFeedURL(f.list.URL, feedRSS), "/"), f.items, func() ([]byte, error) { return r.rss(f) })
		add(strings.TrimPrefix(mustFeedURL(f.list.URL, feedAtom), "/"), f.items, func() ([]byte, error) { return r.atom(f) })
	}
	// The site in its own language writes the files that cover every language.
	if s.Default == nil || s.Default == s {
		add("sitemap.xml", []*model.Page{}, func() ([]byte, error) { return sitemapXML(r.sitemapURLs()), nil })
		robots := fmt.Sprintf("User-agent: *\nAllow: /\n\nSitemap: %s\n", s.AbsURL("/sitemap.xml"))
		jobs = append(jobs, Job{"robots.txt", func() ([]byte, error) { return []byte(robots), nil }, []*model.Page{}})
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
	// Each on a core of its own: a share image takes a moment to draw, a
	// style sheet to minify.
	names := slices.Sorted(maps.Keys(assets))
	files := make([]File, len(names))
	errs := make([]error, len(names))
	pool.Each(len(names), func(i int) {
		u := assets[names[i]]
		data, drawn, err := r.drawShareImage(names[i], u)
		if !drawn {
			data, err = fs.ReadFile(r.fsys, load.StaticDir+"/"+names[i])
		}
		if err == nil {
			data, err = r.Minify(u, data)
		}
		files[i], errs[i] = File{Path: strings.TrimPrefix(u, "/"), Data: data}, err
	})
	for _, err := range errs {
		if err != nil {
			return nil, err // the first, as one after the other would stop at
		}
	}
	return files, nil
}

// updated is the newest date among the feed's items, so that two builds of
// the same input give the same feed.
func updated(items []*model.Page) time.Time {
	var t time.Time
	for _, p := range items {
		for _, d := range []time.Time{p.Date.Time, p.Lastmod} {
			if d.After(t) {
				t = d
			}
		}
	}
	return t
}

type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title       string    `xml:"title"`
	Link        string    `xml:"link"`
	Self        atomLink  `xml:"atom:link"`
	Description string    `xml:"description"`
	Language    string    `xml:"language"`
	LastBuild   string    `xml:"lastBuildDate,omitempty"`
	Items       []rssItem `xml:"item"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        rssGUID  `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
	Description string   `xml:"description"`
	Categories  []string `xml:"category"`
}

type rssGUID struct {
	Value       string `xml:",chardata"`
	IsPermaLink bool   `xml:"isPermaLink,attr"`
}

// isSiteFeed reports whether list is the list page of the site's feed, which
// every page links to.
func isSiteFeed(s *model.Site, list *model.Page) bool {
	k := s.Spec(list.Kind)
	return k != nil && k.Feed == model.SiteFeed && k.IsList(list.Kind)
}

func feedTitle(s *model.Site, list *model.Page) string {
	return s.Config.Title + " – " + list.Title
}

// feedDescription is the list page's summary, or the site's description.
func feedDescription(s *model.Site, list *model.Page) string {
	if list.Summary != "" && !isSiteFeed(s, list) {
		return list.Summary
	}
	return s.Config.Description
}

func (r *Renderer) rss(f feed) ([]byte, error) {
	s, list, items := r.site, f.list, f.items
	doc := rssDoc{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Channel: rssChannel{
		Title:       feedTitle(s, list),
		Link:        s.AbsURL(list.URL),
		Self:        atomLink{Href: s.AbsURL(mustFeedURL(list.URL, feedRSS)), Rel: "self", Type: "application/rss+xml"},
		Description: feedDescription(s, list),
		Language:    s.Config.Language,
	}}
	if t := updated(items); !t.IsZero() {
		doc.Channel.LastBuild = t.Format(time.RFC1123Z)
	}
	for _, p := range items {
		item := rssItem{
			Title:       p.Title,
			Link:        s.AbsURL(p.URL),
			GUID:        rssGUID{Value: s.AbsURL(p.URL), IsPermaLink: true},
			PubDate:     p.Date.Format(time.RFC1123Z),
			Description: r.feedContent(p),
		}
		for _, t := range p.Tags {
			item.Categories = append(item.Categories, t.Name)
		}
		doc.Channel.Items = append(doc.Channel.Items, item)
	}
	return marshalXML(doc)
}

// feedContent is an entry's full content with links made absolute, since feed
// readers show it away from the site.
func (r *Renderer) feedContent(p *model.Page) string {
	c := string(r.withBody(p).Content)
	if c == "" {
		return p.Summary
	}
	base := strings.TrimSuffix(r.site.Config.BaseURL, "/")
	c = strings.ReplaceAll(c, `href="/`, `href="`+base+`/`)
	return strings.ReplaceAll(c, `src="/`, `src="`+base+`/`)
}

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"xml:lang,attr"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomAuthor  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title     string         `xml:"title"`
	ID        string         `xml:"id"`
	Link      atomLink       `xml:"link"`
	Published string         `xml:"published"`
	Updated   string         `xml:"updated"`
	Summary   string         `xml:"summary,omitempty"`
	Content   atomContent    `xml:"content"`
	Category  []atomCategory `xml:"category"`
}

type atomContent struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

func (r *Renderer) atom(f feed) ([]byte, error) {
	s, list, items := r.site, f.list, f.items
	feed := atomFeed{
		Lang:     s.Config.Language,
		Title:    feedTitle(s, list),
		Subtitle: feedDescription(s, list),
		ID:       s.AbsURL(list.URL),
		Updated:  updated(items).Format(time.RFC3339),
		Links: []atomLink{
			{Href: s.AbsURL(mustFeedURL(list.URL, feedAtom)), Rel: "self", Type: "application/atom+xml"},
			{Href: s.AbsURL(list.URL), Rel: "alternate", Type: "text/html"},
		},
		Author: atomAuthor{Name: s.Config.Author},
	}
	for _, p := range items {
		// Feeds need a full date: a date known only to a month, a season
		// or a year is given as the first day of that period.
		mod := p.Date.Time
		if p.Lastmod.After(mod) {
			mod = p.Lastmod
		}
		e := atomEntry{
			Title:     p.Title,
			ID:        s.AbsURL(p.URL),
			Link:      atomLink{Href: s.AbsURL(p.URL), Rel: "alternate", Type: "text/html"},
			Published: p.Date.Format(time.RFC3339),
			Updated:   mod.Format(time.RFC3339),
			Summary:   p.Summary,
			Content:   atomContent{Type: "html", Value: r.feedContent(p)},
		}
		for _, t := range p.Tags {
			e.Category = append(e.Category, atomCategory{Term: t.Name})
		}
		feed.Entries = append(feed.Entries, e)
	}
	return marshalXML(feed)
}

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
			if k := site.Spec(p.Kind); k != nil && k.NoSitemap {
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

// sitemapXML writes a sitemap as marshalXML writes a urlset, without
// reflection: a large site's sitemap has a URL for every page.
func sitemapXML(urls []sitemapURL) []byte {
	var buf bytes.Buffer
	buf.Grow(len(xml.Header) + 100 + 90*len(urls))
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, u := range urls {
		buf.WriteString("<url><loc>")
		_ = xml.EscapeText(&buf, []byte(u.Loc))
		buf.WriteString("</loc>")
		if u.Lastmod != "" {
			buf.WriteString("<lastmod>")
			_ = xml.EscapeText(&buf, []byte(u.Lastmod))
			buf.WriteString("</lastmod>")
		}
		buf.WriteString("</url>")
	}
	buf.WriteString("</urlset>")
	return buf.Bytes()
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
