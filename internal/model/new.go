package model

import (
	"cmp"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"sats/internal/diag"
	"sats/internal/load"
	"sats/internal/locale"
)

// New builds the site from its loaded input. It returns every problem of the
// model (dangling references, duplicate ids, URL collisions, …) as one
// diag.List.
func New(in *load.Input, opts Options) (*Site, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	lang := cmp.Or(opts.Lang, in.Config.Language)
	if lang != in.Config.Language && in.Config.Languages[lang] == nil {
		return nil, diag.Errorf(diag.Pos{Path: load.DataDir + "/site.yaml"}, "no language %q under languages", lang)
	}
	cfg := in.Config.LanguageConfig(lang)
	// Records are translated into the other languages; fields a translation
	// leaves out are shown in the site's own language.
	tlang := lang
	if lang == in.Config.Language {
		tlang = ""
	}
	loc, _ := locale.For(lang)
	if loc == nil {
		loc, _ = locale.For("nb")
	}
	s := &Site{
		Lang:         lang,
		Config:       cfg,
		Locale:       loc,
		Location:     in.Location,
		Strings:      in.Data.I18n[lang],
		Region:       in.Data.Municipalities.Region,
		Organisation: localize(in.Data.Organisation, in.Data.Organisation.Translations, tlang, nil),
		Licence:      localize(in.Data.Results.Licence, in.Data.Results.Licence.Translations, tlang, nil),
		Sections:     map[Kind]*Page{},
		byURL:        map[string]*Page{},
		byDoc:        map[string]*Page{},
	}
	org := &s.Organisation
	org.Phases = slices.Clone(org.Phases)
	for i, ph := range org.Phases {
		org.Phases[i] = localize(ph, ph.Translations, tlang, nil)
	}
	org.Board = slices.Clone(org.Board)
	for i, p := range org.Board {
		org.Board[i] = localize(p, p.Translations, tlang, nil)
	}
	org.Observers = slices.Clone(org.Observers)
	for i, p := range org.Observers {
		org.Observers[i] = localize(p, p.Translations, tlang, nil)
	}
	org.Partners = slices.Clone(org.Partners)
	for i, p := range org.Partners {
		org.Partners[i] = localize(p, p.Translations, tlang, nil)
	}
	var problems diag.List
	if lang != in.Config.Language {
		checkStrings(in, lang, &problems)
	}
	b := &builder{site: s, in: in, opts: opts, problems: problems, tags: map[string]*Tag{}, tagNames: map[string]*Tag{}, folders: in.Config.Sections, tlang: tlang}
	if lang != in.Config.Language {
		b.prefix = "/" + lang
	}
	// The order matters: records first, so that pages can refer to them;
	// documents next; then the pages made from records, which pick up the
	// documents' text; lists last, when every entry is known.
	b.sources()
	b.records()
	b.documents()
	b.recordPages()
	b.lists()
	b.linkSources()
	s.buildFigures(in.Data.Results.Figures, tlang, b.cite, &b.problems)
	b.figurePages()
	b.index()
	return s, b.problems.Err()
}

type builder struct {
	site     *Site
	in       *load.Input
	opts     Options
	problems diag.List
	tags     map[string]*Tag // by slug
	tagNames map[string]*Tag // by name as written, to spare slugging it again
	prefix   string          // URL prefix of the language: "" or "/en"
	tlang    string          // the language records are translated into; "" for the site's own
	folders  load.Sections   // the content folders (the site language's section names)
	// Markdown texts for records, by section and id.
	texts map[string]*load.Document
	// Records left out as drafts, as section/id: their texts are left out too.
	unpublished []string
}

func (b *builder) checkID(id string, pos diag.Pos, what *diag.Message, seen map[string]bool) bool {
	switch {
	case id == "":
		return false
	case locale.Slug(id) != id:
		b.problems.Add(pos, "%s id %q is not a slug; use lower case letters a–z, digits and '-', e.g. %q", what, id, locale.Slug(id))
		return false
	case seen[id]:
		b.problems.Add(pos, "%s id %q is used twice; give each %s its own id", what, id, what)
		return false
	}
	seen[id] = true
	return true
}

