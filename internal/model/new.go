package model

import (
	"cmp"
	"maps"
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
		sections:     cfg.Sections.Map(),
		kinds:        newKinds(in.Config.Sections.Map()),
		items:        map[Kind][]*Page{},
	}
	if lang != in.Config.Language {
		s.prefix = "/" + lang
	}
	localizeOrganisation(&s.Organisation, tlang)
	var problems diag.List
	if lang != in.Config.Language {
		checkStrings(in, lang, &problems)
	}
	b := &builder{site: s, in: in, opts: opts, problems: problems, tags: map[string]*Tag{}, tagNames: map[string]*Tag{}, folders: in.Config.Sections.Map(), tlang: tlang}
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

// localizeOrganisation translates the lists of the organisation into lang
// ("" for the site's own language).
func localizeOrganisation(org *load.Organisation, lang string) {
	org.Phases = localizeAll(org.Phases, lang, func(p load.Phase) map[string]*load.Phase { return p.Translations })
	org.Board = localizeAll(org.Board, lang, func(p load.Person) map[string]*load.Person { return p.Translations })
	org.Observers = localizeAll(org.Observers, lang, func(p load.Person) map[string]*load.Person { return p.Translations })
	org.Partners = localizeAll(org.Partners, lang, func(p load.Partner) map[string]*load.Partner { return p.Translations })
}

// localizeAll returns a translated copy of a list of records.
func localizeAll[T any](list []T, lang string, tr func(T) map[string]*T) []T {
	out := slices.Clone(list)
	for i, v := range out {
		out[i] = localize(v, tr(v), lang, nil)
	}
	return out
}

type builder struct {
	site     *Site
	in       *load.Input
	opts     Options
	problems diag.List
	tags     map[string]*Tag   // by slug
	tagNames map[string]*Tag   // by name as written, to spare slugging it again
	tlang    string            // the language records are translated into; "" for the site's own
	folders  map[string]string // the content folders (the site's own section names), by setting
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

func (b *builder) changeAt(t time.Time) {
	if b.site.NextChange.IsZero() || t.Before(b.site.NextChange) {
		b.site.NextChange = t
	}
}

// newPage creates a page of a kind, at the URL the table of kinds gives it,
// from a document (doc may be nil). slug names an item page; n > 1 is page n
// of a list.
func (b *builder) newPage(kind Kind, slug string, n int, doc *load.Document) *Page {
	s := b.site
	url := s.URLOf(kind, slug, n)
	layout := s.Spec(kind).Layout
	if s.Spec(kind).IsList(kind) {
		layout = s.Spec(kind).ListLayout
	}
	p := &Page{Site: s, Kind: kind, URL: url, Layout: layout, Doc: doc, Lang: s.Lang}
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

// outPath maps a URL to the file that serves it.
func outPath(url string) string {
	if strings.HasSuffix(url, "/") {
		return strings.TrimPrefix(url, "/") + "index.html"
	}
	return strings.TrimPrefix(url, "/")
}

// index sorts the pages and finds URL collisions.
func (b *builder) index() {
	s := b.site
	slices.SortStableFunc(s.Pages, func(a, c *Page) int { return cmp.Compare(a.Out, c.Out) })
	byURL := map[string][]*Page{}
	for _, p := range s.Pages {
		byURL[p.URL] = append(byURL[p.URL], p)
	}
	for _, url := range slices.Sorted(maps.Keys(byURL)) {
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

func fmtNum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

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
