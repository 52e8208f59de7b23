package figures

import "encoding/json"

// The DCAT-AP-NO vocabulary of the open data catalog (catalog.go): its
// JSON-LD nodes, typed, so that a misspelt property does not compile. The
// prefixes (dcat:, dct:, foaf:, vcard: …) are those of the catalog's
// @context (dcatContext).

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

// dcatContext is the catalog's @context: the prefixes of its properties.
func dcatContext() map[string]string {
	return map[string]string{
		"dcat":  "http://www.w3.org/ns/dcat#",
		"dct":   "http://purl.org/dc/terms/",
		"foaf":  "http://xmlns.com/foaf/0.1/",
		"rdfs":  "http://www.w3.org/2000/01/rdf-schema#",
		"skos":  "http://www.w3.org/2004/02/skos/core#",
		"vcard": "http://www.w3.org/2006/vcard/ns#",
		"xsd":   "http://www.w3.org/2001/XMLSchema#",
	}
}

// A dcatNode is a node of the catalog's @graph.
type dcatNode interface{ dcatNode() }

func (dcatCatalog) dcatNode()       {}
func (agent) dcatNode()             {}
func (vcardOrganization) dcatNode() {}
func (*location) dcatNode()         {}

type (
	// langText is a text in a language; one whose language is not known
	// is a plain string.
	langText   struct{ Value, Lang string }
	typedValue struct {
		Value string `json:"@value"`
		Type  string `json:"@type"`
	}
	ref struct {
		ID string `json:"@id"`
	}

	catalogDoc struct {
		Context map[string]string `json:"@context"`
		Graph   []dcatNode        `json:"@graph"`
	}

	dcatCatalog struct {
		ID            string        `json:"@id"`
		Type          string        `json:"@type"`
		Title         []langText    `json:"dct:title"`
		Description   []langText    `json:"dct:description"`
		Publisher     ref           `json:"dct:publisher"`
		ContactPoint  ref           `json:"dcat:contactPoint"`
		Homepage      ref           `json:"foaf:homepage"`
		ThemeTaxonomy ref           `json:"dcat:themeTaxonomy"`
		Language      []ref         `json:"dct:language,omitempty"`
		License       *ref          `json:"dct:license,omitempty"`
		Modified      *typedValue   `json:"dct:modified,omitempty"`
		Dataset       []dcatDataset `json:"dcat:dataset"`
	}

	dcatDataset struct {
		ID           string             `json:"@id"`
		Type         string             `json:"@type"`
		Identifier   string             `json:"dct:identifier"`
		Title        []langText         `json:"dct:title"`
		Description  []langText         `json:"dct:description"`
		Keyword      []langText         `json:"dcat:keyword,omitempty"`
		Publisher    ref                `json:"dct:publisher"`
		ContactPoint ref                `json:"dcat:contactPoint"`
		AccessRights ref                `json:"dct:accessRights"`
		Theme        []ref              `json:"dcat:theme,omitempty"`
		LandingPage  []ref              `json:"dcat:landingPage"`
		Language     []ref              `json:"dct:language,omitempty"`
		Modified     *typedValue        `json:"dct:modified,omitempty"`
		Temporal     *periodOfTime      `json:"dct:temporal,omitempty"`
		Spatial      *ref               `json:"dct:spatial,omitempty"`
		Source       *sourceDoc         `json:"dct:source,omitempty"`
		Provenance   *provenance        `json:"dct:provenance,omitempty"`
		Distribution []dcatDistribution `json:"dcat:distribution,omitempty"`
	}

	// sourceDoc is the document a figure's numbers come from.
	sourceDoc struct {
		ID        string      `json:"@id,omitempty"`
		Type      string      `json:"@type"`
		Title     langText    `json:"dct:title"`
		Publisher *foafAgent  `json:"dct:publisher,omitempty"`
		Issued    *typedValue `json:"dct:issued,omitempty"`
	}

	foafAgent struct {
		Type string `json:"@type"`
		Name string `json:"foaf:name"`
	}

	provenance struct {
		Type  string     `json:"@type"`
		Label []langText `json:"rdfs:label"`
	}

	dcatDistribution struct {
		ID          string      `json:"@id"`
		Type        string      `json:"@type"`
		Title       []langText  `json:"dct:title"`
		AccessURL   ref         `json:"dcat:accessURL"`
		DownloadURL ref         `json:"dcat:downloadURL"`
		Format      ref         `json:"dct:format"`
		MediaType   ref         `json:"dcat:mediaType"`
		ByteSize    typedValue  `json:"dcat:byteSize"`
		License     *ref        `json:"dct:license,omitempty"`
		Language    *ref        `json:"dct:language,omitempty"`
		Modified    *typedValue `json:"dct:modified,omitempty"`
	}

	periodOfTime struct {
		Type  string     `json:"@type"`
		Start typedValue `json:"dcat:startDate"`
		End   typedValue `json:"dcat:endDate"`
	}

	location struct {
		ID      string     `json:"@id,omitempty"`
		Type    string     `json:"@type"`
		Label   []langText `json:"skos:prefLabel"`
		HasPart []location `json:"dct:hasPart,omitempty"`
	}

	agent struct {
		ID       string     `json:"@id"`
		Type     []string   `json:"@type"`
		Name     []langText `json:"foaf:name"`
		Homepage ref        `json:"foaf:homepage"`
	}

	vcardOrganization struct {
		ID        string        `json:"@id"`
		Type      string        `json:"@type"`
		Name      string        `json:"vcard:fn"`
		URL       ref           `json:"vcard:hasURL"`
		Email     *ref          `json:"vcard:hasEmail,omitempty"`
		Telephone *ref          `json:"vcard:hasTelephone,omitempty"`
		Address   *vcardAddress `json:"vcard:hasAddress,omitempty"`
	}

	vcardAddress struct {
		Type     string `json:"@type"`
		Street   string `json:"vcard:street-address,omitempty"`
		Postcode string `json:"vcard:postal-code,omitempty"`
		Locality string `json:"vcard:locality,omitempty"`
	}
)

// MarshalJSON writes a text with its language tag, or as a plain string
// when its language is not known.
func (t langText) MarshalJSON() ([]byte, error) {
	if t.Lang == "" {
		return json.Marshal(t.Value)
	}
	return json.Marshal(struct {
		Value string `json:"@value"`
		Lang  string `json:"@language"`
	}{t.Value, t.Lang})
}

func xsdDate(v string) *typedValue { return &typedValue{v, "xsd:date"} }

// optRef is a reference to u, or nil if u is empty.
func optRef(u string) *ref {
	if u == "" {
		return nil
	}
	return &ref{u}
}