// resolve looks a reference up among records with ids, reporting a dangling
// one with the ids that exist.
func resolve[T any](b *builder, ref load.Ref, what *diag.Message, all []*T, id func(*T) string) *T {
	if ref.ID == "" {
		return nil
	}
	ids := make([]string, len(all))
	for i, r := range all {
		if id(r) == ref.ID {
			return r
		}
		ids[i] = id(r)
	}
	hint := diag.Msg("defined are: %s", strings.Join(ids, ", "))
	if sug := diag.Suggest(ref.ID, ids); sug != "" {
		hint = diag.Msg("did you mean %q? defined are: %s", sug, strings.Join(ids, ", "))
	}
	if len(ids) == 0 {
		hint = diag.Msg("none are defined")
	}
	b.problems.Add(ref.Pos, "%s %q is not defined; %s", what, ref.ID, hint)
	return nil
}

func (b *builder) records() {
	s, d := b.site, b.in.Data
	seen := map[string]bool{}
	lang := b.tlang
	for _, a := range d.FocusAreas.FocusAreas {
		if b.checkID(a.ID, a.Pos, diag.Msg("focus area"), seen) {
			fa := &FocusArea{}
			fa.FocusArea = localize(a, a.Translations, lang, &fa.Untranslated)
			s.FocusAreas = append(s.FocusAreas, fa)
		}
	}
	seen = map[string]bool{}
	for _, o := range d.FocusAreas.OriginalAreas {
		if !b.checkID(o.ID, o.Pos, diag.Msg("original area"), seen) {
			continue
		}
		oa := &OriginalArea{}
		oa.OriginalArea = localize(o, o.Translations, lang, &oa.Untranslated)
		oa.MergedInto = resolve(b, o.MergedInto, diag.Msg("focus area"), s.FocusAreas, focusAreaID)
		if oa.MergedInto != nil {
			oa.MergedInto.OriginalAreas = append(oa.MergedInto.OriginalAreas, oa)
		}
		s.OriginalAreas = append(s.OriginalAreas, oa)
	}
	seen = map[string]bool{}
	for _, m := range d.Municipalities.Municipalities {
		if b.checkID(m.ID, m.Pos, diag.Msg("municipality"), seen) {
			mu := &Municipality{}
			mu.Municipality = localize(m, m.Translations, lang, &mu.Untranslated)
			s.Municipalities = append(s.Municipalities, mu)
		}
	}
	seen = map[string]bool{}
	for _, k := range d.Projects.SupportKinds {
		if b.checkID(k.ID, k.Pos, diag.Msg("support kind"), seen) {
			sk := &SupportKind{}
			sk.SupportKind = localize(k, k.Translations, lang, &sk.Untranslated)
			s.SupportKinds = append(s.SupportKinds, sk)
		}
	}
	seen = map[string]bool{}
	for _, lp := range d.Projects.Projects {
		if !b.checkID(lp.ID, lp.Pos, diag.Msg("project"), seen) {
			continue
		}
		if lp.Draft && !b.opts.Drafts {
			b.unpublished = append(b.unpublished, b.folders.Projects+"/"+lp.ID)
			b.site.LeftOut = append(b.site.LeftOut, LeftOut{Path: lp.Pos.String(), Reason: "draft"})
			continue
		}
		p := &Project{}
		p.Project = localize(lp, lp.Translations, lang, &p.Untranslated)
		p.FocusArea = resolve(b, lp.FocusArea, diag.Msg("focus area"), s.FocusAreas, focusAreaID)
		if p.FocusArea != nil {
			p.FocusArea.Projects = append(p.FocusArea.Projects, p)
		}
		p.Support = resolve(b, lp.Support, diag.Msg("support kind"), s.SupportKinds, supportKindID)
		if p.Support != nil {
			p.Support.Projects = append(p.Support.Projects, p)
		}
		if p.WholeRegion {
			s.WholeRegion = append(s.WholeRegion, p)
		}
		for _, ref := range lp.Municipalities {
			if m := resolve(b, ref, diag.Msg("municipality"), s.Municipalities, municipalityID); m != nil {
				p.Municipalities = append(p.Municipalities, m)
				m.Projects = append(m.Projects, p)
			}
		}
		s.Projects = append(s.Projects, p)
	}
	for _, p := range s.Projects {
		if p.PartOf = resolve(b, p.Project.PartOf, diag.Msg("project"), s.Projects, projectID); p.PartOf != nil {
			p.PartOf.Parts = append(p.PartOf.Parts, p)
		}
		if p.Effort = resolve(b, p.Project.Effort, diag.Msg("project"), s.Projects, projectID); p.Effort != nil {
			p.Effort.Rounds = append(p.Effort.Rounds, p)
			p.Rounds = append(p.Rounds, p.Effort)
		}
		p.Source = b.cite(p.Project.Source)
	}
}

