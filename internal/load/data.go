package load

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"sats/internal/diag"
	"sats/internal/locale"
	"sats/internal/pool"
	"sats/internal/schema"
)

// Data holds the records of data/, as written. References between records
// are ids (Ref); the model resolves them.
type Data struct {
	Projects       ProjectsFile
	FocusAreas     FocusAreasFile
	Municipalities MunicipalitiesFile
	Organisation   Organisation
	Results        Results
	Sources        SourcesFile
	I18n           map[string]map[string]string // language → key → text
}

// ProjectsFile is data/projects.yaml.
type ProjectsFile struct {
	SupportKinds []SupportKind `yaml:"supportKinds" doc:"The kinds of support, in display order."`
	Projects     []Project     `yaml:"projects" doc:"The projects; each gets a page at /<projects section>/<id>/."`
}

// SupportKind is a way the programme supported projects.
type SupportKind struct {
	ID           string                  `yaml:"id" schema:"required,slug" example:"sokbare-midler"`
	Name         string                  `yaml:"name" schema:"required,nonEmptyText" example:"Søkbare midler"`
	Description  string                  `yaml:"description"`
	Pos          diag.Pos                `yaml:"-"`
	Translations map[string]*SupportKind `yaml:"translations" doc:"The record in other languages, by language code: only the fields that differ."`
}

// Project is a supported project.
type Project struct {
	ID             string              `yaml:"id" schema:"required,slug" doc:"The project's id and the last part of its URL." example:"mitt-prosjekt"`
	Title          string              `yaml:"title" schema:"required,nonEmptyText" doc:"The project's name." example:"Mitt prosjekt"`
	Applicant      string              `yaml:"applicant" doc:"Who applied for the support."`
	FocusArea      Ref                 `yaml:"focusArea" doc:"An id from data/focus_areas.yaml, or \"\" if not stated."`
	Support        Ref                 `yaml:"support" schema:"required" doc:"An id from supportKinds at the top of the file." example:"sokbare-midler"`
	Municipalities []Ref               `yaml:"municipalities" doc:"Ids from data/municipalities.yaml; [] when not stated."`
	Summary        string              `yaml:"summary" doc:"One or two sentences; may be empty."`
	Participants   []string            `yaml:"participants" schema:"texts" doc:"Companies taking part; may be empty."`
	Years          []int               `yaml:"years" schema:"year,unique" doc:"The years the project ran, when stated."`
	PartOf         Ref                 `yaml:"partOf" doc:"The id of the project this one is part of, or \"\"."`
	CarriedOutBy   string              `yaml:"carriedOutBy" doc:"Who carried out a project nobody applied for (one the programme commissioned or started itself); shown instead of the applicant."`
	Effort         Ref                 `yaml:"effort" doc:"The id of the project record of the larger effort this one is another grant or round of (not a part of it); the effort counts once in the figure per support kind."`
	WholeRegion    bool                `yaml:"wholeRegion" doc:"true only where the sources say the project serves the whole region: shown as «Hele Hallingdal» and listed on every municipality's page. Distinct from municipalities: [] with wholeRegion false, which is «not stated in the source»."`
	Source         SourceRef           `yaml:"source" doc:"Where the record's facts come from: {doc: <id in data/sources.yaml>, at: \"<chapter, table or section>\"}."`
	Draft          bool                `yaml:"draft" doc:"true keeps the project unpublished."`
	Pos            diag.Pos            `yaml:"-"`
	Translations   map[string]*Project `yaml:"translations" doc:"The record in other languages, by language code: only the fields that differ."`
}

// ExtendSchema adds to the schema of a project: the support must be given
// unless the project is a draft.
func (Project) ExtendSchema(def *schema.Object) {
	def.Set("if", map[string]any{
		"properties": map[string]any{"draft": map[string]any{"const": true}},
		"required":   []string{"draft"},
	})
	def.Set("else", map[string]any{
		"properties": map[string]any{"support": map[string]any{
			"minLength": 1,
			"x-fix":     "write the id of a support kind from supportKinds at the top of the file, or mark the project draft: true",
		}},
	})
}

// FocusAreasFile is data/focus_areas.yaml.
type FocusAreasFile struct {
	FocusAreas    []FocusArea    `yaml:"focusAreas"`
	OriginalAreas []OriginalArea `yaml:"originalAreas"`
}

