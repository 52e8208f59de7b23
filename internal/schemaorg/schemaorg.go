// Package schemaorg is the part of the schema.org vocabulary the site
// publishes as structured data (JSON-LD in a page's script element of type
// application/ld+json): the programme as a GovernmentOrganization, news
// posts and reports as articles, figures as datasets, and the breadcrumb
// trail of every page.
//
// Each type is a node of a JSON-LD graph with a Go field for each property
// the site gives, so a misspelt property does not compile. Package render
// makes the graph of a page; package figures makes a figure's Dataset.
//
// The fields of a type are in the order of their JSON keys (@id, @type, then
// alphabetically), so the JSON reads in the same order on every page and in
// every version of the site. An optional property is left out when empty.
package schemaorg

// Context is the @context of a graph of schema.org nodes.
const Context = "https://schema.org"

// Graph is a JSON-LD document: schema.org nodes in one @graph.
type Graph struct {
	Context string `json:"@context"`
	Graph   []Node `json:"@graph"`
}

// The @type of each kind of node: the value of a Type field.
const (
	TypeOrganization           = "Organization"
	TypeGovernmentOrganization = "GovernmentOrganization"
	TypePostalAddress          = "PostalAddress"
	TypeNewsArticle            = "NewsArticle"
	TypeReport                 = "Report"
	TypeMediaObject            = "MediaObject"
	TypeDataset                = "Dataset"
	TypeDataDownload           = "DataDownload"
	TypeCreativeWork           = "CreativeWork"
	TypeBreadcrumbList         = "BreadcrumbList"
	TypeListItem               = "ListItem"
)

// Node is a node of a Graph: a pointer to one of the types below.
type Node interface{ node() }

func (*Organization) node()   {}
func (*Article) node()        {}
func (*Dataset) node()        {}
func (*BreadcrumbList) node() {}

// Organization is a TypeOrganization or a TypeGovernmentOrganization: the
// programme, its owner, an author or a publisher. A node that only refers to
// the programme has its ID and nothing else it need repeat.
type Organization struct {
	ID                 string         `json:"@id,omitempty"`
	Type               string         `json:"@type"`
	Address            *PostalAddress `json:"address,omitempty"`
	Description        string         `json:"description,omitempty"`
	DissolutionDate    string         `json:"dissolutionDate,omitempty"` // ISO 8601, to a day, month or year
	Email              string         `json:"email,omitempty"`
	FoundingDate       string         `json:"foundingDate,omitempty"` // ISO 8601, to a day, month or year
	Name               string         `json:"name"`
	ParentOrganization *Organization  `json:"parentOrganization,omitempty"`
	Telephone          string         `json:"telephone,omitempty"`
	URL                string         `json:"url,omitempty"`
}

// PostalAddress is an organisation's address; Type is TypePostalAddress.
type PostalAddress struct {
	Type            string `json:"@type"`
	AddressLocality string `json:"addressLocality,omitempty"`
	PostalCode      string `json:"postalCode,omitempty"`
	StreetAddress   string `json:"streetAddress,omitempty"`
}

// Article is a TypeNewsArticle or a TypeReport. Dates are RFC 3339, or ISO
// 8601 to the month or year when that is all that is known.
type Article struct {
	Type             string        `json:"@type"`
	AssociatedMedia  []MediaObject `json:"associatedMedia,omitempty"` // a report's attachments
	Author           *Organization `json:"author,omitempty"`
	DateModified     string        `json:"dateModified"`
	DatePublished    string        `json:"datePublished"`
	Description      string        `json:"description,omitempty"`
	Headline         string        `json:"headline"`
	Image            []string      `json:"image,omitempty"`
	InLanguage       string        `json:"inLanguage"`
	Keywords         []string      `json:"keywords,omitempty"`
	MainEntityOfPage string        `json:"mainEntityOfPage"`
	Name             string        `json:"name"`
	Publisher        *Organization `json:"publisher,omitempty"`
	URL              string        `json:"url"`
}

// MediaObject is a file attached to an article; Type is TypeMediaObject.
type MediaObject struct {
	Type           string `json:"@type"`
	ContentURL     string `json:"contentUrl"`
	EncodingFormat string `json:"encodingFormat"`
	Name           string `json:"name"`
}

// Dataset is a figure's numbers, with their files as distributions; Type is
// TypeDataset.
type Dataset struct {
	ID                  string         `json:"@id"`
	Type                string         `json:"@type"`
	Citation            string         `json:"citation"`
	Creator             *Organization  `json:"creator"`
	DateModified        string         `json:"dateModified,omitempty"` // ISO 8601 date
	Description         string         `json:"description"`
	Distribution        []DataDownload `json:"distribution,omitempty"`
	InLanguage          string         `json:"inLanguage"`
	IsAccessibleForFree bool           `json:"isAccessibleForFree"`
	IsBasedOn           *CreativeWork  `json:"isBasedOn,omitempty"`
	License             string         `json:"license,omitempty"`
	Name                string         `json:"name"`
	Publisher           *Organization  `json:"publisher"`
	TemporalCoverage    string         `json:"temporalCoverage,omitempty"`
	URL                 string         `json:"url"`
	VariableMeasured    []string       `json:"variableMeasured,omitempty"`
}

// DataDownload is a file of a Dataset; Type is TypeDataDownload. Its size is
// in bytes, written "1234 B".
type DataDownload struct {
	Type           string `json:"@type"`
	ContentSize    string `json:"contentSize"`
	ContentURL     string `json:"contentUrl"`
	EncodingFormat string `json:"encodingFormat"`
	Name           string `json:"name"`
}

// CreativeWork is the document a dataset's numbers come from; Type is
// TypeCreativeWork. Its date is ISO 8601 at the precision the document gives.
type CreativeWork struct {
	Type          string        `json:"@type"`
	DatePublished string        `json:"datePublished,omitempty"`
	InLanguage    string        `json:"inLanguage,omitempty"`
	Name          string        `json:"name"`
	Publisher     *Organization `json:"publisher,omitempty"`
	URL           string        `json:"url,omitempty"`
}

// BreadcrumbList is the path from the home page to a page; Type is
// TypeBreadcrumbList.
type BreadcrumbList struct {
	Type            string     `json:"@type"`
	ItemListElement []ListItem `json:"itemListElement"`
}

// ListItem is a page of a BreadcrumbList, at Position from 1; Type is
// TypeListItem.
type ListItem struct {
	Type     string `json:"@type"`
	Item     string `json:"item"`
	Name     string `json:"name"`
	Position int    `json:"position"`
}