func focusAreaID(a *FocusArea) string       { return a.ID }
func municipalityID(m *Municipality) string { return m.ID }
func supportKindID(k *SupportKind) string   { return k.ID }
func projectID(p *Project) string           { return p.ID }

// published decides whether a document is published, recording why not.
func (b *builder) published(doc *load.Document) (ok, future bool) {
	fm, now := doc.Front, b.opts.Now
	future = fm.Date.After(now)
	expired := !fm.ExpiryDate.IsZero() && !fm.ExpiryDate.After(now)
	reason := ""
	switch {
	case fm.Draft && !b.opts.Drafts:
		reason = "draft"
	case future && !b.opts.Future:
		reason = "future"
		b.changeAt(fm.Date.Time)
	case expired && !b.opts.Expired:
		reason = "expired"
	}
	if !fm.ExpiryDate.IsZero() && !expired {
		b.changeAt(fm.ExpiryDate)
	}
	if reason != "" {
		b.site.LeftOut = append(b.site.LeftOut, LeftOut{Path: doc.Path, Reason: reason, Date: fm.Date.Time})
		return false, future
	}
	return true, future
}

func (b *builder) changeAt(t time.Time) {
	if b.site.NextChange.IsZero() || t.Before(b.site.NextChange) {
		b.site.NextChange = t
	}
}

// newPage creates a page from a document (doc may be nil) at url.
func (b *builder) newPage(kind Kind, url string, doc *load.Document) *Page {
	url = b.prefix + url
	p := &Page{Site: b.site, Kind: kind, URL: url, Layout: string(kind), Doc: doc, Lang: b.site.Lang}
	p.Out = outPath(url)
	if doc != nil {
		fm := doc.Front
		p.Title, p.Summary, p.Date, p.Lastmod, p.Expiry = fm.Title, fm.Summary, fm.Date, fm.Lastmod, fm.ExpiryDate
		p.Source = b.cite(fm.Source)
		p.Draft, p.Weight = fm.Draft, fm.Weight
		if fm.Layout != "" {
			p.Layout = fm.Layout
		}
		for _, name := range fm.Tags {
			if t := b.tag(name); !slices.Contains(p.Tags, t) {
				p.Tags = append(p.Tags, t)
			}
		}
	}
	b.site.Pages = append(b.site.Pages, p)
	return p
}

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

// outPath maps a URL to the file that serves it.
func outPath(url string) string {
	if strings.HasSuffix(url, "/") {
		return strings.TrimPrefix(url, "/") + "index.html"
	}
	return strings.TrimPrefix(url, "/")
}