// FocusArea is one of the programme's focus areas (innsatsområder).
type FocusArea struct {
	ID           string                `yaml:"id" schema:"required,slug" doc:"The focus area's id and the last part of its URL." example:"innovasjonskultur"`
	Name         string                `yaml:"name" schema:"required,nonEmptyText" example:"Innovasjonskultur"`
	Summary      string                `yaml:"summary" doc:"One sentence."`
	Goals        []string              `yaml:"goals" schema:"texts" doc:"The sub-goals that belong to the area."`
	Pos          diag.Pos              `yaml:"-"`
	Translations map[string]*FocusArea `yaml:"translations" doc:"The record in other languages, by language code: only the fields that differ."`
}

// OriginalArea is an area of an earlier plan, merged into a focus area.
type OriginalArea struct {
	ID           string                   `yaml:"id" schema:"required,slug" example:"kompetanse-og-rekruttering"`
	Name         string                   `yaml:"name" schema:"required,nonEmptyText" example:"Kompetanse og rekruttering"`
	Kind         string                   `yaml:"kind" schema:"nonEmptyText" doc:"What kind of area it was in the first plan, in the site's words (for example a focus area or a supporting area); translations give it in other languages."`
	MergedInto   Ref                      `yaml:"mergedInto" doc:"The id of the focus area it became part of."`
	Pos          diag.Pos                 `yaml:"-"`
	Translations map[string]*OriginalArea `yaml:"translations" doc:"The record in other languages, by language code: only the fields that differ."`
}

// MunicipalitiesFile is data/municipalities.yaml.
type MunicipalitiesFile struct {
	Municipalities []Municipality `yaml:"municipalities"`
	Region         Region         `yaml:"region"`
}

// Municipality is one of the region's municipalities.
type Municipality struct {
	ID           string                   `yaml:"id" schema:"required,slug" doc:"The municipality's id and the last part of its URL." example:"gol"`
	Name         string                   `yaml:"name" schema:"required,nonEmptyText" example:"Gol"`
	AreaKm2      float64                  `yaml:"areaKm2" schema:"area"`
	Population   []Count                  `yaml:"population" doc:"Population counts, newest first."`
	Summary      string                   `yaml:"summary"`
	FormerName   string                   `yaml:"formerName" doc:"An earlier name, or \"\"."`
	Pos          diag.Pos                 `yaml:"-"`
	Translations map[string]*Municipality `yaml:"translations" doc:"The record in other languages, by language code: only the fields that differ."`
}

// Count is a population count at a date.
type Count struct {
	Date  time.Time `yaml:"date" schema:"required"`
	Count int       `yaml:"count" schema:"required,count" example:"1052"`
}

// Region describes the region as a whole.
type Region struct {
	Name       string   `yaml:"name"`
	AreaKm2    float64  `yaml:"areaKm2" schema:"area"`
	Population []Count  `yaml:"population" doc:"Population counts, newest first."`
	Source     string   `yaml:"source"`
	Earlier    *Earlier `yaml:"earlier" doc:"An older count of the region, from another source."`
}

// Earlier is an older count of the region, from another source.
type Earlier struct {
	Date    time.Time `yaml:"date"`
	Count   int       `yaml:"count" schema:"count"`
	AreaKm2 float64   `yaml:"areaKm2" schema:"area"`
	Source  string    `yaml:"source"`
}

// Organisation is data/organisation.yaml.
type Organisation struct {
	Name             string                   `yaml:"name"`
	Owner            string                   `yaml:"owner"`
	Status           Status                   `yaml:"status"`
	Goal             Goal                     `yaml:"goal"`
	Phases           []Phase                  `yaml:"phases"`
	ProgrammeManager Manager                  `yaml:"programmeManager"`
	Board            []Person                 `yaml:"board"`
	BoardComposition string                   `yaml:"boardComposition"`
	Observers        []Person                 `yaml:"observers"`
	Partners         []Partner                `yaml:"partners"`
	Contact          Contact                  `yaml:"contact"`
	Values           []string                 `yaml:"values" schema:"texts"`
	Translations     map[string]*Organisation `yaml:"translations" doc:"The record in other languages, by language code: only the fields that differ."`
}

