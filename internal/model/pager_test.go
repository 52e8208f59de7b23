package model

import (
	"fmt"
	"strings"
	"testing"
)

// render writes a page navigation as text: 1 … 5 [6] 7 … 20.
func renderLinks(links []PagerLink) string {
	var parts []string
	for _, l := range links {
		switch {
		case l.Page == nil:
			parts = append(parts, "…")
		case l.Current:
			parts = append(parts, fmt.Sprintf("[%d]", l.Number))
		default:
			parts = append(parts, fmt.Sprint(l.Number))
		}
	}
	return strings.Join(parts, " ")
}

func TestPagerLinksShowTheEdgesAndThePagesAround(t *testing.T) {
	cases := []struct {
		pages, number, around int
		want                  string
	}{
		{1, 1, 2, "[1]"},
		{2, 2, 2, "1 [2]"},
		{5, 3, 2, "1 2 [3] 4 5"},
		{20, 1, 2, "[1] 2 3 … 20"},
		{20, 4, 2, "1 2 3 [4] 5 6 … 20"},
		{20, 5, 2, "1 2 3 4 [5] 6 7 … 20"}, // page 2 alone would be a gap: shown
		{20, 6, 2, "1 … 4 5 [6] 7 8 … 20"},
		{20, 16, 2, "1 … 14 15 [16] 17 18 19 20"}, // page 19 alone would be a gap: shown
		{20, 20, 2, "1 … 18 19 [20]"},
		{500, 250, 1, "1 … 249 [250] 251 … 500"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("page %d of %d", c.number, c.pages), func(t *testing.T) {
			p := &Pager{Number: c.number}
			for range c.pages {
				p.Pages = append(p.Pages, &Page{})
			}
			links := p.Links(c.around)
			if got := renderLinks(links); got != c.want {
				t.Errorf("Links(%d) = %s, want %s", c.around, got, c.want)
			}
			for _, l := range links {
				if l.Page != nil && l.Page != p.Pages[l.Number-1] {
					t.Errorf("link %d points at another page", l.Number)
				}
			}
		})
	}
}

func TestFigureDecimalsAreThoseOfTheMostPreciseValue(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	cases := []struct {
		values []*float64
		want   int
	}{
		{[]*float64{f(4), f(12)}, 0},
		{[]*float64{f(4), f(0.6)}, 1},
		{[]*float64{f(4.25), nil, f(1)}, 2},
		{[]*float64{f(1.0 / 3)}, 3},
		{[]*float64{nil}, 0},
		{[]*float64{f(0.1 + 0.2)}, 1}, // 0.30000000000000004 is written 0,3
	}
	for _, c := range cases {
		fig := &Figure{Series: []Series{{Values: c.values}}}
		if got := fig.Decimals(); got != c.want {
			t.Errorf("Decimals of %v = %d, want %d", c.values, got, c.want)
		}
	}
}
