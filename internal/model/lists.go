package model

import (
	"cmp"
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

// byDateDesc orders pages newest first, then by URL.
func byDateDesc(a, c *Page) int {
	return cmp.Or(c.Date.Compare(a.Date.Time), cmp.Compare(a.URL, c.URL))
}

// lists sorts the collections and makes the list pages: sections (made even
// without an _index.md), pagination and tags.
func (b *builder) lists() {
	s := b.site
	b.sortItems()
	if s.Home == nil {
		b.problems.Add(diag.Pos{Path: load.ContentDir + "/_index.md"}, "the home page is missing; create content/_index.md with a title")
		s.Home = b.newPage(KindHome, "", 0, nil)
	}
	for i := range s.kinds.all {
		k := &s.kinds.all[i]
		if k.List == "" || (s.Sections[k.List] == nil && s.sections[k.Setting] == "") {
			continue // no list, or the section does not exist in this language
		}
		p := s.Sections[k.List]
		if p == nil {
			p = b.newPage(k.List, "", 0, nil)
			p.Title = s.T(k.ListTitle)
			s.Sections[k.List] = p
		}
		p.Section = s.Home
		p.Key = string(k.List)
	}
	// Every page below its section's list page, or below the home page.
	for _, p := range s.Pages {
		k := s.Spec(p.Kind)
		switch {
		case p.Kind == KindHome || p.Section != nil:
		case k.List == "":
			p.Section = s.Home
		case !k.IsList(p.Kind):
			p.Section = s.Sections[k.List]
		}
	}
	for i := range s.kinds.all {
		k := &s.kinds.all[i]
		if list := s.Sections[k.List]; list != nil && k.Paginate {
			b.paginate(list, s.items[k.Kind])
		}
	}
	if tags := s.Sections[KindTagList]; tags != nil {
		b.tagPages(tags)
	}
}

// sortItems puts the pages of each kind in the order of its list, and the
// pages that list others.
func (b *builder) sortItems() {
	s := b.site
	for _, k := range s.kinds.all {
		items := s.items[k.Kind]
		switch k.Order {
		case NewestFirst:
			slices.SortFunc(items, byDateDesc)
		case ByWeight:
			slices.SortFunc(items, func(a, c *Page) int { return cmp.Or(cmp.Compare(a.Weight, c.Weight), byDateDesc(a, c)) })
		}
	}
	s.News, s.Reports = s.items[KindNews], s.items[KindReport]
	slices.SortFunc(s.FreePages, func(a, c *Page) int { return cmp.Or(cmp.Compare(a.Weight, c.Weight), cmp.Compare(a.Title, c.Title)) })
	for _, a := range s.FocusAreas {
		slices.SortFunc(a.News, byDateDesc)
	}
	for _, p := range s.Projects {
		slices.SortFunc(p.News, byDateDesc)
	}
}

// paginate splits a list into pages: page 1 is the list page; pages 2, 3, …
// follow.
func (b *builder) paginate(list *Page, items []*Page) {
	s := b.site
	per := s.Config.Paginate
	n := max(1, (len(items)+per-1)/per)
	pages := []*Page{list}
	for i := 2; i <= n; i++ {
		p := b.newPage(list.Kind, "", i, nil)
		p.Title, p.Summary, p.Doc, p.Layout = list.Title, list.Summary, list.Doc, list.Layout
		p.Section = s.Home
		pages = append(pages, p)
	}
	for i, p := range pages {
		p.Pager = &Pager{Number: i + 1, Pages: pages, Items: items[i*per : min(len(items), (i+1)*per)]}
	}
}

// tagPages makes a page for every tag, below the tag list.
func (b *builder) tagPages(tags *Page) {
	s := b.site
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
		per := s.Config.Paginate
		n := max(1, (len(t.Pages)+per-1)/per)
		list := make([]*Page, n)
		for i := range list {
			list[i] = b.newPage(KindTag, slug, i+1, nil)
			list[i].Title, list[i].Tag, list[i].Section = t.Name, t, tags
		}
		for i, lp := range list {
			lp.Pager = &Pager{Number: i + 1, Pages: list, Items: t.Pages[i*per : min(len(t.Pages), (i+1)*per)]}
		}
		t.Page = list[0]
		s.Tags = append(s.Tags, t)
	}
}
