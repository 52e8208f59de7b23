package model

import (
	"slices"
	"strconv"
	"strings"

	"sats/internal/load"
	"sats/internal/schema"
	"sats/internal/schemaorg"
)

// The table of page kinds: what each kind of page is made from, where it
// goes, which layouts show it and where else it appears. The model builds
// its pages from it, render picks layouts, feeds and structured data from it,
// and package search the pages it indexes. A new kind of page is one entry
// here (see docs/content-model.md, «Adding a kind of page»).

// Kind is the kind of a page.
type Kind string

// The kinds of page.
const (
	KindHome             Kind = "home"
	KindPage             Kind = "page"
	KindNotFound         Kind = "404"
	KindNews             Kind = "news"
	KindNewsList         Kind = "news-list"
	KindReport           Kind = "report"
	KindReportList       Kind = "report-list"
	KindProject          Kind = "project"
	KindProjectList      Kind = "project-list"
	KindFocusArea        Kind = "focusarea"
	KindFocusAreaList    Kind = "focusarea-list"
	KindMunicipality     Kind = "municipality"
	KindMunicipalityList Kind = "municipality-list"
	KindSupportKind      Kind = "supportkind"
	KindResults          Kind = "results"
	KindFigure           Kind = "figure"
	KindDatasets         Kind = "datasets"
	KindTag              Kind = "tag"
	KindTagList          Kind = "tag-list"
	KindEvent            Kind = "event"
	KindEventList        Kind = "event-list"
)

// From says where the item pages of a kind come from.
type From int

const (
	// FromModel: not from the files of a section's folder: the home page
	// and free pages come from files directly in content/, the pages of
	// support kinds, figures and tags from data/ and front matter.
	FromModel From = iota
	// FromDocuments: one page per Markdown file of the section's folder.
	FromDocuments
	// FromRecords: one page per record of data/; a Markdown file of the
	// section's folder named after a record's id adds its text.
	FromRecords
)

// Order is how the items of a kind are listed.
type Order int

const (
	NewestFirst Order = iota // by date, newest first
	ByWeight                 // by weight, then newest first
)

// Feed says whether a kind's list has feeds.
type Feed int

const (
	NoFeed   Feed = iota
	ListFeed      // the list page has RSS and Atom feeds of its items
	SiteFeed      // as ListFeed, and it is the site's feed: every page links to it
)

// KindSpec is one entry of the table of page kinds: a kind of item page and
// the list page of its section.
type KindSpec struct {
	Kind Kind // the kind of the item pages; "" for a section of only a list page
	List Kind // the kind of the section's list page; "" for none

	// Setting is the key under sections: in data/site.yaml whose value is
	// the section's content folder and first URL segment; "" for pages at
	// the top (home, free pages).
	Setting string
	From    From
	// FrontMatter is the schema (package schema) of the front matter of the
	// Markdown files in the section's folder, other than its _index.md.
	FrontMatter string

	// URL is the pattern of an item page's URL: {section} is the section's
	// name in the page's language, {slug} the file name, slug or id. A list
	// page is at /{section}/, its pages 2, 3, … at /{section}/<pagePath>/2/.
	URL string

	Layout     string // the layout of the item pages, unless front matter says otherwise
	ListLayout string // the layout of the list page
	ListTitle  string // the interface string that titles a list page made without _index.md

	Order        Order
	Paginate     bool // the list is split into pages of paginate: entries
	Feed         Feed
	DateRequired bool // an item page without a date is an error

	Search     string // interface string labelling the item pages in search results; "" leaves them out
	ListSearch string // likewise for the list page
	NoSitemap  bool   // the pages are left out of sitemap.xml

	// JSONLD is the schema.org type of an item page's structured data
	// (package render): an article type made from the page's title, date,
	// summary and tags (NewsArticle, Report, Article, BlogPosting, …), or
	// Dataset, a figure's node. "" gives only the breadcrumbs.
	JSONLD string
}

