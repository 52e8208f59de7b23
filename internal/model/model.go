// Package model owns the site as a set of pages: which pages exist, their URLs
// and output paths, what each page shows, and how records refer to each other.
//
// New turns what package load read into a Site. It resolves every reference
// (a project's focus area, support kind and municipalities; a news post's
// projects and focus areas; the source document of a figure, a project, a
// news post or a report, from data/sources.yaml), computes figures from the
// project records (a region-wide project counts once, as the whole region,
// and the records of one effort count once), decides
// which pages are published (drafts, future and expired pages are left out
// unless Options say otherwise), and reports every dangling reference and URL
// collision at once.
//
// How files become pages:
//
//	content/_index.md               → /               home
//	content/<name>.md               → /<name>/        page (content/404.md → /404.html)
//	content/<news>/_index.md        → /<news>/        news list, paginated (/<news>/<pagePath>/2/ …)
//	content/<news>/<name>.md        → /<news>/<slug>/ news post
//	content/<reports>/<name>.md     → /<reports>/<slug>/ report
//	data/projects.yaml              → /<projects>/<id>/ one page per project
//	data/focus_areas.yaml           → /<focusAreas>/<id>/
//	data/municipalities.yaml        → /<municipalities>/<id>/
//	data/projects.yaml supportKinds → /<projects>/<id>/ one page per kind of support
//	data/results.yaml               → /<results>/, /<results>/<figure>/ and /<data>/
//	front matter tags               → /<tags>/<tag>/
//
// The section names (<news> and so on) come from data/site.yaml. A Markdown
// file content/<projects>/<id>.md (likewise for focus areas and municipalities)
// adds body text to the record with that id.
//
// What each kind of page is made from, its URL pattern, its layouts, and
// whether it has list pages, pagination, feeds, search entries and
// structured data is one entry of the table of page kinds (kinds.go); the
// model builds the pages from it, Site.URLOf makes every page URL from it,
// and packages render and search read it through Site.Spec. Adding a kind of
// page is described in docs/content-model.md.
package model

import (
	"html/template"
	"slices"
	"strings"
	"time"

	"sats/internal/diag"
	"sats/internal/load"
	"sats/internal/locale"
)

// Options decide which pages are published.
type Options struct {
	Drafts  bool      // include pages with draft: true
	Future  bool      // include pages dated after Now
	Expired bool      // include pages whose expiryDate is before Now
	Now     time.Time // the time of the build; the zero time means time.Now()
	Lang    string    // the language to build; "" means the site's own
}

// Site is the whole site in one language. A site with translations is one
// Site per language, linked by Link.
type Site struct {
	Lang     string      // the language of this site's pages
	Config   load.Config // the settings, with this language's title, menus and sections
	Locale   *locale.Locale
	Location *time.Location
	Strings  map[string]string // interface strings of the site's language

	Pages []*Page // every HTML page, in output path order

	Home           *Page
	NotFound       *Page
	News           []*Page // published news posts, newest first
	Reports        []*Page // by weight, then newest first
	FreePages      []*Page // content/<name>.md, by weight then title
	Projects       []*Project
	FocusAreas     []*FocusArea
	OriginalAreas  []*OriginalArea
	Municipalities []*Municipality
	WholeRegion    []*Project // the projects for the whole region, listed on every municipality's page
	NoFocusArea    []*Project // the projects whose record names no focus area
	Region         load.Region
	SupportKinds   []*SupportKind
	Organisation   load.Organisation
	Figures        []*Figure
	DataArchive    *Download // the zip of every download of Figures, set by the build's figures step; nil without an open data page
	Sources        []*Source // the documents the facts come from (data/sources.yaml)
	Licence        load.Licence
	Tags           []*Tag

	// Section list pages by kind (KindNewsList, KindProjectList, …); for the
	// news list, the first page.
	Sections map[Kind]*Page

	// The sites in every language, the site's own first, and the site's own
	// (Default): a page without a translation is shown from there, marked as
	// being in its language. Set by Link.
	All     []*Site
	Default *Site

	LeftOut    []LeftOut // pages not published, and why
	NextChange time.Time // when a left-out page becomes due or a page expires; zero if never

	byURL    map[string]*Page
	byDoc    map[string]*Page
	sections map[string]string // this language's section names, by setting (load.Sections.Map)
	kinds    kinds             // the table of page kinds
	items    map[Kind][]*Page  // the pages of each kind made from documents, in list order
	prefix   string            // URL prefix of the language: "" or "/en"
}