func (b *builder) documents() {
	s, sec, dir := b.site, b.site.Config.Sections, b.folders
	b.texts = map[string]*load.Document{}
	own := s.Lang
	if own == b.in.Config.Language {
		own = ""
	}
	for _, doc := range b.in.Docs {
		if doc.Lang != own {
			if _, ok := b.in.Config.Languages[doc.Lang]; !ok && doc.Lang != "" && own == "" {
				b.problems.Add(diag.Pos{Path: doc.Path}, "no language %q in data/site.yaml; name translations like om.en.md for a language listed under languages", doc.Lang)
			}
			continue
		}
		ok, future := b.published(doc)
		if !ok {
			continue
		}
		fm := doc.Front
		slug := doc.Slug()
		if fm.Slug != "" && slug != fm.Slug {
			b.problems.Add(doc.Front.Pos, "slug %q is not a slug; use lower case letters a–z, digits and '-', e.g. %q", fm.Slug, slug)
		}
		// The section this document belongs to, by its folder, and the
		// section's name in this language's URLs.
		kinds := map[string]struct {
			list, item Kind
			name       string
		}{
			dir.News: {KindNewsList, KindNews, sec.News}, dir.Reports: {KindReportList, KindReport, sec.Reports},
			dir.Projects: {KindProjectList, KindProject, sec.Projects}, dir.FocusAreas: {KindFocusAreaList, KindFocusArea, sec.FocusAreas},
			dir.Municipalities: {KindMunicipalityList, KindMunicipality, sec.Municipalities},
			dir.Results:        {KindResults, "", sec.Results}, dir.Tags: {KindTagList, "", sec.Tags}, dir.Data: {KindDatasets, "", sec.Data},
		}
		k, isSection := kinds[doc.Section]
		needTitle := true
		var p *Page
		switch {
		case doc.Section == "" && doc.Name == "_index":
			p = b.newPage(KindHome, "/", doc)
			s.Home = p
		case doc.Section == "" && doc.Name == "404":
			p = b.newPage(KindNotFound, "/404.html", doc)
			s.NotFound = p
		case doc.Section == "":
			p = b.newPage(KindPage, "/"+slug+"/", doc)
			s.FreePages = append(s.FreePages, p)
		case strings.Count(doc.Rel, "/") > 1:
			b.problems.Add(diag.Pos{Path: doc.Path}, "pages may be at most one folder deep below content/; move it to content/%s/", doc.Section)
			continue
		case !isSection:
			b.problems.Add(diag.Pos{Path: doc.Path}, "folder content/%s/ is not a section; sections are %s (data/site.yaml)", doc.Section, b.sectionNames())
			continue
		case k.name == "":
			b.problems.Add(diag.Pos{Path: doc.Path}, "language %s has no %s section; add it under languages: %s: sections: in data/site.yaml, or remove the translation", s.Lang, doc.Section, s.Lang)
			continue
		case doc.IsIndex():
			p = b.newPage(k.list, "/"+k.name+"/", doc)
			s.Sections[k.list] = p
		case k.item == KindNews:
			p = b.newPage(KindNews, "/"+k.name+"/"+slug+"/", doc)
			p.Future = future
			b.newsRefs(p)
			s.News = append(s.News, p)
			if fm.Date.IsZero() {
				b.problems.Add(fm.Pos, "news post has no date; add a line date: YYYY-MM-DD")
			}
		case k.item == KindReport:
			p = b.newPage(KindReport, "/"+k.name+"/"+slug+"/", doc)
			p.Future = future
			p.Publisher, p.Period, p.TOC = fm.Publisher, fm.Period, fm.TOC
			b.attachments(p)
			s.Reports = append(s.Reports, p)
		case k.item == KindProject || k.item == KindFocusArea || k.item == KindMunicipality:
			b.texts[doc.Section+"/"+doc.Name] = doc // joined with its record in recordPages
			needTitle = false
			continue
		default:
			b.problems.Add(diag.Pos{Path: doc.Path}, "the %s section holds only its _index.md; move this page to content/", doc.Section)
			continue
		}
		p.Key = doc.Section + "/" + doc.Name
		if doc.IsIndex() && doc.Section != "" {
			p.Key = string(p.Kind) // as for a section page made without _index.md
		}
		if needTitle && p.Title == "" {
			b.problems.Add(fm.Pos, "missing key \"title\"; add a line 'title: …'")
		}
		s.byDoc[doc.Path] = p
	}
}

func (b *builder) sectionNames() string {
	sec := b.folders
	return strings.Join([]string{sec.News, sec.Reports, sec.Projects, sec.FocusAreas, sec.Municipalities, sec.Results, sec.Tags, sec.Data}, ", ")
}