// Status is when and by whom the programme was granted its status.
type Status struct {
	Granted   Date   `yaml:"granted"`
	GrantedBy string `yaml:"grantedBy"`
	Years     int    `yaml:"years" schema:"min=1" fix:"write the number of years the status was granted for, e.g. 3"`
	Ended     Date   `yaml:"ended"`
}

// Goal is the programme's main goal.
type Goal struct {
	Jobs  int `yaml:"jobs" schema:"count"`
	Years int `yaml:"years" schema:"min=1" fix:"write the number of years, e.g. 3"`
}

// Phase is one phase of the programme.
type Phase struct {
	ID           string            `yaml:"id" schema:"required,slug" example:"strategi"`
	Name         string            `yaml:"name" schema:"required,nonEmptyText" example:"Strategifasen"`
	Period       string            `yaml:"period"`
	Summary      string            `yaml:"summary"`
	Translations map[string]*Phase `yaml:"translations" doc:"The record in other languages, by language code: only the fields that differ."`
}

// Manager is the programme manager.
type Manager struct {
	Started Date   `yaml:"started"`
	Name    string `yaml:"name"`
}

// Person is a member of the board or an observer.
type Person struct {
	Name         string             `yaml:"name" schema:"required,nonEmptyText" example:"Kari Nordmann"`
	Role         string             `yaml:"role"`
	Organisation string             `yaml:"organisation"`
	Translations map[string]*Person `yaml:"translations" doc:"The record in other languages, by language code: only the fields that differ."`
}

// Partner is an organisation that worked for or with the programme.
type Partner struct {
	Name         string              `yaml:"name" schema:"required,nonEmptyText" example:"Innovasjon Norge"`
	Role         string              `yaml:"role"`
	Translations map[string]*Partner `yaml:"translations" doc:"The record in other languages, by language code: only the fields that differ."`
}

// Contact is the programme's postal and electronic address.
type Contact struct {
	Name     string `yaml:"name"`
	Street   string `yaml:"street"`
	Postcode string `yaml:"postcode" schema:"pattern=^([0-9]{4})?$" fix:"write the postcode as four digits in quotes, e.g. \"3579\""`
	City     string `yaml:"city"`
	Email    string `yaml:"email" schema:"email"`
	Phone    string `yaml:"phone" schema:"pattern=^(\\+?[0-9 ]+)?$" fix:"write the number with digits and spaces, e.g. \"+47 32 00 00 00\", or \"\""`
}

// Results is data/results.yaml.
type Results struct {
	Licence Licence    `yaml:"licence"`
	Themes  []string   `yaml:"themes" schema:"pattern=^http://publications\\.europa\\.eu/resource/authority/data-theme/[A-Z]+$" doc:"The themes of the open data catalog (DCAT-AP-NO): URIs of the EU data-theme vocabulary, given to every dataset." example:"http://publications.europa.eu/resource/authority/data-theme/ECON" fix:"use a URI of the EU data-theme vocabulary, e.g. http://publications.europa.eu/resource/authority/data-theme/ECON"`
	Chart   ChartStyle `yaml:"chart" doc:"How the charts are drawn (SVG and PNG): colours as #rrggbb; text needs 4.5:1 contrast to the background, lines and series 3:1."`
	Figures []Figure   `yaml:"figures"`
}

// ChartStyle is how the charts of the figures are drawn: colours as #rrggbb
// and the font family of the SVG's text.
type ChartStyle struct {
	Background string   `yaml:"background" schema:"colour"`
	Text       string   `yaml:"text" schema:"colour"`
	Line       string   `yaml:"line" schema:"colour"`
	Series     []string `yaml:"series" schema:"colour" doc:"One colour per series, in order; repeated when a figure has more series."`
	Font       string   `yaml:"font" doc:"The font-family of the SVG's text." example:"system-ui, sans-serif"`
	Pos        diag.Pos `yaml:"-"`
}

// Licence is the licence the figures are published under.
type Licence struct {
	Name         string              `yaml:"name" schema:"required,nonEmptyText" example:"Norsk lisens for offentlige data (NLOD) 2.0"`
	URL          string              `yaml:"url" schema:"required,absoluteURL" example:"https://data.norge.no/nlod/no/2.0"`
	Translations map[string]*Licence `yaml:"translations" doc:"The record in other languages, by language code: only the fields that differ."`
}

