package load

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"sats/internal/diag"
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
	SupportKinds []SupportKind `yaml:"supportKinds"`
	Projects     []Project     `yaml:"projects"`
}

// SupportKind is a way the programme supported projects.
type SupportKind struct {
	ID           string                  `yaml:"id,required"`
	Name         string                  `yaml:"name,required"`
	Description  string                  `yaml:"description"`
	Pos          diag.Pos                `yaml:"-"`
	Translations map[string]*SupportKind `yaml:"translations,partial"` // the record in other languages: only the fields that differ
}

// Project is a supported project.
type Project struct {
	ID             string              `yaml:"id,required"`
	Title          string              `yaml:"title,required"`
	Applicant      string              `yaml:"applicant"`
	FocusArea      Ref                 `yaml:"focusArea"`
	Support        Ref                 `yaml:"support,required"`
	Municipalities []Ref               `yaml:"municipalities"`
	Summary        string              `yaml:"summary"`
	Participants   []string            `yaml:"participants"`
	Years          []int               `yaml:"years"`
	PartOf         Ref                 `yaml:"partOf"`
	CarriedOutBy   string              `yaml:"carriedOutBy"` // who did the work, for a project nobody applied for
	Effort         Ref                 `yaml:"effort"`       // the record of the larger effort this one is another grant or round of
	WholeRegion    bool                `yaml:"wholeRegion"`  // the sources say the project serves all of the region
	Source         SourceRef           `yaml:"source"`
	Draft          bool                `yaml:"draft"` // true keeps the project unpublished
	Pos            diag.Pos            `yaml:"-"`
	Translations   map[string]*Project `yaml:"translations,partial"` // the record in other languages: only the fields that differ
}

// FocusAreasFile is data/focus_areas.yaml.
type FocusAreasFile struct {
	FocusAreas    []FocusArea    `yaml:"focusAreas"`
	OriginalAreas []OriginalArea `yaml:"originalAreas"`
}

// FocusArea is one of the programme's focus areas (innsatsområder).
type FocusArea struct {
	ID           string                `yaml:"id,required"`
	Name         string                `yaml:"name,required"`
	Summary      string                `yaml:"summary"`
	Goals        []string              `yaml:"goals"`
	Pos          diag.Pos              `yaml:"-"`
	Translations map[string]*FocusArea `yaml:"translations,partial"` // the record in other languages: only the fields that differ
}

// OriginalArea is an area of an earlier plan, merged into a focus area.
type OriginalArea struct {
	ID           string                   `yaml:"id,required"`
	Name         string                   `yaml:"name,required"`
	Kind         string                   `yaml:"kind"`
	MergedInto   Ref                      `yaml:"mergedInto"`
	Pos          diag.Pos                 `yaml:"-"`
	Translations map[string]*OriginalArea `yaml:"translations,partial"` // the record in other languages: only the fields that differ
}

// MunicipalitiesFile is data/municipalities.yaml.
type MunicipalitiesFile struct {
	Municipalities []Municipality `yaml:"municipalities"`
	Region         Region         `yaml:"region"`
}

// Municipality is one of the region's municipalities.
type Municipality struct {
	ID           string                   `yaml:"id,required"`
	Name         string                   `yaml:"name,required"`
	AreaKm2      float64                  `yaml:"areaKm2"`
	Population   []Count                  `yaml:"population"`
	Summary      string                   `yaml:"summary"`
	FormerName   string                   `yaml:"formerName"`
	Pos          diag.Pos                 `yaml:"-"`
	Translations map[string]*Municipality `yaml:"translations,partial"` // the record in other languages: only the fields that differ
}

// Count is a population count at a date.
type Count struct {
	Date  time.Time `yaml:"date,required"`
	Count int       `yaml:"count,required"`
}

// Region describes the region as a whole.
type Region struct {
	Name       string   `yaml:"name"`
	AreaKm2    float64  `yaml:"areaKm2"`
	Population []Count  `yaml:"population"`
	Source     string   `yaml:"source"`
	Earlier    *Earlier `yaml:"earlier"`
}

// Earlier is an older count of the region, from another source.
type Earlier struct {
	Date    time.Time `yaml:"date"`
	Count   int       `yaml:"count"`
	AreaKm2 float64   `yaml:"areaKm2"`
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
	Values           []string                 `yaml:"values"`
	Translations     map[string]*Organisation `yaml:"translations,partial"`
}

// Status is when and by whom the programme was granted its status.
type Status struct {
	Granted   Date   `yaml:"granted"`
	GrantedBy string `yaml:"grantedBy"`
	Years     int    `yaml:"years"`
	Ended     Date   `yaml:"ended"`
}

// Goal is the programme's main goal.
type Goal struct {
	Jobs  int `yaml:"jobs"`
	Years int `yaml:"years"`
}