// LeftOut is a content file that is not published.
type LeftOut struct {
	Path   string
	Reason string // "draft", "future" or "expired"
	Date   time.Time
}

// Page is one HTML page of the site.
type Page struct {
	Site    *Site
	Kind    Kind
	URL     string // site-relative, starting and (except files) ending with /
	Out     string // output path relative to the output root, e.g. om/index.html
	Title   string
	Summary string
	Date    load.Date // as precisely as the source gives it; Date.Time is the first day of the period
	Lastmod time.Time
	Expiry  time.Time
	Draft   bool
	Future  bool // dated after the build time (only published with Options.Future)
	Weight  int
	Lang    string         // the page's language
	Key     string         // the same for a page and its translations, e.g. nyheter/x or prosjekter/id
	Layout  string         // the layout to render with; the kind's (see KindSpec) unless front matter says otherwise
	Doc     *load.Document // the Markdown source, nil for pages made from data only
	Section *Page          // the list page this page belongs to, nil for top-level pages

	Tags       []*Tag
	Source     *Citation    // news and reports: where the facts come from; nil if not stated
	FocusAreas []*FocusArea // news: the focus areas it is about
	Projects   []*Project   // news: the projects it is about

	// Reports.
	Publisher   string
	Period      string
	TOC         bool
	Attachments []Attachment

	// The record a page presents, by kind.
	Project      *Project
	FocusArea    *FocusArea
	Municipality *Municipality
	SupportKind  *SupportKind
	Tag          *Tag
	Figure       *Figure

	Pager *Pager // list pages split into several pages

	// Translations are the same page in the site's other languages, in the
	// order of Site.All. Set by Link.
	Translations []*Page

	// The Markdown body as HTML and its headings: set on the copy of the
	// page that its layout runs on, so that no layout reads another page's
	// body (render.Renderer.UseBodies).
	Content  template.HTML
	Headings []Heading
}

// Heading is a heading of a page's body, for tables of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Attachment is a file of a report, with its size.
type Attachment struct {
	Title  string
	URL    string
	Format string
	Size   int64
}

// Pager is one page of a paginated list.
type Pager struct {
	Number int     // 1-based
	Pages  []*Page // every page of the list, in order
	Items  []*Page // the entries shown on this page
}

// Prev returns the previous page of the list, or nil.
func (p *Pager) Prev() *Page {
	if p.Number <= 1 {
		return nil
	}
	return p.Pages[p.Number-2]
}

// Next returns the next page of the list, or nil.
func (p *Pager) Next() *Page {
	if p.Number >= len(p.Pages) {
		return nil
	}
	return p.Pages[p.Number]
}

// PagerLink is an entry of a list's page navigation: a page of the list, or
// a gap where pages are left out (Page nil).
type PagerLink struct {
	Number  int   // 1-based; 0 for a gap
	Page    *Page // nil for a gap
	Current bool  // the page the navigation is on
}

// Links returns the navigation of this page of the list: the first and the
// last page, and around pages on either side of this one, with a gap where
// pages are left out. A list of 500 pages is not 500 links on every page,
// which would make each page longer and the build quadratic:
//
//	1 … 5 6 [7] 8 9 … 500
//
// A gap of one page shows that page instead.
func (p *Pager) Links(around int) []PagerLink {
	n := len(p.Pages)
	var out []PagerLink
	for i := 1; i <= n; i++ {
		near := i >= p.Number-around && i <= p.Number+around
		edge := i == 1 || i == n
		// A gap would hide a single page: show it.
		single := (i == 2 && p.Number-around == 3) || (i == n-1 && p.Number+around == n-2)
		if near || edge || single {
			out = append(out, PagerLink{Number: i, Page: p.Pages[i-1], Current: i == p.Number})
			continue
		}
		if len(out) > 0 && out[len(out)-1].Page != nil {
			out = append(out, PagerLink{})
		}
		if i < p.Number {
			i = p.Number - around - 1 // jump to the pages around this one
		} else {
			i = n - 1 // jump to the last
		}
	}
	return out
}

// Project is a supported project.
type Project struct {
	load.Project
	Untranslated   map[string]bool // fields shown in the site's own language: {{lang .Untranslated.Summary}}
	FocusArea      *FocusArea      // nil when not stated
	Support        *SupportKind
	Municipalities []*Municipality
	PartOf         *Project
	Parts          []*Project
	Effort         *Project   // the record of the larger effort this one is another grant or round of
	Rounds         []*Project // the other records of this effort
	Source         *Citation  // where the record's facts come from; nil if not stated
	News           []*Page
	Page           *Page
}