// Figure is a table of numbers: categories (rows) by series (columns), typed
// in or computed (Compute) from other records.
type Figure struct {
	ID            string             `yaml:"id" schema:"required,slug" doc:"The figure's id: its page is /<results section>/<id>/." example:"arbeidsplasser"`
	Compute       string             `yaml:"compute" schema:"enum=projects-by-focus-area|projects-by-municipality|projects-by-support" doc:"Compute the figure from the project records instead of typing the values."`
	Title         string             `yaml:"title" schema:"required,nonEmptyText" example:"Skapte arbeidsplasser"`
	Description   string             `yaml:"description"`
	Unit          string             `yaml:"unit"`
	Period        string             `yaml:"period"`
	Updated       time.Time          `yaml:"updated"`
	Source        SourceRef          `yaml:"source" doc:"Where the figures come from: {doc: <id in data/sources.yaml>, at: \"<chapter or table>\"}; a translation may give only at."`
	Notes         string             `yaml:"notes"`
	CategoryLabel string             `yaml:"categoryLabel" doc:"The heading of the column of categories."`
	Categories    []string           `yaml:"categories" schema:"texts" doc:"The rows of the table."`
	Series        []Series           `yaml:"series" doc:"The columns of the table: one value per category, null when not stated."`
	Totals        map[string]Number  `yaml:"totals" schema:"keys=^[a-z0-9]+(-[a-z0-9]+)*$" doc:"Totals by series id; each is checked against the sum of the series' values." fix:"use the id of a series (lower case letters a–z, digits and '-'), e.g. {slug}"`
	Chart         string             `yaml:"chart" schema:"enum=bars|stacked" doc:"How the chart draws the series: bars side by side (the default), or stacked end to end in one bar per category, with a total first."`
	Goal          *Number            `yaml:"goal" schema:"exclusiveMin=0" doc:"A target for the sum of the series, drawn as a line across the total of a stacked chart and said in its summary." example:"200"`
	GoalLabel     string             `yaml:"goalLabel" doc:"What the goal line is called in the chart and its summary." example:"Målet: 200 nye arbeidsplasser"`
	Pos           diag.Pos           `yaml:"-"`
	Translations  map[string]*Figure `yaml:"translations" doc:"The record in other languages, by language code: only the fields that differ."`
}

// Series is one column of a figure; a nil value is "not stated".
type Series struct {
	ID           string             `yaml:"id" schema:"required,slug" example:"skapte"`
	Label        string             `yaml:"label" schema:"required,nonEmptyText" example:"Skapte arbeidsplasser"`
	Values       []*float64         `yaml:"values"`
	Definition   string             `yaml:"definition" doc:"One sentence on what the series counts (e.g. what a created job is), shown beside its numbers on the figure page and the home page."`
	NoTotal      bool               `yaml:"noTotal" doc:"true when the values may count the same thing twice (companies in two cohorts, say): the series gets no total in the chart's summary."`
	Pos          diag.Pos           `yaml:"-"`
	Translations map[string]*Series `yaml:"translations" doc:"The record in other languages, by language code: only the fields that differ."`
}

// SourcesFile is data/sources.yaml: the documents the site's facts come from.
type SourcesFile struct {
	Sources []Source `yaml:"sources" doc:"The source documents."`
}

// Source is a document the site's facts come from.
type Source struct {
	ID           string             `yaml:"id" schema:"required,slug" doc:"The id records refer to: source: {doc: <id>}. A report in content/<reports>/<id>.md is the site's page about the document." example:"sluttrapport-2025"`
	Title        string             `yaml:"title" schema:"required,nonEmptyText" doc:"The document's title, as it gives it."`
	Publisher    string             `yaml:"publisher" doc:"Who issued the document; empty when it does not say."`
	Date         Date               `yaml:"date" doc:"The document's date, as precisely as it gives one; leave out when it gives none."`
	URL          string             `yaml:"url" schema:"format=uri" doc:"Only where a source gives an address."`
	Language     string             `yaml:"language" schema:"enum=nb|nn|en" doc:"The document's language." fix:"write nb, nn or en"`
	Description  string             `yaml:"description"`
	Pos          diag.Pos           `yaml:"-"`
	Translations map[string]*Source `yaml:"translations" doc:"The record in other languages, by language code: only the fields that differ."`
}

