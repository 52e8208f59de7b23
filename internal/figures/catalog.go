package figures

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"

	"sats/internal/model"
)

// ld is a JSON-LD node.
type ld = map[string]any

// DatasetLD is figure f as a schema.org Dataset, a node for the JSON-LD graph
// of its page: name, description, licence, publisher, date, citation, and
// each download as a DataDownload.
func DatasetLD(f *model.Figure, m Meta, pub *Published) map[string]any {
	org := ld{"@type": "Organization", "name": m.Publisher, "url": m.abs("/")}
	d := ld{
		"@type":               "Dataset",
		"@id":                 m.abs(f.Page.URL) + "#dataset",
		"name":                f.Title,
		"url":                 m.abs(f.Page.URL),
		"inLanguage":          m.Lang,
		"isAccessibleForFree": true,
		"creator":             org,
		"publisher":           org,
		"citation":            pub.Citation,
	}
	if f.Description != "" {
		d["description"] = f.Description
	} else {
		d["description"] = pub.Summary
	}
	if m.Licence.URL != "" {
		d["license"] = m.Licence.URL
	}
	if date := isoDate(f); date != "" {
		d["dateModified"] = date
	}
	if f.Period != "" {
		d["temporalCoverage"] = f.Period
	}
	if measured := header(f, m)[1:]; len(measured) > 0 {
		d["variableMeasured"] = measured
	}
	var dist []ld
	for _, file := range pub.Files {
		dist = append(dist, ld{
			"@type":          "DataDownload",
			"name":           file.Download.Label,
			"encodingFormat": file.Download.MediaType,
			"contentUrl":     m.abs(file.Download.URL),
			"contentSize":    strconv.FormatInt(file.Download.Size, 10) + " B",
		})
	}
	d["distribution"] = dist
	return d
}

// Language is one language's figures for the catalog, with their downloads
// (model.Figure.Downloads) already made.
type Language struct {
	Meta    Meta
	Figures []*model.Figure
}

// Vocabularies of DCAT-AP and DCAT-AP-NO.
const (
	fileTypes      = "http://publications.europa.eu/resource/authority/file-type/"
	languages      = "http://publications.europa.eu/resource/authority/language/"
	accessPublic   = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
	ianaMediaTypes = "https://www.iana.org/assignments/media-types/"
	dataThemes     = "http://publications.europa.eu/resource/authority/data-theme"
)

