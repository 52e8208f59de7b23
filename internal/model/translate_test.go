package model

import (
	"testing"
	"time"

	"sats/internal/load"
)

func TestLocalizeOverlaysOnlyWhatTheTranslationSets(t *testing.T) {
	granted := time.Date(2021, 3, 25, 0, 0, 0, 0, time.UTC)
	org := load.Organisation{
		Owner:  "Regionrådet",
		Status: load.Status{Granted: load.Date{Time: granted}, GrantedBy: "fylkeskommunen", Years: 3},
		Values: []string{"LEIKEN"},
	}
	org.Translations = map[string]*load.Organisation{"en": {Status: load.Status{GrantedBy: "the county"}}}
	got := localize(org, org.Translations, "en", nil)
	if got.Status.GrantedBy != "the county" || !got.Status.Granted.Equal(granted) || got.Status.Years != 3 {
		t.Errorf("status = %+v; want the translated grantedBy beside the original date and years", got.Status)
	}
	if got.Owner != "Regionrådet" {
		t.Errorf("owner = %q", got.Owner)
	}
	if org.Status.GrantedBy != "fylkeskommunen" {
		t.Error("localize changed its input")
	}
}

func TestLocalizeMarksUntranslatedText(t *testing.T) {
	fa := load.FocusArea{ID: "a", Name: "Innovasjon", Summary: "Om innovasjon.", Goals: []string{"mål"}}
	fa.Translations = map[string]*load.FocusArea{"en": {Name: "Innovation"}}
	var untranslated map[string]bool
	got := localize(fa, fa.Translations, "en", &untranslated)
	if got.Name != "Innovation" || got.ID != "a" {
		t.Errorf("got %+v", got)
	}
	for field, want := range map[string]bool{"Name": false, "Summary": true, "Goals": true, "ID": false} {
		if untranslated[field] != want {
			t.Errorf("untranslated[%s] = %v, want %v", field, untranslated[field], want)
		}
	}
	if got := localize(fa, fa.Translations, "", &untranslated); got.Name != "Innovasjon" {
		t.Error("the site's own language was translated")
	}
}
