package model

import (
	"strings"

	"sats/internal/diag"
	"sats/internal/load"
)

// Source is a document the site's facts come from (data/sources.yaml).
type Source struct {
	load.Source
	Untranslated map[string]bool // fields shown in the site's own language
	Page         *Page           // the site's page about the document (a report with the same id), or nil
	TitleLang    string          // the language of Title: the document's own unless translated
}

// Citation says where a fact comes from: a source document and the chapter,
// table or section in it.
type Citation struct {
	Source *Source // nil for a citation written as plain text
	At     string  // e.g. "6.1, tabell over arbeidsplasser"; "" when the whole document is meant
	Text   string  // the citation as one line: title, publisher, date and place in the document
}

func sourceID(s *Source) string { return s.ID }

// sources reads data/sources.yaml, checking the ids.
func (b *builder) sources() {
	seen := map[string]bool{}
	for _, ls := range b.in.Data.Sources.Sources {
		if !b.checkID(ls.ID, ls.Pos, diag.Msg("source"), seen) {
			continue
		}
		src := &Source{}
		src.Source = localize(ls, ls.Translations, b.tlang, &src.Untranslated)
		if t := ls.Translations[b.tlang]; b.tlang == "" || t == nil || t.Title == "" {
			src.TitleLang = ls.Language
		}
		b.site.Sources = append(b.site.Sources, src)
	}
}

// cite resolves a reference to a source, reporting an unknown document with
// the ids that exist. A reference without a document gives nil.
func (b *builder) cite(ref load.SourceRef) *Citation {
	if ref.Doc.ID == "" {
		if ref.Text != "" {
			return &Citation{Text: ref.Text}
		}
		if ref.At != "" {
			b.problems.Add(ref.Pos, "source names a place (at: %q) but no document; add doc: with an id from data/sources.yaml", ref.At)
		}
		return nil
	}
	src := resolve(b, ref.Doc, diag.Msg("source document"), b.site.Sources, sourceID)
	if src == nil {
		return nil
	}
	return &Citation{Source: src, At: ref.At, Text: b.site.citationText(src, ref.At)}
}

// citationText writes a citation as title, publisher and date, and place:
// «Sluttrapport for Sats på Hallingdal. Sats på Hallingdal, 24. juni 2025.
// 6.1, tabell over arbeidsplasser».
func (s *Site) citationText(src *Source, at string) string {
	parts := []string{src.Title}
	var meta []string
	if src.Publisher != "" {
		meta = append(meta, src.Publisher)
	}
	if !src.Date.IsZero() {
		meta = append(meta, s.Locale.DateAt(src.Date.In(s.Location), src.Date.Precision))
	}
	if len(meta) > 0 {
		parts = append(parts, strings.Join(meta, ", "))
	}
	if at != "" {
		parts = append(parts, at)
	}
	return strings.Join(parts, ". ")
}

// linkSources links each source to the report page made from the same
// document: a report whose file is named after the source's id.
func (b *builder) linkSources() {
	for _, src := range b.site.Sources {
		for _, r := range b.site.Reports {
			if r.Doc != nil && r.Doc.Name == src.ID {
				src.Page = r
			}
		}
	}
}