// languageURI is the EU vocabulary's URI of a language code.
func languageURI(lang string) string {
	code := map[string]string{"nb": "NOB", "nn": "NNO", "no": "NOR", "en": "ENG"}[lang]
	if code == "" {
		return ""
	}
	return languages + code
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
	base := own.abs(own.DataURL)
	publisherID, contactID := own.abs("/")+"#publisher", base+"#contact"

	text := func(v, lang string) ld { return ld{"@value": v, "@language": lang} }
	date := func(v string) ld { return ld{"@value": v, "@type": "xsd:date"} }
	id := func(v string) ld { return ld{"@id": v} }
	var themes []ld
	for _, t := range p.themes {
		themes = append(themes, id(t))
	}
	var langIDs []ld
	for _, l := range langs {
		if u := languageURI(l.Meta.Lang); u != "" {
			langIDs = append(langIDs, id(u))
		}
	}

	var titles, descs, pubNames []ld
	for _, l := range langs {
		m := l.Meta
		titles = append(titles, text(m.sprintf("catalogTitle", m.SiteTitle), m.Lang))
		descs = append(descs, text(m.sprintf("catalogDescription", m.SiteTitle), m.Lang))
		pubNames = append(pubNames, text(m.Publisher, m.Lang))
	}
	publisher := ld{"@id": publisherID, "@type": []string{"foaf:Agent", "foaf:Organization"}, "foaf:name": pubNames, "foaf:homepage": id(own.abs("/"))}

	c := own.Contact
	contact := ld{"@id": contactID, "@type": "vcard:Organization", "vcard:hasURL": id(own.abs("/"))}
	switch {
	case c.Name != "":
		contact["vcard:fn"] = c.Name
	case own.OrgName != "":
		contact["vcard:fn"] = own.OrgName
	default:
		contact["vcard:fn"] = own.SiteTitle
	}
	if c.Email != "" {
		contact["vcard:hasEmail"] = id("mailto:" + c.Email)
	}
	if c.Phone != "" {
		contact["vcard:hasTelephone"] = id("tel:" + c.Phone)
	}
	if c.Street != "" || c.Postcode != "" || c.City != "" {
		addr := ld{"@type": "vcard:Address"}
		for k, v := range map[string]string{"vcard:street-address": c.Street, "vcard:postal-code": c.Postcode, "vcard:locality": c.City} {
			if v != "" {
				addr[k] = v
			}
		}
		contact["vcard:hasAddress"] = addr
	}

	// The place of every dataset: a node of the graph of its own.
	region := spatial(langs, base+"#spatial")

	// Datasets: a figure is one dataset, whatever its language.
	var datasets []ld
	latest := ""
	for _, f := range langs[0].Figures {
		ds := ld{
			"@id":               own.abs(f.Page.URL) + "#dataset",
			"@type":             "dcat:Dataset",
			"dct:identifier":    own.abs(f.Page.URL) + "#dataset",
			"dct:publisher":     id(publisherID),
			"dcat:contactPoint": id(contactID),
			"dct:accessRights":  id(accessPublic),
		}
		if themes != nil {
			ds["dcat:theme"] = themes
		}
		if d := isoDate(f); d != "" {
			ds["dct:modified"] = date(d)
			latest = max(latest, d)
		}
		if langIDs != nil {
			ds["dct:language"] = langIDs
		}
		if t := temporal(f.Period); t != nil {
			ds["dct:temporal"] = t
		}
		if region != nil {
			ds["dct:spatial"] = id(region["@id"].(string))
		}
		var keywords []ld
		for _, l := range langs {
			if lf := figureByID(l.Figures, f.ID); lf != nil {
				for _, k := range keywordsOf(lf, l.Meta) {
					keywords = append(keywords, text(k, l.Meta.Lang))
				}
			}
		}
		if keywords != nil {
			ds["dcat:keyword"] = keywords
		}
		var titles, descs, pages []ld
		var dists []ld
		for _, l := range langs {
			lf := figureByID(l.Figures, f.ID)
			if lf == nil {
				continue
			}
			m := l.Meta
			titles = append(titles, text(lf.Title, m.Lang))
			desc := lf.Description
			if desc == "" {
				desc = Summary(lf, m)
			}
			descs = append(descs, text(desc, m.Lang))
			pages = append(pages, id(m.abs(lf.Page.URL)))
			for _, d := range lf.Downloads {
				u := m.abs(d.URL)
				// The title in every language that has the same kind of
				// file of the figure, this file's language first.
				distTitles := []ld{text(d.Label+": "+lf.Title, m.Lang)}
				for _, other := range langs {
					of := figureByID(other.Figures, f.ID)
					if other.Meta.Lang == m.Lang || of == nil {
						continue
					}
					if od := of.Download(d.Kind); od != nil {
						distTitles = append(distTitles, text(od.Label+": "+of.Title, other.Meta.Lang))
					}
				}
				dist := ld{
					"@id":              u,
					"@type":            "dcat:Distribution",
					"dct:title":        distTitles,
					"dcat:accessURL":   id(u),
					"dcat:downloadURL": id(u),
					"dct:format":       id(fileTypes + d.Format),
					"dcat:mediaType":   id(ianaMediaTypes + d.MediaType),
					"dcat:byteSize":    ld{"@value": strconv.FormatInt(d.Size, 10), "@type": "xsd:nonNegativeInteger"},
				}
				if own.Licence.URL != "" {
					dist["dct:license"] = id(own.Licence.URL)
				}
				if u := languageURI(m.Lang); u != "" {
					dist["dct:language"] = id(u)
				}
				if day := isoDate(lf); day != "" {
					dist["dct:modified"] = date(day)
				}
				dists = append(dists, dist)
			}
		}
		ds["dct:title"], ds["dct:description"], ds["dcat:landingPage"] = titles, descs, pages
		if dists != nil {
			ds["dcat:distribution"] = dists
		}
		datasets = append(datasets, ds)
	}

	catalog := ld{
		"@id":                base + "#catalog",
		"@type":              "dcat:Catalog",
		"dct:title":          titles,
		"dct:description":    descs,
		"dct:publisher":      id(publisherID),
		"dcat:contactPoint":  id(contactID),
		"foaf:homepage":      id(base),
		"dcat:themeTaxonomy": id(dataThemes),
		"dcat:dataset":       datasets,
	}
	if langIDs != nil {
		catalog["dct:language"] = langIDs
	}
	if own.Licence.URL != "" {
		catalog["dct:license"] = id(own.Licence.URL)
	}
	if latest != "" {
		catalog["dct:modified"] = date(latest)
	}
	if datasets == nil {
		catalog["dcat:dataset"] = []ld{}
	}
	doc := ld{
		"@context": ld{
			"dcat":  "http://www.w3.org/ns/dcat#",
			"dct":   "http://purl.org/dc/terms/",
			"foaf":  "http://xmlns.com/foaf/0.1/",
			"skos":  "http://www.w3.org/2004/02/skos/core#",
			"vcard": "http://www.w3.org/2006/vcard/ns#",
			"xsd":   "http://www.w3.org/2001/XMLSchema#",
		},
		"@graph": []ld{catalog, publisher, contact},
	}
	if region != nil {
		doc["@graph"] = []ld{catalog, publisher, contact, region}
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
func temporal(period string) ld {
	ys := years.FindAllString(period, -1)
	if len(ys) == 0 {
		return nil
	}
	year := func(y string) ld { return ld{"@value": y, "@type": "xsd:gYear"} }
	return ld{"@type": "dct:PeriodOfTime", "dcat:startDate": year(ys[0]), "dcat:endDate": year(ys[len(ys)-1])}
}

// spatial is the dct:Location of the figures, the node nodeID: the region,
// with its municipalities as parts, each named in every language
// (skos:prefLabel). Without municipality numbers in the data there are no
// official URIs to give, so the places are named, not identified. It is nil
// when the site names no region.
func spatial(langs []Language, nodeID string) ld {
	own := langs[0].Meta
	if own.Region == "" {
		return nil
	}
	labels := func(name func(Meta) string) []ld {
		var out []ld
		for _, l := range langs {
			if v := name(l.Meta); v != "" {
				out = append(out, ld{"@value": v, "@language": l.Meta.Lang})
			}
		}
		return out
	}
	region := ld{"@id": nodeID, "@type": "dct:Location", "skos:prefLabel": labels(func(m Meta) string { return m.Region })}
	var parts []ld
	for i := range own.Places {
		parts = append(parts, ld{"@type": "dct:Location", "skos:prefLabel": labels(func(m Meta) string {
			if i < len(m.Places) {
				return m.Places[i]
			}
			return ""
		})})
	}
	if parts != nil {
		region["dct:hasPart"] = parts
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
