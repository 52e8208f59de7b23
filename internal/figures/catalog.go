package figures

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"

	"sats/internal/model"
)

// Language is one language's figures for the catalog, with their downloads
// (model.Figure.Downloads) already made.
type Language struct {
	Meta    Meta
	Figures []*model.Figure
}

// CatalogFile is the name of the catalog in the open data folder of the
// site's own language.
const CatalogFile = "catalog.jsonld"

// Catalog is the open data catalog in DCAT-AP-NO, as JSON-LD: the catalog,
// its publisher (data/site.yaml author) and contact point (the contact of
// data/organisation.yaml, and the site), and one dataset per figure with
// every language's title and description (tagged with their language),
// publisher, contact point, themes (data/results.yaml themes), landing pages,
// date and access rights, and as distributions every file of every
// language, with access and download URL, format, media type, licence,
// language and size. langs holds the site's own language first.
//
// For DCAT-AP-NO harvesting a dataset also has dct:temporal (the years of
// its period), dct:spatial (the region and its municipalities, by name:
// the data has no municipality numbers to make URIs of), dcat:keyword in
// every language (the region, the unit, the series and the categories), and
// each distribution a title in every language that has the same file.
func (p *Publisher) Catalog(langs []Language) ([]byte, error) {
	if len(langs) == 0 {
		return nil, nil
	}
	own := langs[0].Meta
	base := model.AbsURL(own.BaseURL, own.DataURL)
	c := &catalogBuilder{langs: langs, own: own, themes: p.themes,
		publisherID: model.AbsURL(own.BaseURL, "/") + "#publisher", contactID: base + "#contact"}
	for _, l := range langs {
		if u := languageURI(l.Meta.Lang); u != "" {
			c.langIDs = append(c.langIDs, ref{u})
		}
	}
	region := spatial(langs, base+"#spatial")
	if region != nil {
		c.spatial = &ref{region.ID}
	}

	catalog := dcatCatalog{
		ID: base + "#catalog", Type: "dcat:Catalog",
		Publisher: ref{c.publisherID}, ContactPoint: ref{c.contactID},
		Homepage: ref{base}, ThemeTaxonomy: ref{dataThemes},
		Language: c.langIDs, License: optRef(own.Licence.URL), Dataset: []dcatDataset{},
	}
	publisher := agent{ID: c.publisherID, Type: []string{"foaf:Agent", "foaf:Organization"}, Homepage: ref{model.AbsURL(own.BaseURL, "/")}}
	for _, l := range langs {
		m := l.Meta
		catalog.Title = append(catalog.Title, langText{m.sprintf("catalogTitle", m.SiteTitle), m.Lang})
		catalog.Description = append(catalog.Description, langText{m.sprintf("catalogDescription", m.SiteTitle), m.Lang})
		publisher.Name = append(publisher.Name, langText{m.Publisher, m.Lang})
	}
	latest := ""
	for _, f := range langs[0].Figures {
		catalog.Dataset = append(catalog.Dataset, c.dataset(f))
		latest = max(latest, isoDate(f))
	}
	if latest != "" {
		catalog.Modified = xsdDate(latest)
	}
	doc := catalogDoc{
		Context: dcatContext(),
		Graph:   []dcatNode{catalog, publisher, c.contact()},
	}
	if region != nil {
		doc.Graph = append(doc.Graph, region)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// catalogBuilder holds what every dataset of a catalog refers to.
type catalogBuilder struct {
	langs                  []Language
	own                    Meta
	themes                 []string
	publisherID, contactID string
	langIDs                []ref
	spatial                *ref
}

// contact is the catalog's contact point: the programme's contact, or its
// name, or the site's; with e-mail, telephone and address where given.
func (c *catalogBuilder) contact() vcardOrganization {
	own, ct := c.own, c.own.Contact
	v := vcardOrganization{ID: c.contactID, Type: "vcard:Organization", URL: ref{model.AbsURL(own.BaseURL, "/")}, Name: own.SiteTitle}
	switch {
	case ct.Name != "":
		v.Name = ct.Name
	case own.OrgName != "":
		v.Name = own.OrgName
	}
	if ct.Email != "" {
		v.Email = &ref{"mailto:" + ct.Email}
	}
	if ct.Phone != "" {
		v.Telephone = &ref{"tel:" + ct.Phone}
	}
	if ct.Street != "" || ct.Postcode != "" || ct.City != "" {
		v.Address = &vcardAddress{Type: "vcard:Address", Street: ct.Street, Postcode: ct.Postcode, Locality: ct.City}
	}
	return v
}

// dataset is figure f, in every language, as a dcat:Dataset. A figure is one
// dataset whatever its language.
func (c *catalogBuilder) dataset(f *model.Figure) dcatDataset {
	own := c.own
	ds := dcatDataset{
		ID: datasetID(f, own), Type: "dcat:Dataset", Identifier: datasetID(f, own),
		Publisher: ref{c.publisherID}, ContactPoint: ref{c.contactID}, AccessRights: ref{accessPublic},
		Language: c.langIDs, Temporal: temporal(f.Period), Spatial: c.spatial,
	}
	for _, t := range c.themes {
		ds.Theme = append(ds.Theme, ref{t})
	}
	if d := isoDate(f); d != "" {
		ds.Modified = xsdDate(d)
	}
	ds.Source = sourceDocument(f)
	for _, l := range c.langs {
		lf := figureByID(l.Figures, f.ID)
		if lf == nil {
			continue
		}
		m := l.Meta
		if lf.Source != "" {
			if ds.Provenance == nil {
				ds.Provenance = &provenance{Type: "dct:ProvenanceStatement"}
			}
			ds.Provenance.Label = append(ds.Provenance.Label, langText{lf.Source, m.Lang})
		}
		ds.Title = append(ds.Title, langText{lf.Title, m.Lang})
		desc := lf.Description
		if desc == "" {
			desc = Summary(lf, m)
		}
		ds.Description = append(ds.Description, langText{desc, m.Lang})
		for _, k := range keywordsOf(lf, m) {
			ds.Keyword = append(ds.Keyword, langText{k, m.Lang})
		}
		ds.LandingPage = append(ds.LandingPage, ref{model.AbsURL(m.BaseURL, lf.Page.URL)})
		for _, d := range lf.Downloads {
			ds.Distribution = append(ds.Distribution, c.distribution(lf, d, m))
		}
	}
	return ds
}

// distribution is a file of figure lf in the language of m.
func (c *catalogBuilder) distribution(lf *model.Figure, d model.Download, m Meta) dcatDistribution {
	u := model.AbsURL(m.BaseURL, d.URL)
	dist := dcatDistribution{
		ID: u, Type: "dcat:Distribution", AccessURL: ref{u}, DownloadURL: ref{u},
		Format: ref{fileTypes + d.Format}, MediaType: ref{ianaMediaTypes + d.MediaType},
		ByteSize: typedValue{strconv.FormatInt(d.Size, 10), "xsd:nonNegativeInteger"},
		License:  optRef(c.own.Licence.URL), Language: optRef(languageURI(m.Lang)),
	}
	if day := isoDate(lf); day != "" {
		dist.Modified = xsdDate(day)
	}
	// The title in every language that has the same kind of file of the
	// figure, this file's language first.
	dist.Title = []langText{{d.Label + ": " + lf.Title, m.Lang}}
	for _, other := range c.langs {
		of := figureByID(other.Figures, lf.ID)
		if other.Meta.Lang == m.Lang || of == nil {
			continue
		}
		if od := of.Download(d.Kind); od != nil {
			dist.Title = append(dist.Title, langText{od.Label + ": " + of.Title, other.Meta.Lang})
		}
	}
	return dist
}

// sourceDocument is the document a figure's numbers come from, for dct:source:
// its title in its own language, publisher and date at the precision the
// document gives (xsd:date, xsd:gYearMonth or xsd:gYear), and its address
// where it has one. nil when the figure names no document.
func sourceDocument(f *model.Figure) *sourceDoc {
	if f.Cite == nil || f.Cite.Source == nil {
		return nil
	}
	src := f.Cite.Source
	n := &sourceDoc{ID: src.URL, Type: "foaf:Document", Title: langText{Value: src.Title}}
	if src.TitleLang != "" {
		n.Title.Lang = src.TitleLang
	}
	if src.Publisher != "" {
		n.Publisher = &foafAgent{"foaf:Agent", src.Publisher}
	}
	switch iso := src.Date.ISO(); {
	case iso == "":
	case len(iso) == len("2006-01-02"):
		n.Issued = xsdDate(iso)
	case len(iso) == len("2006-01"):
		n.Issued = &typedValue{iso, "xsd:gYearMonth"}
	default:
		n.Issued = &typedValue{iso, "xsd:gYear"}
	}
	return n
}

func figureByID(figs []*model.Figure, id string) *model.Figure {
	for _, f := range figs {
		if f.ID == id {
			return f
		}
	}
	return nil
}

var years = regexp.MustCompile(`\b[12][0-9]{3}\b`)

// temporal is the dct:PeriodOfTime of a figure's period, from the first to
// the last year it names ("2022–2025", "høsten 2021"); nil if it names none.
func temporal(period string) *periodOfTime {
	ys := years.FindAllString(period, -1)
	if len(ys) == 0 {
		return nil
	}
	return &periodOfTime{Type: "dct:PeriodOfTime", Start: typedValue{ys[0], "xsd:gYear"}, End: typedValue{ys[len(ys)-1], "xsd:gYear"}}
}

// spatial is the dct:Location of the figures, the node nodeID: the region,
// with its municipalities as parts, each named in every language
// (skos:prefLabel). Without municipality numbers in the data there are no
// official URIs to give, so the places are named, not identified. It is nil
// when the site names no region.
func spatial(langs []Language, nodeID string) *location {
	own := langs[0].Meta
	if own.Region == "" {
		return nil
	}
	labels := func(name func(Meta) string) []langText {
		var out []langText
		for _, l := range langs {
			if v := name(l.Meta); v != "" {
				out = append(out, langText{v, l.Meta.Lang})
			}
		}
		return out
	}
	region := &location{ID: nodeID, Type: "dct:Location", Label: labels(func(m Meta) string { return m.Region })}
	for i := range own.Places {
		region.HasPart = append(region.HasPart, location{Type: "dct:Location", Label: labels(func(m Meta) string {
			if i < len(m.Places) {
				return m.Places[i]
			}
			return ""
		})})
	}
	return region
}

// keywordsOf are the keywords of a figure in one language: the region, the
// unit, the series' labels and the categories, each once.
func keywordsOf(f *model.Figure, m Meta) []string {
	var out []string
	seen := map[string]bool{}
	add := func(k string) {
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	add(m.Region)
	add(f.Unit)
	for _, s := range header(f, m)[1:] {
		add(s)
	}
	for _, c := range f.Categories {
		add(c.Label)
	}
	return out
}
