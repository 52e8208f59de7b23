package load

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"sats/internal/locale"
	"sats/internal/schema"
)

func TestDatesAreReadAsPreciselyAsTheyAreWritten(t *testing.T) {
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Skip("no time zone data")
	}
	tests := []struct {
		in   string
		want time.Time
		p    locale.Precision
		iso  string
	}{
		{"2024-03-08", time.Date(2024, 3, 8, 0, 0, 0, 0, oslo), locale.Day, "2024-03-08"},
		{"2024-03-08T09:00:00", time.Date(2024, 3, 8, 9, 0, 0, 0, oslo), locale.Day, "2024-03-08"},
		{"2022-02", time.Date(2022, 2, 1, 0, 0, 0, 0, oslo), locale.Month, "2022-02"},
		{"2022", time.Date(2022, 1, 1, 0, 0, 0, 0, oslo), locale.Year, "2022"},
		{"2021-autumn", time.Date(2021, 9, 1, 0, 0, 0, 0, oslo), locale.Autumn, "2021"},
		{"2025-spring", time.Date(2025, 3, 1, 0, 0, 0, 0, oslo), locale.Spring, "2025"},
		{"høsten 2021", time.Date(2021, 9, 1, 0, 0, 0, 0, oslo), locale.Autumn, "2021"},
		{"vinteren 2021", time.Date(2021, 1, 1, 0, 0, 0, 0, oslo), locale.Winter, "2021"},
		{"sommeren 2023", time.Date(2023, 6, 1, 0, 0, 0, 0, oslo), locale.Summer, "2023"},
	}
	for _, tt := range tests {
		got, err := parseDate(&yaml.Node{Kind: yaml.ScalarNode, Value: tt.in}, oslo)
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) || got.Precision != tt.p || got.ISO() != tt.iso {
			t.Errorf("%q = %v (precision %d, ISO %s), want %v (precision %d, ISO %s)", tt.in, got.Time, got.Precision, got.ISO(), tt.want, tt.p, tt.iso)
		}
	}
}

func TestBadPartialDatesSayWhatIsWrong(t *testing.T) {
	tests := map[string]string{
		"2021-13":     "not a real month",
		"2021-00":     "not a real month",
		"2021-fall":   "names no season",
		"2025-Spring": "names no season",
		"Høsten 2021": "is not a date",
		" 2021":       "is not a date",
		"høst 2021":   "is not a date",
		"høsten 21":   "no year of four digits",
		"21":          "is not a date",
		"2023-02-29":  "not a real date",
		"":            "is not a date",
	}
	for in, want := range tests {
		_, err := parseDate(&yaml.Node{Kind: yaml.ScalarNode, Value: in}, time.UTC)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one saying %q", in, err, want)
		}
	}
}

func TestFrontMatterDateKeepsItsPrecision(t *testing.T) {
	doc, err := ParseDocument("content/nyheter/a.md", []byte("---\ntitle: x\ndate: 2021\n---\n"), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if d := doc.Front.Date; d.Precision != locale.Year || d.Year() != 2021 || d.Month() != time.January || d.Day() != 1 {
		t.Errorf("date = %v with precision %d, want 1 January 2021 known to the year", d.Time, d.Precision)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2021", "2021-09", "2021-09-01", "2021-autumn", "høsten 2021", "2021-13", "vinteren 0", "2021-", "-autumn"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDate(&yaml.Node{Kind: yaml.ScalarNode, Value: s}, time.UTC)
		if err != nil {
			return
		}
		if d.IsZero() {
			t.Errorf("%q gave the zero date without an error", s)
		}
		// The day used is the first of the period: a date known only to a
		// month, a season or a year starts at midnight on the 1st.
		if d.Precision != locale.Day && (d.Day() != 1 || d.Hour() != 0) {
			t.Errorf("%q = %v: a period must start on its first day", s, d.Time)
		}
		if iso := d.ISO(); !strings.HasPrefix(d.Format("2006-01-02"), iso) {
			t.Errorf("%q: ISO %q is not a prefix of the date %v", s, iso, d.Time)
		}
	})
}

// TestEveryDateTheReaderTakesIsOneTheSchemaTakes keeps the date reader and
// the date patterns of common.schema.json in step: a date the reader takes
// must not be refused by the schema (the reader may refuse more: a day that
// does not exist matches the pattern).
func TestEveryDateTheReaderTakesIsOneTheSchemaTakes(t *testing.T) {
	data, err := fs.ReadFile(schema.Files(), "common.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var common struct {
		Defs map[string]struct{ Pattern string } `json:"$defs"`
	}
	if err := json.Unmarshal(data, &common); err != nil {
		t.Fatal(err)
	}
	partial := regexp.MustCompile(common.Defs["partialDate"].Pattern)
	full := regexp.MustCompile(common.Defs["date"].Pattern)
	inputs := []string{
		"2024-03-08", "2024-03-08T09:00:00", "2024-03-08T09:00", "2024-03-08 09:00", "2024-03-08T09:00:00Z",
		"2024-03-08T09:00:00+01:00", "2022-02", "2022", "2021-autumn", "2025-Spring", "2025-SPRING",
		"høsten 2021", "Høsten 2021", "vinteren 2021", "sommeren 2023", "våren 2024", "2021-13", "2021-fall",
		" 2021", "2021 ", "0999", "1000",
	}
	for _, s := range inputs {
		n := &yaml.Node{Kind: yaml.ScalarNode, Value: s}
		if _, err := parseDate(n, time.UTC); err == nil && !partial.MatchString(s) {
			t.Errorf("the reader takes %q as a date known to a day, month, season or year; the schema's partialDate refuses it", s)
		}
		if _, err := parseTime(n, time.UTC); err == nil && !full.MatchString(s) {
			t.Errorf("the reader takes %q as a date; the schema's date refuses it", s)
		}
	}
}