func (b *builder) newsRefs(p *Page) {
	s := b.site
	for _, ref := range p.Doc.Front.FocusAreas {
		if a := resolve(b, ref, diag.Msg("focus area"), s.FocusAreas, focusAreaID); a != nil {
			p.FocusAreas = append(p.FocusAreas, a)
			a.News = append(a.News, p)
		}
	}
	for _, ref := range p.Doc.Front.Projects {
		if pr := resolve(b, ref, diag.Msg("project"), s.Projects, projectID); pr != nil {
			p.Projects = append(p.Projects, pr)
			pr.News = append(pr.News, p)
		}
	}
}

func (b *builder) attachments(p *Page) {
	for _, a := range p.Doc.Front.Attachments {
		name := path.Clean(a.File)
		if !fs.ValidPath(name) || strings.HasPrefix(a.File, "/") {
			b.problems.Add(a.Pos, "attachment file %q must be a path below static/, without .. or a leading /", a.File)
			continue
		}
		info, err := fs.Stat(b.in.FS, load.StaticDir+"/"+name)
		if err != nil {
			b.problems.Add(a.Pos, "attachment file static/%s does not exist; add the file or correct the path", name)
			continue
		}
		format := a.Format
		if format == "" {
			format = strings.ToUpper(strings.TrimPrefix(path.Ext(name), "."))
		}
		p.Attachments = append(p.Attachments, Attachment{Title: a.Title, URL: "/" + name, Format: format, Size: info.Size()})
	}
}

// recordPages makes a page for every project, focus area and municipality,
// with the text of its Markdown file if there is one.
func (b *builder) recordPages() {
	s, sec, dir := b.site, b.site.Config.Sections, b.folders
	used := map[string]bool{}
	text := func(p *Page, section, id string) {
		key := section + "/" + id
		if doc := b.texts[key]; doc != nil {
			used[key] = true
			p.Doc = doc
			if doc.Front.Summary != "" {
				p.Summary = doc.Front.Summary
			}
			if doc.Front.Layout != "" {
				p.Layout = doc.Front.Layout
			}
			s.byDoc[doc.Path] = p
		}
	}
	for _, pr := range s.Projects {
		p := b.newPage(KindProject, "/"+sec.Projects+"/"+pr.ID+"/", nil)
		p.Title, p.Summary, p.Project = pr.Title, pr.Summary, pr
		p.Key = dir.Projects + "/" + pr.ID
		text(p, dir.Projects, pr.ID)
		pr.Page = p
	}
	for _, a := range s.FocusAreas {
		p := b.newPage(KindFocusArea, "/"+sec.FocusAreas+"/"+a.ID+"/", nil)
		p.Title, p.Summary, p.FocusArea = a.Name, a.Summary, a
		p.Key = dir.FocusAreas + "/" + a.ID
		text(p, dir.FocusAreas, a.ID)
		a.Page = p
	}
	for _, m := range s.Municipalities {
		p := b.newPage(KindMunicipality, "/"+sec.Municipalities+"/"+m.ID+"/", nil)
		p.Title, p.Summary, p.Municipality = m.Name, m.Summary, m
		p.Key = dir.Municipalities + "/" + m.ID
		text(p, dir.Municipalities, m.ID)
		m.Page = p
	}
	// A kind of support lists its projects below the projects' list page,
	// next to them: its id is one URL segment like a project's.
	for _, k := range s.SupportKinds {
		url := "/" + sec.Projects + "/" + k.ID + "/"
		if slices.ContainsFunc(s.Projects, func(p *Project) bool { return p.ID == k.ID }) {
			b.problems.Add(k.Pos, "support kind id %q is also the id of a project, and both would have the page %s; give one of them another id", k.ID, b.prefix+url)
			continue
		}
		p := b.newPage(KindSupportKind, url, nil)
		p.Title, p.Summary, p.SupportKind = k.Name, k.Description, k
		p.Key = dir.Projects + "/" + string(KindSupportKind) + "/" + k.ID
		k.Page = p
	}
	for _, key := range sortedKeys(b.texts) {
		if !used[key] && !slices.Contains(b.unpublished, key) {
			doc := b.texts[key]
			var ids []string
			switch doc.Section {
			case dir.Projects:
				ids = mapIDs(s.Projects, projectID)
			case dir.FocusAreas:
				ids = mapIDs(s.FocusAreas, focusAreaID)
			default:
				ids = mapIDs(s.Municipalities, municipalityID)
			}
			if sug := diag.Suggest(doc.Name, ids); sug != "" {
				b.problems.Add(diag.Pos{Path: doc.Path, Line: 1}, "no record with id %q in data/ for this text; name the file after an id (the file name without .md). did you mean %s.md?", doc.Name, sug)
			} else {
				b.problems.Add(diag.Pos{Path: doc.Path, Line: 1}, "no record with id %q in data/ for this text; name the file after an id (the file name without .md).", doc.Name)
			}
		}
	}
}

