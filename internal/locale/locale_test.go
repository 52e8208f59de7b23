package locale

import (
	"testing"
	"time"
)

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Bærekraft og mobilitet", "baerekraft-og-mobilitet"},
		{"Bo- og næringsattraktivitet", "bo-og-naeringsattraktivitet"},
		{"Ål", "al"},
		{"Flå", "fla"},
		{"Søkbare midler", "sokbare-midler"},
		{"  Hei, verden!  ", "hei-verden"},
		{"Kull 2 (2025)", "kull-2-2025"},
		{"Café Ümlaut", "cafe-umlaut"},
		{"---", ""},
		{"", ""},
		{"日本", ""},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNorwegianFormats(t *testing.T) {
	nb, _ := For("nb")
	date := time.Date(2025, 6, 24, 12, 0, 0, 0, time.UTC)
	tests := []struct{ name, got, want string }{
		{"date", nb.Date(date), "24. juni 2025"},
		{"month and year", nb.MonthYear(time.Date(2022, 2, 1, 0, 0, 0, 0, time.UTC)), "februar 2022"},
		{"zero date is empty", nb.Date(time.Time{}), ""},
		{"population", nb.Number(20566), "20\u00a0566"},
		{"four digits are grouped too", nb.Number(1052), "1\u00a0052"},
		{"million", nb.Number(1234567), "1\u00a0234\u00a0567"},
		{"decimal comma", nb.Number(4.6), "4,6"},
		{"half", nb.Number(51.5), "51,5"},
		{"negative uses a minus sign", nb.Number(-3), "\u22123"},
		{"long fraction is cut to three decimals", nb.Number(1.0 / 3), "0,333"},
		{"fixed decimals", nb.Decimal(4, 1), "4,0"},
		{"millions of kroner", nb.Millions(4.6), "4,6\u00a0mill.\u00a0kr"},
		{"per cent", nb.Percent(86.96), "87\u00a0%"},
		{"bytes", nb.FileSize(999), "999\u00a0B"},
		{"kilobytes", nb.FileSize(1234), "1,2\u00a0kB"},
		{"megabytes", nb.FileSize(3_400_000), "3,4\u00a0MB"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestEnglishFormats(t *testing.T) {
	en, _ := For("en")
	if got := en.Date(time.Date(2025, 6, 24, 0, 0, 0, 0, time.UTC)); got != "24 June 2025" {
		t.Errorf("Date = %q", got)
	}
	if got := en.Number(20566); got != "20,566" {
		t.Errorf("Number = %q", got)
	}
	if got := en.Millions(4.6); got != "NOK\u00a04.6 million" {
		t.Errorf("Millions = %q", got)
	}
}

func TestForUnknownLanguage(t *testing.T) {
	if _, ok := For("xx"); ok {
		t.Error("For(xx) reported a locale")
	}
}

func TestDateAt(t *testing.T) {
	nb, _ := For("nb")
	en, _ := For("en")
	sept := time.Date(2021, 9, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		l    *Locale
		p    Precision
		want string
	}{
		{nb, Day, "1. september 2021"},
		{nb, Month, "september 2021"},
		{nb, Autumn, "høsten 2021"},
		{nb, Spring, "våren 2021"},
		{nb, Year, "2021"},
		{en, Day, "1 September 2021"},
		{en, Month, "September 2021"},
		{en, Autumn, "autumn 2021"},
		{en, Winter, "winter 2021"},
		{en, Year, "2021"},
	}
	for _, tt := range tests {
		if got := tt.l.DateAt(sept, tt.p); got != tt.want {
			t.Errorf("%s DateAt(%d) = %q, want %q", tt.l.Lang, tt.p, got, tt.want)
		}
	}
	if got := nb.DateAt(time.Time{}, Year); got != "" {
		t.Errorf("zero date = %q, want empty", got)
	}
	for p, m := range map[Precision]time.Month{Spring: time.March, Summer: time.June, Autumn: time.September, Winter: time.January} {
		if got := SeasonStart(p); got != m {
			t.Errorf("SeasonStart(%d) = %v, want %v", p, got, m)
		}
	}
}
