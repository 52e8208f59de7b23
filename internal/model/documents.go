package model

import (
	"io/fs"
	"path"
	"strings"

	"sats/internal/diag"
	"sats/internal/load"
)

// The pages of content/: which documents are published, where each goes, and
// what it refers to.

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
