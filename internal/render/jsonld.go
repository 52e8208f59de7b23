package render

import (
	"encoding/json"
	"html/template"
	"time"

	"sats/internal/locale"
	"sats/internal/model"
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
// The JSON is made by encoding/json, so it is always valid; <, > and & are
// escaped as \u003c and so on, so no text can end the script element. The
// script is not executed, so a Content-Security-Policy does not block it.

// ld is a JSON-LD node.
type ld = map[string]any

// jsonLD returns the structured data of page p; image is the site path of
// its preview image ("" for none), organization adds the programme itself.
func (r *Renderer) jsonLD(p *model.Page, image string, organization bool) (template.JS, error) {
	s := r.site
	var graph []ld
	if organization {
		graph = append(graph, r.organizationLD())
	}
	switch typ := itemLD(p); typ {
	case "":
	case "Dataset":
		if p.Figure != nil && p.Figure.LD != nil {
			graph = append(graph, p.Figure.LD) // a schema.org Dataset (package figures)
		}
	default: // an article: NewsArticle, Report, …
		a := r.articleLD(p, typ, image)
		author := p.Publisher
		if author == "" {
			author = s.Config.Author
		}
		a["author"] = ld{"@type": "Organization", "name": author}
		var media []ld
		for _, at := range p.Attachments {
			media = append(media, ld{"@type": "MediaObject", "name": at.Title, "contentUrl": s.AbsURL(at.URL), "encodingFormat": at.Format})
		}
		if media != nil {
			a["associatedMedia"] = media
		}
		graph = append(graph, a)
	}
	graph = append(graph, r.breadcrumbLD(p))
	data, err := json.Marshal(ld{"@context": "https://schema.org", "@graph": graph})
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

func (r *Renderer) organizationLD() ld {
	s := r.site
	org := s.Organisation
	n := ld{
		"@type": "GovernmentOrganization",
		"@id":   r.organizationID(),
		"name":  org.Name,
		"url":   s.AbsURL("/"),
	}
	if org.Name == "" {
		n["name"] = s.Config.Title
	}
	if s.Config.Description != "" {
		n["description"] = s.Config.Description
	}
	c := org.Contact
	addr := ld{"@type": "PostalAddress"}
	for key, v := range map[string]string{"streetAddress": c.Street, "postalCode": c.Postcode, "addressLocality": c.City} {
		if v != "" {
			addr[key] = v
		}
	}
	if len(addr) > 1 {
		n["address"] = addr
	}
	if c.Email != "" {
		n["email"] = c.Email
	}
	if c.Phone != "" {
		n["telephone"] = c.Phone
	}
	if org.Owner != "" {
		n["parentOrganization"] = ld{"@type": "GovernmentOrganization", "name": org.Owner}
	}
	// schema.org dates are ISO 8601, which may stop at a month or a year.
	if d := org.Status.Granted; !d.IsZero() {
		n["foundingDate"] = d.ISO()
	}
	if d := org.Status.Ended; !d.IsZero() {
		n["dissolutionDate"] = d.ISO()
	}
	return n
}

// articleLD is the node of a news post or report.
func (r *Renderer) articleLD(p *model.Page, typ, image string) ld {
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
	n := ld{
		"@type":            typ,
		"headline":         p.Title,
		"name":             p.Title,
		"url":              s.AbsURL(p.URL),
		"mainEntityOfPage": s.AbsURL(p.URL),
		"inLanguage":       p.Lang,
		"datePublished":    published,
		"dateModified":     modified,
		"publisher": ld{
			"@type": "GovernmentOrganization",
			"@id":   r.organizationID(),
			"name":  s.Organisation.Name,
			"url":   s.AbsURL("/"),
		},
	}
	if s.Organisation.Name == "" {
		n["publisher"].(ld)["name"] = s.Config.Title
	}
	if p.Summary != "" {
		n["description"] = p.Summary
	}
	if image != "" {
		n["image"] = []string{s.AbsURL(image)}
	}
	var tags []string
	for _, t := range p.Tags {
		tags = append(tags, t.Name)
	}
	if tags != nil {
		n["keywords"] = tags
	}
	return n
}

// breadcrumbLD is the path from the home page to p, as the breadcrumbs show
// it.
func (r *Renderer) breadcrumbLD(p *model.Page) ld {
	s := r.site
	var items []ld
	add := func(q *model.Page) {
		name := q.Title
		if q.Kind == model.KindHome || name == "" {
			name = s.T("home")
		}
		items = append(items, ld{"@type": "ListItem", "position": len(items) + 1, "name": name, "item": s.AbsURL(q.URL)})
	}
	for _, c := range p.Breadcrumbs() {
		if c.URL != p.URL && (len(items) == 0 || items[len(items)-1]["item"] != s.AbsURL(c.URL)) {
			add(c)
		}
	}
	add(p)
	return ld{"@type": "BreadcrumbList", "itemListElement": items}
}
