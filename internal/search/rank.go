package search

import (
	"encoding/json"
	"sort"
)

// The ranking of results, the reference of the script's search function.
// Each query word scores by the best field it matches in, weighted
// fieldTitle, fieldAbout (summary and applicant · focus area) or fieldText,
// times one more than how it matched (sameWord, prefixMatch, inCompound).
// A page must match every query word, or one in its title, summary or
// applicant. Among pages of equal score, the one
// with the shorter title (in words) comes first, as the closest match; then
// the newest; then by title.
const (
	fieldTitle = 100
	fieldAbout = 10
	fieldText  = 1
)

// Result is a page of an index as the ranking sees it.
type Result struct {
	URL   string `json:"u"`
	Title string `json:"t"`
	Date  string `json:"d"`
	Sum   string `json:"s"`
	Meta  string `json:"m"`
	Text  string `json:"x"`
	Words string `json:"w"`
}

// prepared is a page with its fields split into normalized words.
type prepared struct {
	Result
	title, about, text []string
}

// Rank returns the pages of a search index (the JSON of Index) that match
// query, best first. It does what the script's search does.
func Rank(index []byte, query string) ([]Result, error) {
	var ix struct {
		Pages []Result `json:"pages"`
	}
	if err := json.Unmarshal(index, &ix); err != nil {
		return nil, err
	}
	pages := make([]prepared, len(ix.Pages))
	for i, p := range ix.Pages {
		pages[i] = prepared{Result: p,
			title: words(Normalize(p.Title)),
			about: words(Normalize(p.Sum + " " + p.Meta)),
			text:  words(Normalize(p.Text + " " + p.Words)),
		}
	}
	stems := queryStems(query)
	type scored struct {
		p     *prepared
		score int
	}
	var found []scored
	for i := range pages {
		if s := score(&pages[i], stems); s > 0 {
			found = append(found, scored{&pages[i], s})
		}
	}
	sort.SliceStable(found, func(i, j int) bool {
		a, b := found[i], found[j]
		if a.score != b.score {
			return a.score > b.score
		}
		if la, lb := len(a.p.title), len(b.p.title); la != lb {
			return la < lb
		}
		if a.p.Date != b.p.Date {
			return a.p.Date > b.p.Date
		}
		return a.p.Title < b.p.Title
	})
	out := make([]Result, len(found))
	for i, f := range found {
		out[i] = f.p.Result
	}
	return out, nil
}

// score is the score of a page for the stems of a query: 0 when the page is
// not found, that is when a stem does not match it and none matches its
// title, summary or applicant.
func score(p *prepared, stems []string) int {
	total, missing, inTitle := 0, false, false
	for _, s := range stems {
		h, w := best(p.title, s), fieldTitle
		if h == noMatch {
			h, w = best(p.about, s), fieldAbout
		}
		if h == noMatch {
			h, w = best(p.text, s), fieldText
		}
		if h == noMatch {
			missing = true
			continue
		}
		inTitle = inTitle || w >= fieldAbout
		total += w * (h + 1)
	}
	if missing && !inTitle {
		return 0
	}
	return total
}