func mapIDs[T any](all []*T, id func(*T) string) []string {
	out := make([]string, len(all))
	for i, r := range all {
		out[i] = id(r)
	}
	return out
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
	for _, slug := range sortedKeys(b.tags) {
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

// index sorts the pages and finds URL collisions.
func (b *builder) index() {
	s := b.site
	slices.SortStableFunc(s.Pages, func(a, c *Page) int { return cmp.Compare(a.Out, c.Out) })
	byURL := map[string][]*Page{}
	for _, p := range s.Pages {
		byURL[p.URL] = append(byURL[p.URL], p)
	}
	for _, url := range sortedKeys(byURL) {
		ps := byURL[url]
		s.byURL[url] = ps[0]
		if len(ps) > 1 {
			var from []string
			for _, p := range ps {
				from = append(from, p.Pos().String())
			}
			for _, p := range ps {
				b.problems.Add(p.Pos(), "URL %s is produced by %d pages (%s); give one of them another file name or slug", url, len(ps), strings.Join(from, ", "))
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func fmtNum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// figurePages makes a page for every figure below the results page, and the
// open data page that lists them.
func (b *builder) figurePages() {
	s, sec := b.site, b.site.Config.Sections
	results := s.Sections[KindResults]
	for _, f := range s.Figures {
		p := b.newPage(KindFigure, "/"+sec.Results+"/"+f.ID+"/", nil)
		p.Title, p.Summary, p.Figure, p.Section = f.Title, f.Description, f, results
		p.Key = string(KindFigure) + "/" + f.ID
		f.Page = p
	}
	data := s.Sections[KindDatasets]
	if data == nil {
		data = b.newPage(KindDatasets, "/"+sec.Data+"/", nil)
		data.Title = s.T(string(KindDatasets))
		s.Sections[KindDatasets] = data
	}
	data.Section = s.Home
	data.Key = string(KindDatasets)
}

// checkStrings reports interface strings of the site's language that another
// language lacks, and the reverse, so that no page shows a bare key.
func checkStrings(in *load.Input, lang string, problems *diag.List) {
	own, other := in.Data.I18n[in.Config.Language], in.Data.I18n[lang]
	file := load.DataDir + "/i18n/" + lang + ".yaml"
	if other == nil {
		problems.Add(diag.Pos{Path: file}, "the interface strings of language %s are missing; create %s with the keys of %s", lang, file, load.DataDir+"/i18n/"+in.Config.Language+".yaml")
		return
	}
	var missing, extra []string
	for k := range own {
		if _, ok := other[k]; !ok {
			missing = append(missing, k)
		}
	}
	for k := range other {
		if _, ok := own[k]; !ok {
			extra = append(extra, k)
		}
	}
	slices.Sort(missing)
	slices.Sort(extra)
	if len(missing) > 0 {
		problems.Add(diag.Pos{Path: file}, "%d interface string(s) are not translated: %s; add them", len(missing), strings.Join(missing, ", "))
	}
	if len(extra) > 0 {
		problems.Add(diag.Pos{Path: file}, "key(s) %s are not in %s; remove them or add them there", strings.Join(extra, ", "), load.DataDir+"/i18n/"+in.Config.Language+".yaml")
	}
}