// Phase is one phase of the programme.
type Phase struct {
	ID           string            `yaml:"id,required"`
	Name         string            `yaml:"name,required"`
	Period       string            `yaml:"period"`
	Summary      string            `yaml:"summary"`
	Translations map[string]*Phase `yaml:"translations,partial"` // the record in other languages: only the fields that differ
}

// Manager is the programme manager.
type Manager struct {
	Started Date   `yaml:"started"`
	Name    string `yaml:"name"`
}

// Person is a member of the board or an observer.
type Person struct {
	Name         string             `yaml:"name,required"`
	Role         string             `yaml:"role"`
	Organisation string             `yaml:"organisation"`
	Translations map[string]*Person `yaml:"translations,partial"` // the record in other languages: only the fields that differ
}

// Partner is an organisation that worked for or with the programme.
type Partner struct {
	Name         string              `yaml:"name,required"`
	Role         string              `yaml:"role"`
	Translations map[string]*Partner `yaml:"translations,partial"`
}

// Contact is the programme's postal and electronic address.
type Contact struct {
	Name     string `yaml:"name"`
	Street   string `yaml:"street"`
	Postcode string `yaml:"postcode"`
	City     string `yaml:"city"`
	Email    string `yaml:"email"`
	Phone    string `yaml:"phone"`
}

// Results is data/results.yaml.
type Results struct {
	Licence Licence    `yaml:"licence"`
	Themes  []string   `yaml:"themes"` // the open data catalog's themes: URIs of the EU data-theme vocabulary
	Chart   ChartStyle `yaml:"chart"`
	Figures []Figure   `yaml:"figures"`
}

// ChartStyle is how the charts of the figures are drawn: colours as #rrggbb
// and the font family of the SVG's text.
type ChartStyle struct {
	Background string   `yaml:"background"`
	Text       string   `yaml:"text"`
	Line       string   `yaml:"line"`
	Series     []string `yaml:"series"`
	Font       string   `yaml:"font"`
	Pos        diag.Pos `yaml:"-"`
}

// Licence is the licence the figures are published under.
type Licence struct {
	Name         string              `yaml:"name,required"`
	URL          string              `yaml:"url,required"`
	Translations map[string]*Licence `yaml:"translations,partial"` // the record in other languages: only the fields that differ
}

// Figure is a table of numbers: categories (rows) by series (columns), typed
// in or computed (Compute) from other records.
type Figure struct {
	ID            string             `yaml:"id,required"`
	Compute       string             `yaml:"compute"`
	Title         string             `yaml:"title,required"`
	Description   string             `yaml:"description"`
	Unit          string             `yaml:"unit"`
	Period        string             `yaml:"period"`
	Updated       time.Time          `yaml:"updated"`
	Source        SourceRef          `yaml:"source"`
	Notes         string             `yaml:"notes"`
	CategoryLabel string             `yaml:"categoryLabel"`
	Categories    []string           `yaml:"categories"`
	Series        []Series           `yaml:"series"`
	Totals        map[string]Number  `yaml:"totals"`
	Chart         string             `yaml:"chart"`     // how the chart draws the series: "bars" (the default) or "stacked"
	Goal          *Number            `yaml:"goal"`      // a target for the sum of the series, drawn as a line on a stacked chart
	GoalLabel     string             `yaml:"goalLabel"` // what the goal line is called, e.g. "Målet: 200 nye arbeidsplasser"
	Pos           diag.Pos           `yaml:"-"`
	Translations  map[string]*Figure `yaml:"translations,partial"` // the record in other languages: only the fields that differ
}

// Series is one column of a figure; a nil value is "not stated".
type Series struct {
	ID           string             `yaml:"id,required"`
	Label        string             `yaml:"label,required"`
	Values       []*float64         `yaml:"values"`
	Definition   string             `yaml:"definition"` // one sentence on what the series counts, shown beside its numbers
	NoTotal      bool               `yaml:"noTotal"`    // the values may count the same thing twice (companies in two cohorts): no total
	Pos          diag.Pos           `yaml:"-"`
	Translations map[string]*Series `yaml:"translations,partial"` // the record in other languages: only the fields that differ
}

// SourcesFile is data/sources.yaml: the documents the site's facts come from.
type SourcesFile struct {
	Sources []Source `yaml:"sources"`
}

// Source is a document the site's facts come from.
type Source struct {
	ID           string             `yaml:"id,required"`
	Title        string             `yaml:"title,required"`
	Publisher    string             `yaml:"publisher"`
	Date         Date               `yaml:"date"`     // as precisely as the document gives it; empty when it gives none
	URL          string             `yaml:"url"`      // only where a source gives one
	Language     string             `yaml:"language"` // the document's language: nb, nn or en
	Description  string             `yaml:"description"`
	Pos          diag.Pos           `yaml:"-"`
	Translations map[string]*Source `yaml:"translations,partial"` // the record in other languages: only the fields that differ
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
