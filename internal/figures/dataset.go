package figures

import (
	"cmp"
	"strconv"

	"sats/internal/model"
	"sats/internal/schemaorg"
)

// DatasetLD is figure f as a schema.org Dataset, a node for the JSON-LD graph
// of its page: name, description, licence, publisher, date, citation, the
// document its numbers come from, and each download as a DataDownload.
func DatasetLD(f *model.Figure, m Meta, pub *Published) *schemaorg.Dataset {
	org := &schemaorg.Organization{Type: schemaorg.TypeOrganization, Name: m.Publisher, URL: model.AbsURL(m.BaseURL, "/")}
	d := &schemaorg.Dataset{
		Type:                schemaorg.TypeDataset,
		ID:                  datasetID(f, m),
		Name:                f.Title,
		Description:         cmp.Or(f.Description, pub.Summary),
		URL:                 model.AbsURL(m.BaseURL, f.Page.URL),
		InLanguage:          m.Lang,
		IsAccessibleForFree: true,
		Creator:             org,
		Publisher:           org,
		Citation:            pub.Citation,
		License:             m.Licence.URL,
		DateModified:        isoDate(f),
		TemporalCoverage:    f.Period,
		IsBasedOn:           basedOn(f),
		VariableMeasured:    header(f, m)[1:],
	}
	for _, file := range pub.Files {
		d.Distribution = append(d.Distribution, schemaorg.DataDownload{
			Type:           schemaorg.TypeDataDownload,
			Name:           file.Download.Label,
			EncodingFormat: file.Download.MediaType,
			ContentURL:     model.AbsURL(m.BaseURL, file.Download.URL),
			ContentSize:    strconv.FormatInt(file.Download.Size, 10) + " B",
		})
	}
	return d
}

// datasetID is the @id of figure f as a dataset: the address of its page,
// with #dataset. The catalog's dcat:Dataset has the @id of the page in the
// site's own language, so it is the same node as that page's schema.org
// Dataset.
func datasetID(f *model.Figure, m Meta) string {
	return model.AbsURL(m.BaseURL, f.Page.URL) + "#dataset"
}

// basedOn is the document a figure's numbers come from, as a schema.org
// CreativeWork; nil when the figure names none.
func basedOn(f *model.Figure) *schemaorg.CreativeWork {
	if f.Cite == nil || f.Cite.Source == nil {
		return nil
	}
	src := f.Cite.Source
	doc := &schemaorg.CreativeWork{Type: schemaorg.TypeCreativeWork, Name: src.Title, InLanguage: src.TitleLang,
		DatePublished: src.Date.ISO(), URL: src.URL}
	if src.Publisher != "" {
		doc.Publisher = &schemaorg.Organization{Type: schemaorg.TypeOrganization, Name: src.Publisher}
	}
	return doc
}
