package model

import (
	"io/fs"
	"path"
	"slices"
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

// documents makes the pages of content/: the top-level pages, the list pages
// of sections with an _index.md, and the item pages of the kinds made from
// documents; a text for a record is kept for recordPages.
func (b *builder) documents() {
	s := b.site
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
		if fm.Slug != "" && doc.Slug() != fm.Slug {
			b.problems.Add(doc.Front.Pos, "slug %q is not a slug; use lower case letters a–z, digits and '-', e.g. %q", fm.Slug, doc.Slug())
		}
		var p *Page
		if doc.Section == "" {
			p = b.topDocument(doc)
		} else if p = b.sectionDocument(doc, future); p == nil {
			continue
		}
		p.Key = doc.Section + "/" + doc.Name
		if doc.IsIndex() && doc.Section != "" {
			p.Key = string(p.Kind) // as for a section page made without _index.md
		}
		if p.Title == "" {
			b.problems.Add(fm.Pos, "missing key \"title\"; add a line 'title: …'")
		}
		s.byDoc[doc.Path] = p
	}
}

// topDocument makes the page of a file directly in content/.
func (b *builder) topDocument(doc *load.Document) *Page {
	s := b.site
	switch doc.Name {
	case "_index":
		s.Home = b.newPage(KindHome, "", 0, doc)
		return s.Home
	case "404":
		s.NotFound = b.newPage(KindNotFound, "", 0, doc)
		return s.NotFound
	}
	p := b.newPage(KindPage, doc.Slug(), 0, doc)
	s.FreePages = append(s.FreePages, p)
	return p
}

// sectionDocument makes the page of a file in a section's folder, as the
// table of kinds says: the section's list page (_index.md) or an item page.
// It returns nil for a record's text and for a file that makes no page.
func (b *builder) sectionDocument(doc *load.Document, future bool) *Page {
	s, fm := b.site, doc.Front
	k := s.kinds.byFolder[doc.Section]
	switch {
	case strings.Count(doc.Rel, "/") > 1:
		b.problems.Add(diag.Pos{Path: doc.Path}, "pages may be at most one folder deep below content/; move it to content/%s/", doc.Section)
	case k == nil:
		b.problems.Add(diag.Pos{Path: doc.Path}, "folder content/%s/ is not a section; sections are %s (data/site.yaml)", doc.Section, b.sectionNames())
	case s.sections[k.Setting] == "":
		b.problems.Add(diag.Pos{Path: doc.Path}, "language %s has no %s section; add it under languages: %s: sections: in data/site.yaml, or remove the translation", s.Lang, doc.Section, s.Lang)
	case doc.IsIndex():
		p := b.newPage(k.List, "", 0, doc)
		s.Sections[k.List] = p
		return p
	case k.From == FromRecords:
		b.texts[doc.Section+"/"+doc.Name] = doc // joined with its record in recordPages
	case k.From == FromDocuments:
		p := b.newPage(k.Kind, doc.Slug(), 0, doc)
		p.Future = future
		p.Publisher, p.Period, p.TOC = fm.Publisher, fm.Period, fm.TOC
		b.attachments(p)
		b.newsRefs(p)
		s.items[k.Kind] = append(s.items[k.Kind], p)
		if k.DateRequired && fm.Date.IsZero() {
			b.problems.Add(fm.Pos, "the pages of content/%s/ are listed by date, and this one has none; add a line date: YYYY-MM-DD", doc.Section)
		}
		return p
	default:
		b.problems.Add(diag.Pos{Path: doc.Path}, "the %s section holds only its _index.md; move this page to content/", doc.Section)
	}
	return nil
}

// sectionNames lists the content folders of the sections, for messages.
func (b *builder) sectionNames() string {
	var names []string
	for _, k := range b.site.kinds.all {
		if f := b.folders[k.Setting]; f != "" && !slices.Contains(names, f) {
			names = append(names, f)
		}
	}
	return strings.Join(names, ", ")
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
