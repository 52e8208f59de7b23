package diag

import (
	"errors"
	"testing"
)

func TestSuggest(t *testing.T) {
	keys := []string{"title", "date", "summary", "tags", "draft", "slug"}
	areas := []string{"rekruttering-og-kompetanse", "innovasjonskultur", "baerekraft-og-mobilitet"}
	tests := []struct {
		word       string
		candidates []string
		want       string
	}{
		{"tittel", keys, "title"},
		{"Title", keys, "title"},
		{"sumary", keys, "summary"},
		{"tag", keys, "tags"},
		{"forfatter", keys, ""},
		{"innovasjon", areas, "innovasjonskultur"},
		{"baerekraft", areas, "baerekraft-og-mobilitet"},
		{"xyz", areas, ""},
	}
	for _, tt := range tests {
		if got := Suggest(tt.word, tt.candidates); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestListIsSortedByFileAndLine(t *testing.T) {
	var l List
	l.Add(Pos{Path: "b.yaml", Line: 1}, "b1")
	l.Add(Pos{Path: "a.md", Line: 10, Col: 2}, "a10")
	l.Add(Pos{Path: "a.md", Line: 2}, "a2")
	l.Add(Pos{Path: "a.md", Line: 2}, "a2")
	want := "a.md:2: a2\na.md:10:2: a10\nb.yaml:1: b1"
	if got := l.Err().Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if (List{}).Err() != nil {
		t.Error("an empty list is an error")
	}
}

func TestProblemsUnwrapsJoinedErrors(t *testing.T) {
	var l List
	l.Add(Pos{Path: "x"}, "one")
	err := errors.Join(l.Err(), Errorf(Pos{Path: "y", Line: 3}, "two: %w", errors.New("cause")), errors.New("plain"))
	got := Problems(err)
	if len(got) != 3 {
		t.Fatalf("Problems = %v", got)
	}
	if got[1].Error() != "y:3: two: cause" || got[2].Error() != "plain" {
		t.Errorf("Problems = %v", got)
	}
	if !errors.Is(got[1], got[1].Err) || got[1].Unwrap() == nil {
		t.Error("a problem does not unwrap its cause")
	}
}

func TestProblemsAreTranslatedWhenPrinted(t *testing.T) {
	pos := Pos{Path: "content/om.md", Line: 3, Col: 8}
	inner := Msg("keys and values")
	p := Errorf(pos, "expected a list, found %s; write each item on its own line starting with '- '", inner)
	if got, want := p.Error(), `content/om.md:3:8: expected a list, found keys and values; write each item on its own line starting with '- '`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got, want := p.In(Norwegian), `content/om.md:3:8: skal være en liste, men fant nøkler og verdier; skriv hvert punkt på en egen linje som begynner med '- '`; got != want {
		t.Errorf("In(Norwegian) = %q, want %q", got, want)
	}
	// A wrapped cause stays reachable, and its text is translated too.
	cause := errors.New("permission denied")
	w := Errorf(Pos{Path: "data/site.yaml"}, "cannot read: %w", Msg("cannot replace %s: %w", "public", cause))
	if !errors.Is(w, cause) {
		t.Error("the cause is not wrapped")
	}
	if got, want := w.In(Norwegian), "data/site.yaml: kan ikke lese fila: kan ikke erstatte public: permission denied"; got != want {
		t.Errorf("In(Norwegian) = %q, want %q", got, want)
	}
	// A message the catalogue does not know, and an error that is no
	// message, are shown as they are.
	if got := Errorf(Pos{}, "not in the catalogue: %d", 3).In(Norwegian); got != "not in the catalogue: 3" {
		t.Errorf("unknown format: %q", got)
	}
	l := Problems(errors.Join(Msg("the image has no size"), errors.New("plain")))
	if got, want := l.In(Norwegian), "bildet har ingen størrelse\nplain"; got != want {
		t.Errorf("List.In = %q, want %q", got, want)
	}
	if got, want := l.Error(), "the image has no size\nplain"; got != want {
		t.Errorf("List.Error = %q, want %q", got, want)
	}
}

func TestLangFromEnv(t *testing.T) {
	tests := map[string]Lang{"": Norwegian, "en": English, "EN": English, "en_GB.UTF-8": English,
		"nb": Norwegian, "no": Norwegian, "nb_NO.UTF-8": Norwegian, "de": Norwegian, "english": English}
	for v, want := range tests {
		got := LangFromEnv(func(k string) string {
			if k == LangEnv {
				return v
			}
			return "en_US.UTF-8" // LANG and the like are not read
		})
		if got != want {
			t.Errorf("SATS_LANG=%q: %q, want %q", v, got, want)
		}
	}
}
