package figures

import (
	"bytes"
	"encoding/json"
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
	if f.Cite != nil && f.Cite.Source != nil {
		src := f.Cite.Source
		doc := ld{"@type": "CreativeWork", "name": src.Title}
		if src.TitleLang != "" {
			doc["inLanguage"] = src.TitleLang
		}
		if src.Publisher != "" {
			doc["publisher"] = ld{"@type": "Organization", "name": src.Publisher}
		}
		if iso := src.Date.ISO(); iso != "" {
			doc["datePublished"] = iso
		}
		if src.URL != "" {
			doc["url"] = src.URL
		}
		d["isBasedOn"] = doc
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
		if src := sourceDocument(f, text, date); src != nil {
			ds["dct:source"] = src
		}
		var titles, descs, pages, provenance []ld
		var dists []ld
		for _, l := range langs {
			lf := figureByID(l.Figures, f.ID)
			if lf == nil {
				continue
			}
			m := l.Meta
			if lf.Source != "" {
				provenance = append(provenance, text(lf.Source, m.Lang))
			}
			titles = append(titles, text(lf.Title, m.Lang))
			desc := lf.Description
			if desc == "" {
				desc = Summary(lf, m)
			}
			descs = append(descs, text(desc, m.Lang))
			pages = append(pages, id(m.abs(lf.Page.URL)))
			for _, d := range lf.Downloads {
				u := m.abs(d.URL)
				dist := ld{
					"@id":              u,
					"@type":            "dcat:Distribution",
					"dct:title":        text(d.Label+": "+lf.Title, m.Lang),
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
		if provenance != nil {
			ds["dct:provenance"] = ld{"@type": "dct:ProvenanceStatement", "rdfs:label": provenance}
		}
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
			"rdfs":  "http://www.w3.org/2000/01/rdf-schema#",
			"vcard": "http://www.w3.org/2006/vcard/ns#",
			"xsd":   "http://www.w3.org/2001/XMLSchema#",
		},
		"@graph": []ld{catalog, publisher, contact},
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

// sourceDocument is the document a figure's numbers come from, for dct:source:
// its title in its own language, publisher and date at the precision the
// document gives (xsd:date, xsd:gYearMonth or xsd:gYear), and its address
// where it has one. nil when the figure names no document.
func sourceDocument(f *model.Figure, text func(v, lang string) ld, day func(string) ld) ld {
	if f.Cite == nil || f.Cite.Source == nil {
		return nil
	}
	src := f.Cite.Source
	n := ld{"@type": "foaf:Document", "dct:title": text(src.Title, src.TitleLang)}
	if src.TitleLang == "" {
		n["dct:title"] = src.Title
	}
	if src.URL != "" {
		n["@id"] = src.URL
	}
	if src.Publisher != "" {
		n["dct:publisher"] = ld{"@type": "foaf:Agent", "foaf:name": src.Publisher}
	}
	switch iso := src.Date.ISO(); {
	case iso == "":
	case len(iso) == len("2006-01-02"):
		n["dct:issued"] = day(iso)
	case len(iso) == len("2006-01"):
		n["dct:issued"] = ld{"@value": iso, "@type": "xsd:gYearMonth"}
	default:
		n["dct:issued"] = ld{"@value": iso, "@type": "xsd:gYear"}
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