// kindTable returns the table of page kinds, made anew for each site: the
// first entry with a setting owns that setting's content folder.
func kindTable() []KindSpec {
	item := "/{section}/{slug}/"
	return []KindSpec{
		{Kind: KindHome, URL: "/", Layout: "home"},
		{Kind: KindPage, URL: "/{slug}/", Layout: "page", Search: "kindPage"},
		{Kind: KindNotFound, URL: "/404.html", Layout: "404", NoSitemap: true},
		{Kind: KindNews, List: KindNewsList, Setting: load.SectionNews, From: FromDocuments, FrontMatter: schema.News, URL: item,
			Layout: "news", ListLayout: "news-list", ListTitle: "news-list",
			Paginate: true, Feed: SiteFeed, DateRequired: true, Search: "kindNews", JSONLD: schemaorg.TypeNewsArticle},
		{Kind: KindReport, List: KindReportList, Setting: load.SectionReports, From: FromDocuments, FrontMatter: schema.Report, URL: item,
			Layout: "report", ListLayout: "report-list", ListTitle: "report-list",
			Order: ByWeight, Search: "kindReport", JSONLD: schemaorg.TypeReport},
		{Kind: KindProject, List: KindProjectList, Setting: load.SectionProjects, From: FromRecords, FrontMatter: schema.Text, URL: item,
			Layout: "project", ListLayout: "project-list", ListTitle: "project-list", Search: "kindProject"},
		// A kind of support lists its projects next to them, below the
		// projects' list page: its id is one URL segment like a project's.
		{Kind: KindSupportKind, List: KindProjectList, Setting: load.SectionProjects, URL: item, Layout: "supportkind"},
		{Kind: KindFocusArea, List: KindFocusAreaList, Setting: load.SectionFocusAreas, From: FromRecords, FrontMatter: schema.Text, URL: item,
			Layout: "focusarea", ListLayout: "focusarea-list", ListTitle: "focusarea-list", Search: "kindFocusArea"},
		{Kind: KindMunicipality, List: KindMunicipalityList, Setting: load.SectionMunicipalities, From: FromRecords, FrontMatter: schema.Text, URL: item,
			Layout: "municipality", ListLayout: "municipality-list", ListTitle: "municipality-list", Search: "kindMunicipality"},
		{Kind: KindFigure, List: KindResults, Setting: load.SectionResults, URL: item,
			Layout: "figure", ListLayout: "results", ListTitle: "results",
			Search: "kindFigure", ListSearch: "kindPage", JSONLD: schemaorg.TypeDataset},
		// A tag's page lists the pages that have it, split like a paginated
		// list, with feeds of those that are dated (tagPages; package render).
		{Kind: KindTag, List: KindTagList, Setting: load.SectionTags, URL: item,
			Layout: "tag", ListLayout: "tag-list", ListTitle: "tag-list"},
		{List: KindDatasets, Setting: load.SectionData, ListLayout: "datasets", ListTitle: "datasets", ListSearch: "kindPage"},
		{Kind: KindEvent, List: KindEventList, Setting: load.SectionEvents, From: FromDocuments, FrontMatter: schema.Event,
			URL: item, Layout: "event", ListLayout: "event-list", ListTitle: "event-list",
			Feed: ListFeed, DateRequired: true, Search: "kindEvent"},
	}
}

// FrontMatterSchemas returns the schema of the front matter of each
// section's pages, by the section's key, for load.Load.
func FrontMatterSchemas() map[string]string {
	out := map[string]string{}
	for _, k := range kindTable() {
		if _, ok := out[k.Setting]; k.Setting != "" && k.FrontMatter != "" && !ok {
			out[k.Setting] = k.FrontMatter
		}
	}
	return out
}

// kinds indexes the table by item and list kind, and by content folder.
type kinds struct {
	all      []KindSpec
	byKind   map[Kind]*KindSpec
	byFolder map[string]*KindSpec // the content folder (the site's own section name) → its owner
}

func newKinds(folders map[string]string) kinds {
	k := kinds{all: kindTable(), byKind: map[Kind]*KindSpec{}, byFolder: map[string]*KindSpec{}}
	for i := range k.all {
		e := &k.all[i]
		for _, kind := range []Kind{e.Kind, e.List} {
			if _, ok := k.byKind[kind]; kind != "" && !ok {
				k.byKind[kind] = e
			}
		}
		if f := folders[e.Setting]; e.Setting != "" && f != "" && k.byFolder[f] == nil {
			k.byFolder[f] = e
		}
	}
	return k
}

// Spec returns the entry of the table of page kinds for an item or list
// kind, or nil for a kind not in the table.
func (s *Site) Spec(k Kind) *KindSpec { return s.kinds.byKind[k] }

// Kinds returns a copy of the table of page kinds, in order.
func (s *Site) Kinds() []KindSpec { return slices.Clone(s.kinds.all) }

// IsList reports whether k is the kind of the entry's list page.
func (e *KindSpec) IsList(k Kind) bool { return e != nil && e.List != "" && e.List == k }

// URLOf returns the site-relative URL of a page of kind k in this site's
// language: the one place page URLs are made. slug names an item page (a
// file name, slug or id); n > 1 is page n of a list split into pages.
func (s *Site) URLOf(k Kind, slug string, n int) string {
	e := s.Spec(k)
	if e == nil {
		return ""
	}
	section := s.sections[e.Setting]
	u := "/" + section + "/"
	if !e.IsList(k) {
		u = strings.NewReplacer("{section}", section, "{slug}", slug).Replace(e.URL)
	}
	if n > 1 {
		u += s.Config.PagePath + "/" + strconv.Itoa(n) + "/"
	}
	return s.prefix + u
}

// Items returns the published pages of a kind made from documents (the
// kind's name, e.g. "news"), in the order of the kind's list, for layouts:
// {{range .Site.Items "news"}}.
func (s *Site) Items(kind string) []*Page { return s.items[Kind(kind)] }
