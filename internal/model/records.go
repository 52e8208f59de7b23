package model

import (
	"maps"
	"slices"

	"sats/internal/diag"
	"sats/internal/load"
)

// The records of data/ (projects, focus areas, municipalities, support kinds)
// and their pages.

// records reads the records of data/ in the order they refer to each other:
// focus areas, municipalities and support kinds, then the projects that name
// them.
func (b *builder) records() {
	b.focusAreas()
	b.municipalitiesAndSupportKinds()
	b.projects()
}

// focusAreas reads the focus areas and the original areas merged into them.
func (b *builder) focusAreas() {
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
}

// municipalitiesAndSupportKinds reads the municipalities and the kinds of
// support.
func (b *builder) municipalitiesAndSupportKinds() {
	s, d, lang := b.site, b.in.Data, b.tlang
	seen := map[string]bool{}
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
}

// projects reads the projects, resolving what they name, and links the
// projects that are parts or rounds of one another.
func (b *builder) projects() {
	s, d, lang := b.site, b.in.Data, b.tlang
	seen := map[string]bool{}
	for _, lp := range d.Projects.Projects {
		if !b.checkID(lp.ID, lp.Pos, diag.Msg("project"), seen) {
			continue
		}
		if lp.Draft && !b.opts.Drafts {
			b.unpublished = append(b.unpublished, b.folders[load.SectionProjects]+"/"+lp.ID)
			b.site.LeftOut = append(b.site.LeftOut, LeftOut{Path: lp.Pos.String(), Reason: "draft"})
			continue
		}
		p := &Project{}
		p.Project = localize(lp, lp.Translations, lang, &p.Untranslated)
		p.FocusArea = resolve(b, lp.FocusArea, diag.Msg("focus area"), s.FocusAreas, focusAreaID)
		if p.FocusArea != nil {
			p.FocusArea.Projects = append(p.FocusArea.Projects, p)
		} else {
			s.NoFocusArea = append(s.NoFocusArea, p)
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

func focusAreaID(a *FocusArea) string { return a.ID }

func municipalityID(m *Municipality) string { return m.ID }

func supportKindID(k *SupportKind) string { return k.ID }

func projectID(p *Project) string { return p.ID }

// recordPages makes a page for every project, focus area and municipality,
// with the text of its Markdown file if there is one.
func (b *builder) recordPages() {
	s, dir := b.site, b.folders
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
	// page makes the page of a record of the section setting names, with
	// its text.
	page := func(k Kind, setting, id, title, summary string) *Page {
		p := b.newPage(k, id, 0, nil)
		p.Title, p.Summary, p.Key = title, summary, dir[setting]+"/"+id
		text(p, dir[setting], id)
		return p
	}
	for _, pr := range s.Projects {
		pr.Page = page(KindProject, load.SectionProjects, pr.ID, pr.Title, pr.Summary)
		pr.Page.Project = pr
	}
	for _, a := range s.FocusAreas {
		a.Page = page(KindFocusArea, load.SectionFocusAreas, a.ID, a.Name, a.Summary)
		a.Page.FocusArea = a
	}
	for _, m := range s.Municipalities {
		m.Page = page(KindMunicipality, load.SectionMunicipalities, m.ID, m.Name, m.Summary)
		m.Page.Municipality = m
	}
	// A kind of support lists its projects below the projects' list page,
	// next to them: its id is one URL segment like a project's.
	for _, k := range s.SupportKinds {
		if slices.ContainsFunc(s.Projects, func(p *Project) bool { return p.ID == k.ID }) {
			b.problems.Add(k.Pos, "support kind id %q is also the id of a project, and both would have the page %s; give one of them another id", k.ID, s.URLOf(KindSupportKind, k.ID, 0))
			continue
		}
		p := b.newPage(KindSupportKind, k.ID, 0, nil)
		p.Title, p.Summary, p.SupportKind = k.Name, k.Description, k
		p.Key = dir[load.SectionProjects] + "/" + string(KindSupportKind) + "/" + k.ID
		k.Page = p
	}
	b.unusedTexts(used)
}

// unusedTexts reports the texts of content/ that name no record.
func (b *builder) unusedTexts(used map[string]bool) {
	s, dir := b.site, b.folders
	for _, key := range slices.Sorted(maps.Keys(b.texts)) {
		if !used[key] && !slices.Contains(b.unpublished, key) {
			doc := b.texts[key]
			var ids []string
			switch doc.Section {
			case dir[load.SectionProjects]:
				ids = mapIDs(s.Projects, projectID)
			case dir[load.SectionFocusAreas]:
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

// figurePages makes a page for every figure below the results page, and the
// open data page that lists them.
func (b *builder) figurePages() {
	s := b.site
	results := s.Sections[KindResults]
	for _, f := range s.Figures {
		p := b.newPage(KindFigure, f.ID, 0, nil)
		p.Title, p.Summary, p.Figure, p.Section = f.Title, f.Description, f, results
		p.Key = string(KindFigure) + "/" + f.ID
		f.Page = p
	}
	data := s.Sections[KindDatasets]
	if data == nil {
		data = b.newPage(KindDatasets, "", 0, nil)
		data.Title = s.T(s.Spec(KindDatasets).ListTitle)
		s.Sections[KindDatasets] = data
	}
	data.Section = s.Home
	data.Key = string(KindDatasets)
}
