package render

import (
	"cmp"
	"encoding/json"
	"html/template"
	"time"

	"sats/internal/locale"
	"sats/internal/model"
	"sats/internal/schemaorg"
)

// Structured data (schema.org, as JSON-LD) for search engines and link
// previews. The template function jsonld returns a page's data for a script
// element of type application/ld+json:
//
//	<script type="application/ld+json">{{jsonld . $image.URL (eq .Kind "home")}}</script>
//
// It is one object with an @graph of:
//
//   - BreadcrumbList: the path from the home page to the page, on every page;
//   - the node of the page's kind, as the table of page kinds names it
//     (model.KindSpec.JSONLD): an article type (NewsArticle for news posts,
//     Report for reports) or Dataset for figures (made by package figures);
//   - GovernmentOrganization, the programme (data/organisation.yaml), where
//     the template asks for it (the home and about pages), with its address
//     and its owner as parentOrganization. News and reports refer to it as
//     their publisher by its @id.
//
// The nodes are the Go types of package schemaorg, so a misspelt property
// does not compile. The JSON is made by encoding/json, so it is always
// valid; <, > and & are escaped as \u003c and so on, so no text can end the
// script element. The script is not executed, so a Content-Security-Policy
// does not block it.

// jsonLD returns the structured data of page p; image is the site path of
// its preview image ("" for none), organization adds the programme itself.
func (r *Renderer) jsonLD(p *model.Page, image string, organization bool) (template.JS, error) {
	s := r.site
	var graph []schemaorg.Node
	if organization {
		graph = append(graph, r.organizationLD())
	}
	switch typ := itemLD(p); typ {
	case "":
	case schemaorg.TypeDataset:
		if p.Figure != nil && p.Figure.LD != nil {
			graph = append(graph, p.Figure.LD) // made by package figures
		}
	default: // an article: NewsArticle, Report, …
		a := r.articleLD(p, typ, image)
		a.Author = &schemaorg.Organization{Type: schemaorg.TypeOrganization, Name: cmp.Or(p.Publisher, s.Config.Author)}
		for _, at := range p.Attachments {
			a.AssociatedMedia = append(a.AssociatedMedia, schemaorg.MediaObject{
				Type: schemaorg.TypeMediaObject, Name: at.Title, ContentURL: s.AbsURL(at.URL), EncodingFormat: at.Format,
			})
		}
		graph = append(graph, a)
	}
	graph = append(graph, r.breadcrumbLD(p))
	data, err := json.Marshal(schemaorg.Graph{Context: schemaorg.Context, Graph: graph})
	if err != nil {
		return "", err
	}
	return template.JS(data), nil // #nosec: JSON from encoding/json, with <, > and & escaped
}

// itemLD is the schema.org type of p's own node, as the table of page kinds
// says (model.KindSpec.JSONLD): "" for a list page and a kind without one.
func itemLD(p *model.Page) string {
	k := p.Site.Spec(p.Kind)
	if k == nil || k.IsList(p.Kind) {
		return ""
	}
	return k.JSONLD
}

// organizationID is the @id of the programme's node.
func (r *Renderer) organizationID() string { return r.site.AbsURL("/") + "#organization" }

// organizationLD is the programme (data/organisation.yaml) as a
// GovernmentOrganization: its name, address, contact, owner and the dates it
// was granted and ended.
func (r *Renderer) organizationLD() *schemaorg.Organization {
	s := r.site
	org, c := s.Organisation, s.Organisation.Contact
	n := &schemaorg.Organization{
		Type:        schemaorg.TypeGovernmentOrganization,
		ID:          r.organizationID(),
		Name:        cmp.Or(org.Name, s.Config.Title),
		URL:         s.AbsURL("/"),
		Description: s.Config.Description,
		Email:       c.Email,
		Telephone:   c.Phone,
		// schema.org dates are ISO 8601, which may stop at a month or a year.
		FoundingDate:    org.Status.Granted.ISO(),
		DissolutionDate: org.Status.Ended.ISO(),
	}
	if c.Street != "" || c.Postcode != "" || c.City != "" {
		n.Address = &schemaorg.PostalAddress{Type: schemaorg.TypePostalAddress, StreetAddress: c.Street, PostalCode: c.Postcode, AddressLocality: c.City}
	}
	if org.Owner != "" {
		n.ParentOrganization = &schemaorg.Organization{Type: schemaorg.TypeGovernmentOrganization, Name: org.Owner}
	}
	return n
}

// articleLD is the node of a news post or report.
func (r *Renderer) articleLD(p *model.Page, typ, image string) *schemaorg.Article {
	s := r.site
	// A date known only to a month, a season or a year is given in ISO 8601
	// at that precision (2021-09, 2021), as schema.org allows.
	published, modified := p.Date.In(s.Location).Format(time.RFC3339), ""
	if p.Date.Precision != locale.Day {
		published = p.Date.ISO()
	}
	mod := p.Lastmod
	if mod.Before(p.Date.Time) {
		mod, modified = p.Date.Time, published
	}
	if modified == "" {
		modified = mod.In(s.Location).Format(time.RFC3339)
	}
	n := &schemaorg.Article{
		Type:             typ,
		Headline:         p.Title,
		Name:             p.Title,
		URL:              s.AbsURL(p.URL),
		MainEntityOfPage: s.AbsURL(p.URL),
		InLanguage:       p.Lang,
		DatePublished:    published,
		DateModified:     modified,
		Description:      p.Summary,
		Publisher: &schemaorg.Organization{
			Type: schemaorg.TypeGovernmentOrganization,
			ID:   r.organizationID(),
			Name: cmp.Or(s.Organisation.Name, s.Config.Title),
			URL:  s.AbsURL("/"),
		},
	}
	if image != "" {
		n.Image = []string{s.AbsURL(image)}
	}
	for _, t := range p.Tags {
		n.Keywords = append(n.Keywords, t.Name)
	}
	return n
}

// breadcrumbLD is the path from the home page to p, as the breadcrumbs show
// it.
func (r *Renderer) breadcrumbLD(p *model.Page) *schemaorg.BreadcrumbList {
	s := r.site
	list := &schemaorg.BreadcrumbList{Type: schemaorg.TypeBreadcrumbList}
	add := func(q *model.Page) {
		name := q.Title
		if q.Kind == model.KindHome || name == "" {
			name = s.T("home")
		}
		list.ItemListElement = append(list.ItemListElement, schemaorg.ListItem{
			Type: schemaorg.TypeListItem, Position: len(list.ItemListElement) + 1, Name: name, Item: s.AbsURL(q.URL),
		})
	}
	for _, c := range p.Breadcrumbs() {
		items := list.ItemListElement
		if c.URL != p.URL && (len(items) == 0 || items[len(items)-1].Item != s.AbsURL(c.URL)) {
			add(c)
		}
	}
	add(p)
	return list
}