// FocusArea is a focus area with what belongs to it.
type FocusArea struct {
	load.FocusArea
	Untranslated  map[string]bool // fields shown in the site's own language: {{lang .Untranslated.Summary}}
	Projects      []*Project
	OriginalAreas []*OriginalArea // the earlier areas merged into this one
	News          []*Page
	Page          *Page
}

// OriginalArea is an area of the first plan.
type OriginalArea struct {
	load.OriginalArea
	Untranslated map[string]bool // fields shown in the site's own language: {{lang .Untranslated.Summary}}
	MergedInto   *FocusArea
}

// Municipality is a municipality with its projects.
type Municipality struct {
	load.Municipality
	Untranslated map[string]bool // fields shown in the site's own language: {{lang .Untranslated.Summary}}
	Projects     []*Project
	Page         *Page
}

// LatestPopulation returns the newest population count.
func (m *Municipality) LatestPopulation() load.Count {
	var latest load.Count
	for _, c := range m.Population {
		if c.Date.After(latest.Date) {
			latest = c
		}
	}
	return latest
}

// SupportKind is a kind of support with its projects.
type SupportKind struct {
	load.SupportKind
	Untranslated map[string]bool // fields shown in the site's own language: {{lang .Untranslated.Summary}}
	Projects     []*Project
	Page         *Page
}

// Tag is a subject with the pages that have it.
type Tag struct {
	Name  string
	Slug  string
	Pages []*Page // newest first
	Page  *Page
}

// Section returns the list page of a section by kind name ("news-list",
// "project-list", …), or nil.
func (s *Site) Section(kind string) *Page { return s.Sections[Kind(kind)] }

// PageByURL returns the page at a site-relative URL.
func (s *Site) PageByURL(url string) *Page { return s.byURL[url] }

// PageForDoc returns the page made from a content file (e.g.
// content/om.md), or nil if it has none (a draft, say).
func (s *Site) PageForDoc(path string) *Page { return s.byDoc[path] }

// T returns the interface string for key, or key itself if the site's
// language file does not define it.
func (s *Site) T(key string) string {
	if v, ok := s.Strings[key]; ok {
		return v
	}
	return key
}

// AbsURL returns the absolute URL of a site-relative path.
func (s *Site) AbsURL(p string) string { return AbsURL(s.Config.BaseURL, p) }

// AbsURL joins a site's base URL and a site-relative path: the one place
// absolute URLs are made.
func AbsURL(base, p string) string {
	return strings.TrimSuffix(base, "/") + "/" + strings.TrimPrefix(p, "/")
}

// Breadcrumbs returns the pages from the home page down to p's parent.
func (p *Page) Breadcrumbs() []*Page {
	var chain []*Page
	for s := p.Section; s != nil && s.URL != p.URL; s = s.Section {
		chain = append(chain, s)
		if s.Kind == KindHome {
			break
		}
	}
	if p.Kind != KindHome && p.Site.Home != nil && (len(chain) == 0 || chain[len(chain)-1] != p.Site.Home) {
		chain = append(chain, p.Site.Home)
	}
	slices.Reverse(chain)
	return chain
}

// Pos is where the page comes from, for messages.
func (p *Page) Pos() diag.Pos {
	if p.Doc != nil {
		return p.Doc.Front.Pos
	}
	switch {
	case p.Project != nil:
		return p.Project.Pos
	case p.FocusArea != nil:
		return p.FocusArea.Pos
	case p.Municipality != nil:
		return p.Municipality.Pos
	case p.SupportKind != nil:
		return p.SupportKind.Pos
	}
	return diag.Pos{Path: "(generated " + p.URL + ")"}
}

// IsSection reports whether the page is the list page of a section.
func (p *Page) IsSection() bool {
	s := p.Site.Sections[p.Kind] // by URL: a layout runs on a copy of the page (render.Page)
	return (s != nil && s.URL == p.URL) || (p.Pager != nil && p.Site.Spec(p.Kind).IsList(p.Kind))
}

// InSection reports whether p is page s or one of the pages below it, for
// marking the current menu item.
func (p *Page) InSection(url string) bool {
	if url == "/" {
		return p.URL == "/"
	}
	return strings.HasPrefix(p.URL, url)
}
