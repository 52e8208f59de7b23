package load

import (
	"reflect"
	"time"

	"sats/internal/schema"
)

// Schemas describes the JSON Schema of every YAML document the loader
// reads: the data files and the front matter of each kind of page. The Go
// types are the source: package schema makes each schema file from the type
// the document is decoded into and the tags of its fields, and a test of
// this package keeps the files in internal/schema equal to what it makes
// (go test ./internal/load -run Schemas -update writes them).
func Schemas() []schema.Doc {
	docs := []schema.Doc{
		{Name: schema.Site, Title: "data/site.yaml", Type: reflect.TypeFor[Config](),
			Description: "The site's settings: name, address, language, menus and the URL of each section (docs/content-model.md)."},
		{Name: schema.Projects, Title: "data/projects.yaml", Type: reflect.TypeFor[ProjectsFile](),
			Description: "The kinds of support and the projects that received support (docs/content-model.md)."},
		{Name: schema.FocusAreas, Title: "data/focus_areas.yaml", Type: reflect.TypeFor[FocusAreasFile](),
			Description: "The programme's focus areas, in order, and the areas of an earlier plan that were merged into them (docs/content-model.md)."},
		{Name: schema.Municipalities, Title: "data/municipalities.yaml", Type: reflect.TypeFor[MunicipalitiesFile](),
			Description: "The region's municipalities and the region as a whole (docs/content-model.md)."},
		{Name: schema.Organisation, Title: "data/organisation.yaml", Type: reflect.TypeFor[Organisation](),
			Description: "The organisation behind the programme: owner, status, goal, phases, board, observers, partners, contact and values."},
		{Name: schema.Results, Title: "data/results.yaml", Type: reflect.TypeFor[Results](),
			Description: "The licence of the figures and the figures themselves: tables of categories (rows) by series (columns), typed in or computed from the project records (docs/content-model.md)."},
		{Name: schema.Sources, Title: "data/sources.yaml", Type: reflect.TypeFor[SourcesFile](),
			Description: "The documents the site's facts come from; figures, projects, news posts and reports refer to them by id (docs/content-model.md)."},
		{Name: schema.I18n, Title: "data/i18n/<language>.yaml", Type: reflect.TypeFor[map[string]string](),
			Description: "Interface strings used by the layouts through {{t \"key\"}}. Keys with %s or %d are format strings: keep the placeholders.",
			Tag:         "keys=^[A-Za-z][A-Za-z0-9_-]*$",
			Fix:         "use letters, digits, '-' and '_' in keys, starting with a letter, e.g. readMore"},
	}
	for _, k := range frontMatterKinds() {
		docs = append(docs, schema.Doc{Name: k.schema, Title: k.title, Description: k.description,
			Type: reflect.TypeFor[FrontMatter](), Keys: k.keys, Required: k.required})
	}
	return docs
}

// SchemaShapes names the definitions of internal/schema/common.schema.json
// that describe the types decoded from one YAML value by a decoder of their
// own.
func SchemaShapes() schema.Shapes {
	return schema.Shapes{
		reflect.TypeFor[Ref]().String():       "slugOrEmpty",
		reflect.TypeFor[[]Ref]().String():     "ids",
		reflect.TypeFor[Date]().String():      "partialDate",
		reflect.TypeFor[time.Time]().String(): "date",
		reflect.TypeFor[SourceRef]().String(): "sourceRef",
		reflect.TypeFor[Number]().String():    "number",
	}
}

// frontMatterKind is the front matter of one kind of page: the keys of
// FrontMatter it takes and those it must have.
type frontMatterKind struct {
	schema, title, description string
	keys, required             []string
}

func frontMatterKinds() []frontMatterKind {
	page := []string{"title", "date", "lastmod", "expiryDate", "summary", "tags", "draft", "slug", "weight", "layout"}
	return []frontMatterKind{
		{schema.News, "news posts", "The front matter of a news post: content/<news section>/<name>.md.",
			[]string{"title", "date", "lastmod", "expiryDate", "summary", "tags", "draft", "slug", "layout", "focusAreas", "projects", "source"},
			[]string{"title", "date"}},
		{schema.Report, "reports", "The front matter of a report: content/<reports section>/<name>.md.",
			append(page, "publisher", "period", "toc", "attachments", "source"),
			[]string{"title"}},
		{schema.Page, "pages", "The front matter of a page: content/<name>.md, content/_index.md (the home page) and content/404.md.",
			page, []string{"title"}},
		{schema.Text, "project, focus area and municipality texts", "The front matter of the text of a project, focus area or municipality: content/<section>/<id>.md. The title and the facts come from the record in data/; the file adds the text and may override the summary.",
			[]string{"summary", "layout", "draft"}, []string{}},
		{schema.Event, "events", "The front matter of an event: content/<events section>/<name>.md.",
			[]string{"title", "date", "lastmod", "summary", "tags", "draft", "slug", "layout", "place"},
			[]string{"title", "date"}},
		{schema.Section, "section pages (_index.md)", "The front matter of a section's page: content/<section>/_index.md.",
			[]string{"title", "date", "lastmod", "summary", "draft", "layout"}, []string{"title"}},
	}
}
