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
