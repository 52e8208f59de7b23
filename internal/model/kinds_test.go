package model

import (
	"encoding/json"
	"io/fs"
	"maps"
	"slices"
	"testing"

	"sats/internal/load"
	"sats/internal/schema"
)

// The keys under sections: in data/site.yaml are the settings the table of
// page kinds names: the schema of the settings must allow exactly those, so
// that a misspelt key is reported and a new kind's key is accepted.
func TestTheSiteSchemaAllowsTheSectionsOfTheTable(t *testing.T) {
	data, err := fs.ReadFile(schema.Files(), "site.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Defs struct {
			Sections struct {
				Properties map[string]any `json:"properties"`
			} `json:"sections"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	var settings []string
	for _, k := range kindTable() {
		if k.Setting != "" && !slices.Contains(settings, k.Setting) {
			settings = append(settings, k.Setting)
		}
	}
	slices.Sort(settings)
	if got := slices.Sorted(maps.Keys(s.Defs.Sections.Properties)); !slices.Equal(got, settings) {
		t.Errorf("site.schema.json allows the sections %v; the table of page kinds names %v", got, settings)
	}
}

// URLOf gives each kind the URL its pattern promises, in the site's language
// and in another.
func TestURLOfFollowsTheTable(t *testing.T) {
	cfg := load.Config{PagePath: "side", Sections: load.Sections{"news": "nyheter", "events": "arrangementer", "tags": "emner"}}
	s := &Site{Config: cfg, kinds: newKinds(cfg.Sections)}
	en := &Site{Config: load.Config{PagePath: "page", Sections: load.Sections{"news": "news"}}, kinds: s.kinds, prefix: "/en"}
	for _, c := range []struct {
		site *Site
		kind Kind
		slug string
		n    int
		want string
	}{
		{s, KindHome, "", 0, "/"},
		{s, KindPage, "om", 0, "/om/"},
		{s, KindNotFound, "", 0, "/404.html"},
		{s, KindNews, "a", 0, "/nyheter/a/"},
		{s, KindNewsList, "", 0, "/nyheter/"},
		{s, KindNewsList, "", 3, "/nyheter/side/3/"},
		{s, KindTag, "natur", 2, "/emner/natur/side/2/"},
		{s, KindEvent, "frokost", 0, "/arrangementer/frokost/"},
		{en, KindNews, "a", 0, "/en/news/a/"},
		{en, KindNewsList, "", 2, "/en/news/page/2/"},
	} {
		if got := c.site.URLOf(c.kind, c.slug, c.n); got != c.want {
			t.Errorf("URLOf(%s, %q, %d) = %s, want %s", c.kind, c.slug, c.n, got, c.want)
		}
	}
}

// An item kind has one entry: a second one would never be read.
func TestEachItemKindHasOneEntry(t *testing.T) {
	seen := map[Kind]bool{}
	for _, k := range kindTable() {
		if k.Kind != "" && seen[k.Kind] {
			t.Errorf("kind %s has two entries", k.Kind)
		}
		seen[k.Kind] = true
	}
}
