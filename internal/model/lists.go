package model

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"sats/internal/diag"
	"sats/internal/load"
	"sats/internal/locale"
)

// The list pages: sections, news pagination and tags.

func (b *builder) tag(name string) *Tag {
	if t := b.tagNames[name]; t != nil {
		return t
	}
	defer func() { b.tagNames[name] = b.tags[locale.Slug(name)] }()
	slug := locale.Slug(name)
	t := b.tags[slug]
	if t == nil {
		t = &Tag{Name: name, Slug: slug}
		b.tags[slug] = t
	}
	return t
}

// lists sorts the collections and makes the list pages: sections (made even
// without an _index.md), news pagination and tags.
func (b *builder) lists() {
	s, sec := b.site, b.site.Config.Sections
	byDateDesc := func(a, c *Page) int {
		return cmp.Or(c.Date.Compare(a.Date.Time), cmp.Compare(a.URL, c.URL))
	}
	slices.SortFunc(s.News, byDateDesc)
	slices.SortFunc(s.Reports, func(a, c *Page) int { return cmp.Or(cmp.Compare(a.Weight, c.Weight), byDateDesc(a, c)) })
	slices.SortFunc(s.FreePages, func(a, c *Page) int { return cmp.Or(cmp.Compare(a.Weight, c.Weight), cmp.Compare(a.Title, c.Title)) })
	for _, a := range s.FocusAreas {
		slices.SortFunc(a.News, byDateDesc)
	}
	for _, p := range s.Projects {
		slices.SortFunc(p.News, byDateDesc)
	}

	if s.Home == nil {
		b.problems.Add(diag.Pos{Path: load.ContentDir + "/_index.md"}, "the home page is missing; create content/_index.md with a title")
		s.Home = b.newPage(KindHome, "/", nil)
	}
	section := func(kind Kind, name string) *Page {
		p := s.Sections[kind]
		if p == nil && name == "" {
			return nil // the section does not exist in this language
		}
		if p == nil {
			p = b.newPage(kind, "/"+name+"/", nil)
			p.Title = s.T(string(kind))
			s.Sections[kind] = p
		}
		p.Section = s.Home
		p.Key = string(kind)
		return p
	}
	newsList := section(KindNewsList, sec.News)
	reports := section(KindReportList, sec.Reports)
	projects := section(KindProjectList, sec.Projects)
	areas := section(KindFocusAreaList, sec.FocusAreas)
	municipalities := section(KindMunicipalityList, sec.Municipalities)
	section(KindResults, sec.Results)
	tags := section(KindTagList, sec.Tags)

	for _, p := range s.News {
		p.Section = newsList
	}
	for _, p := range s.Reports {
		p.Section = reports
	}
	for _, pr := range s.Projects {
		pr.Page.Section = projects
	}
	for _, k := range s.SupportKinds {
		if k.Page != nil {
			k.Page.Section = projects
		}
	}
	for _, a := range s.FocusAreas {
		a.Page.Section = areas
	}
	for _, m := range s.Municipalities {
		m.Page.Section = municipalities
	}
	for _, p := range s.FreePages {
		if p.Kind == KindPage {
			p.Section = s.Home
		}
	}
	if s.NotFound != nil {
		s.NotFound.Section = s.Home
	}

	// News pagination: page 1 is the section page; pages 2, 3, … follow.
	if newsList != nil {
		b.paginate(newsList)
	}
	if tags != nil {
		b.tagPages(tags)
	}
}

func (b *builder) paginate(newsList *Page) {
	s, sec := b.site, b.site.Config.Sections
	per := s.Config.Paginate
	n := max(1, (len(s.News)+per-1)/per)
	pages := []*Page{newsList}
	for i := 2; i <= n; i++ {
		p := b.newPage(KindNewsList, fmt.Sprintf("/%s/%s/%d/", sec.News, s.Config.PagePath, i), nil)
		p.Title, p.Summary, p.Doc, p.Layout = newsList.Title, newsList.Summary, newsList.Doc, newsList.Layout
		p.Section = s.Home
		pages = append(pages, p)
	}
	for i, p := range pages {
		p.Pager = &Pager{Number: i + 1, Pages: pages, Items: s.News[i*per : min(len(s.News), (i+1)*per)]}
	}

}

// tagPages makes a page for every tag, below the tag list.
func (b *builder) tagPages(tags *Page) {
	s, sec := b.site, b.site.Config.Sections
	byDateDesc := func(a, c *Page) int {
		return cmp.Or(c.Date.Compare(a.Date.Time), cmp.Compare(a.URL, c.URL))
	}
	for _, p := range s.Pages {
		for _, t := range p.Tags {
			t.Pages = append(t.Pages, p)
		}
	}
	for _, slug := range slices.Sorted(maps.Keys(b.tags)) {
		t := b.tags[slug]
		if slug == "" {
			continue
		}
		slices.SortFunc(t.Pages, byDateDesc)
		// A tag with more pages than a page of the news list holds is split
		// like the news list: /emner/<tag>/, /emner/<tag>/side/2/, …
		base := "/" + sec.Tags + "/" + slug + "/"
		per := s.Config.Paginate
		n := max(1, (len(t.Pages)+per-1)/per)
		list := make([]*Page, n)
		for i := range list {
			url := base
			if i > 0 {
				url = fmt.Sprintf("%s%s/%d/", base, s.Config.PagePath, i+1)
			}
			list[i] = b.newPage(KindTag, url, nil)
			list[i].Title, list[i].Tag, list[i].Section = t.Name, t, tags
		}
		for i, lp := range list {
			lp.Pager = &Pager{Number: i + 1, Pages: list, Items: t.Pages[i*per : min(len(t.Pages), (i+1)*per)]}
		}
		t.Page = list[0]
		s.Tags = append(s.Tags, t)
	}
}
