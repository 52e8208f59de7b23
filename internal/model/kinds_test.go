package model

import (
	"maps"
	"reflect"
	"slices"
	"testing"

	"sats/internal/load"
)

// The keys under sections: in data/site.yaml are the settings the table of
// page kinds names: load.Sections must have exactly those (its schema, which
// a test of package load keeps equal to it, then reports a misspelt key).
func TestTheSettingsHaveTheSectionsOfTheTable(t *testing.T) {
	var all load.Sections
	v := reflect.ValueOf(&all).Elem()
	for i := range v.NumField() {
		v.Field(i).SetString("x")
	}
	var settings []string
	for _, k := range kindTable() {
		if k.Setting != "" && !slices.Contains(settings, k.Setting) {
			settings = append(settings, k.Setting)
		}
	}
	slices.Sort(settings)
	if got := slices.Sorted(maps.Keys(all.Map())); !slices.Equal(got, settings) {
		t.Errorf("load.Sections has the keys %v; the table of page kinds names %v", got, settings)
	}
}

// URLOf gives each kind the URL its pattern promises, in the site's language
// and in another.
func TestURLOfFollowsTheTable(t *testing.T) {
	cfg := load.Config{PagePath: "side", Sections: load.Sections{News: "nyheter", Events: "arrangementer", Tags: "emner"}}
	s := &Site{Config: cfg, sections: cfg.Sections.Map(), kinds: newKinds(cfg.Sections.Map())}
	en := &Site{Config: load.Config{PagePath: "page"}, sections: map[string]string{"news": "news"}, kinds: s.kinds, prefix: "/en"}
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