// SourceRef says where a fact comes from: a document of data/sources.yaml
// (Doc) and the chapter, table or section in it (At), e.g.
// {doc: sluttrapport-2025, at: "6.1, tabell over arbeidsplasser"}. A plain
// text instead of the mapping (source: "Årsrapport 2023") is a citation
// without a document (Text), for sites that keep no list of sources.
type SourceRef struct {
	Doc  Ref
	At   string
	Text string
	Pos  diag.Pos
}

func (r *SourceRef) decodeScalar(n *yaml.Node, pos diag.Pos) error {
	*r = SourceRef{Pos: pos}
	switch {
	case n.Tag == "!!null":
		return nil
	case n.Kind == yaml.ScalarNode:
		r.Text = strings.TrimSpace(n.Value)
		return nil
	case n.Kind != yaml.MappingNode:
		return errors.New("expected a source such as {doc: sluttrapport-2025, at: \"6.1\"}")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind != yaml.ScalarNode {
			return fmt.Errorf("the value of %q must be a single text or id", k.Value)
		}
		switch k.Value {
		case "doc":
			r.Doc = Ref{ID: strings.TrimSpace(v.Value), Pos: diag.Pos{Path: pos.Path, Line: pos.Line + v.Line - n.Line, Col: v.Column}}
		case "at":
			r.At = v.Value
		}
		// Other keys are reported by the schema, at their own position.
	}
	return nil
}

// dataFiles maps the files in data/ to where they are decoded.
func (in *Input) dataFiles() map[string]any {
	return map[string]any{
		"projects.yaml":       &in.Data.Projects,
		"focus_areas.yaml":    &in.Data.FocusAreas,
		"municipalities.yaml": &in.Data.Municipalities,
		"organisation.yaml":   &in.Data.Organisation,
		"results.yaml":        &in.Data.Results,
		"sources.yaml":        &in.Data.Sources,
	}
}

func (in *Input) loadData() error {
	files := in.dataFiles()
	known := []string{"site.yaml", "i18n/<language>.yaml"}
	for k := range files {
		known = append(known, k)
	}
	slices.Sort(known)
	in.Data.I18n = map[string]map[string]string{}
	// The files are found and read in order, then decoded and checked on
	// every core; their problems are kept in the same order.
	var decode []func() diag.List
	langs := map[string]*map[string]string{} // the interface strings, by language
	err := walk(in.FS, DataDir, func(name string) error {
		rel := strings.TrimPrefix(name, DataDir+"/")
		if rel == "site.yaml" {
			return nil
		}
		if strings.HasSuffix(rel, ".yml") {
			return diag.Errorf(diag.Pos{Path: name}, "data files end in .yaml; rename it to %s", strings.TrimSuffix(name, ".yml")+".yaml")
		}
		if dir, file := path.Split(rel); dir == "i18n/" && strings.HasSuffix(file, ".yaml") {
			lang := strings.TrimSuffix(file, ".yaml")
			if _, ok := locale.For(lang); !ok {
				return diag.Errorf(diag.Pos{Path: name}, "no language %q; name interface string files after a language: nb.yaml or en.yaml", lang)
			}
			src, err := readText(in.FS, name)
			if err != nil {
				return err
			}
			m := map[string]string{}
			langs[lang] = &m
			decode = append(decode, func() diag.List {
				return decodeChecked(in.schemaSet(), schema.I18n, name, src, 0, in.Location, &m)
			})
			return nil
		}
		target, ok := files[rel]
		if !ok {
			if s := diag.Suggest(rel, known); s != "" {
				return diag.Errorf(diag.Pos{Path: name}, "unknown data file; did you mean %s?", s)
			}
			return diag.Errorf(diag.Pos{Path: name}, "unknown data file; the generator reads %s", strings.Join(known, ", "))
		}
		src, err := readText(in.FS, name)
		if err != nil {
			return err
		}
		decode = append(decode, func() diag.List {
			return decodeChecked(in.schemaSet(), strings.TrimSuffix(rel, ".yaml"), name, src, 0, in.Location, target)
		})
		return nil
	})
	found := make([]diag.List, len(decode))
	pool.Each(len(decode), func(i int) { found[i] = decode[i]() })
	for lang, m := range langs {
		in.Data.I18n[lang] = *m
	}
	var problems diag.List
	for _, p := range found {
		problems = append(problems, p...)
	}
	problems.Append(err)
	return problems.Err()
}
