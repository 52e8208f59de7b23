package figures

import (
	"strings"

	"sats/internal/model"
)

// Summary says in one sentence what figure f's chart shows, for readers who
// do not see it: with one series, which categories are highest and lowest;
// with several, each series' total and where it is highest. A category named
// by the interface string notStated (the projects that name no municipality,
// say) or wholeRegion (the projects for the whole region) counts in the totals
// but is neither highest nor lowest. A computed count of 0 is not named
// lowest: it means that no record places anything there, not that there was
// nothing. A series marked NoTotal (its values may count the same thing
// twice) gets no total. A figure with a goal says it last, beside the
// series' totals: never their sum against it, since created and expected are
// not the same thing. The sentence templates are interface strings
// (data/i18n/<lang>.yaml):
//
//	chartSummaryOne        highest %[1]s with %[2]s, lowest %[3]s with %[4]s
//	chartSummaryHigh       highest %[1]s with %[2]s
//	chartSummarySeriesNoTotal series %[1]s: highest for %[2]s with %[3]s
//	chartSummaryOneEven    every category has %[1]s
//	chartSummarySeries     series %[1]s: total %[2]s, highest for %[3]s with %[4]s
//	chartSummarySeriesEven series %[1]s: total %[2]s, %[3]s for each
//	chartSummaryNone       no value is stated
//	chartSummaryGoal       the goal %[1]s, after the series (a stacked chart)
//	chartSummaryUnit       the sentence %[1]s and the unit %[2]s
//	chartSummaryEnd        the sentence %[1]s, without a unit
//	listAnd                the word between the last two of a list ("og")
func Summary(f *model.Figure, m Meta) string {
	num := m.Locale.Number
	var clauses []string
	for _, s := range f.Series {
		st := statsOf(f, s, m.T("notStated"), m.T("wholeRegion"))
		if st.n == 0 {
			continue
		}
		even := st.high == st.low && st.n > 1
		switch {
		case len(f.Series) == 1 && (even || st.n == 1):
			clauses = append(clauses, m.sprintf("chartSummaryOneEven", num(st.high)))
		case len(f.Series) == 1 && f.Computed != "" && st.low == 0:
			clauses = append(clauses, m.sprintf("chartSummaryHigh", m.list(st.highest), num(st.high)))
		case len(f.Series) == 1:
			clauses = append(clauses, m.sprintf("chartSummaryOne", m.list(st.highest), num(st.high), m.list(st.lowest), num(st.low)))
		case s.NoTotal:
			clauses = append(clauses, m.sprintf("chartSummarySeriesNoTotal", s.Label, m.list(st.highest), num(st.high)))
		case even:
			clauses = append(clauses, m.sprintf("chartSummarySeriesEven", s.Label, num(st.sum), num(st.high)))
		default:
			clauses = append(clauses, m.sprintf("chartSummarySeries", s.Label, num(st.sum), m.list(st.highest), num(st.high)))
		}
	}
	body := strings.Join(clauses, "; ")
	if body == "" {
		body = m.T("chartSummaryNone")
	}
	if f.Goal != nil {
		body += "; " + m.sprintf("chartSummaryGoal", num(*f.Goal))
	}
	if f.Unit != "" {
		return m.sprintf("chartSummaryUnit", body, f.Unit)
	}
	return m.sprintf("chartSummaryEnd", body)
}

// stats are the stated values of a series.
type stats struct {
	n               int
	sum, high, low  float64
	highest, lowest []string // the categories with the highest and lowest value
}

func statsOf(f *model.Figure, s model.Series, notStated, wholeRegion string) stats {
	var st stats
	for i, v := range s.Values {
		if v == nil || i >= len(f.Categories) {
			continue
		}
		label := f.Categories[i].Label
		x := *v
		st.sum += x
		if label == notStated || label == wholeRegion {
			continue
		}
		switch {
		case st.n == 0 || x > st.high:
			st.high, st.highest = x, []string{label}
		case x == st.high:
			st.highest = append(st.highest, label)
		}
		switch {
		case st.n == 0 || x < st.low:
			st.low, st.lowest = x, []string{label}
		case x == st.low:
			st.lowest = append(st.lowest, label)
		}
		st.n++
	}
	return st
}

// list joins names: "A", "A og B", "A, B og C".
func (m Meta) list(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	and := m.T("listAnd")
	return strings.Join(names[:len(names)-1], ", ") + " " + and + " " + names[len(names)-1]
}
