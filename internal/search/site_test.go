package search_test

import (
	"html/template"
	"os"
	"strings"
	"testing"
	"time"

	"sats/internal/build"
	"sats/internal/model"
	"sats/internal/search"
)

// siteNow is the time the repository's site is built at in the tests: a
// fixed clock, so that they do not change with the day they run.
var siteNow = time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)

// buildIndexes builds the repository's site and returns its model and the
// files of its search indexes by language (named from the search page).
// siteContent returns the converted Markdown of a page of the last site
// buildIndexes built.
var siteContent func(*model.Page) template.HTML

func buildIndexes(t *testing.T) (*model.Site, map[string]map[string][]byte) {
	t.Helper()
	out := &build.Memory{}
	res, err := build.Build(os.DirFS("../.."), out, build.Options{Model: model.Options{Now: siteNow}})
	if err != nil {
		t.Fatalf("the repository's site does not build:\n%v", err)
	}
	indexes := map[string]map[string][]byte{}
	for _, p := range res.Site.Pages {
		if p.Layout != search.Layout {
			continue
		}
		for _, q := range append([]*model.Page{p}, p.Translations...) {
			dir := strings.TrimPrefix(q.URL, "/")
			files := map[string][]byte{}
			for name, data := range out.Files {
				if rest, ok := strings.CutPrefix(name, dir); ok && (rest == search.ManifestName || strings.HasPrefix(rest, "index/")) {
					files[rest] = data
				}
			}
			indexes[q.Lang] = files
		}
	}
	siteContent = res.Content
	if indexes[res.Site.Lang][search.ManifestName] == nil {
		t.Fatal("the repository's site has no search page")
	}
	return res.Site, indexes
}

// TestRepositorySiteIsOneFile checks that the index of the repository's
// site is one file, and a small one.
func TestRepositorySiteIsOneFile(t *testing.T) {
	_, indexes := buildIndexes(t)
	for lang, files := range indexes {
		if len(files) != 1 || len(files[search.ManifestName]) > search.MaxWhole {
			t.Errorf("the index of the %s site is %d files, want one of at most %d bytes", lang, len(files), search.MaxWhole)
		}
		t.Logf("%s: %d bytes", lang, len(files[search.ManifestName]))
	}
}

// TestRepositorySiteIsFoundBySearch checks, by the Go rules, that the search
// finds every project by its name and by its applicant, and every news post
// by every word of its body.
func TestRepositorySiteIsFoundBySearch(t *testing.T) {
	site, indexes := buildIndexes(t)
	r, err := search.Open(indexes[site.Lang])
	if err != nil {
		t.Fatal(err)
	}
	finds := func(q, url string) bool {
		res, err := r.Rank(q)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range res {
			if p.URL == url {
				return true
			}
		}
		return false
	}
	for _, p := range site.Projects {
		for _, q := range []string{p.Title, p.Applicant} {
			if q != "" && !finds(q, p.Page.URL) {
				t.Errorf("searching %q does not find project %s", q, p.Page.URL)
			}
		}
	}
	for _, n := range site.News {
		missing := 0
		seen := map[string]bool{}
		for _, w := range strings.Fields(search.PlainText(string(n.Content))) {
			if !search.Matches(w, w) || seen[w] {
				continue // a one-letter word is not searched for: it finds nothing, not even itself
			}
			seen[w] = true
			if !finds(w, n.URL) {
				missing++
				if missing <= 3 {
					t.Errorf("searching %q (a word of its body) does not find news post %s", w, n.URL)
				}
			}
		}
	}
}

// TestScriptFindsRepositorySite runs the search script with node on the
// repository's index: every project by its name and by its applicant, and
// every news post by each word of its body.
func TestScriptFindsRepositorySite(t *testing.T) {
	site, indexes := buildIndexes(t)
	type query struct {
		Q   string `json:"q"`
		URL string `json:"url"`
	}
	var queries []query
	for _, p := range site.Projects {
		queries = append(queries, query{p.Title, p.Page.URL})
		if p.Applicant != "" {
			queries = append(queries, query{p.Applicant, p.Page.URL})
		}
	}
	for _, n := range site.News {
		seen := map[string]bool{}
		for _, w := range strings.Fields(search.PlainText(string(n.Content))) {
			if nw := search.Normalize(w); !seen[nw] && search.Matches(w, w) {
				seen[nw] = true
				queries = append(queries, query{w, n.URL})
			}
		}
	}
	var found []bool
	search.RunScript(t, `const ix = await S.open(name => Promise.resolve(JSON.parse(input.files[name])));
		const found = [];
		for (const q of input.queries) found.push((await S.search(ix, q.q)).some(p => p.u === q.url));
		return found;`,
		map[string]any{"files": stringFiles(indexes[site.Lang]), "queries": queries}, &found)
	if len(found) != len(queries) {
		t.Fatalf("the script answered %d of %d queries", len(found), len(queries))
	}
	missed := 0
	for i, q := range queries {
		if !found[i] {
			if missed++; missed <= 10 {
				t.Errorf("the script does not find %s when searching %q", q.URL, q.Q)
			}
		}
	}
	t.Logf("%d queries", len(queries))
}

// stringFiles is files with their data as strings, for the script's input.
func stringFiles(files map[string][]byte) map[string]string {
	out := make(map[string]string, len(files))
	for name, data := range files {
		out[name] = string(data)
	}
	return out
}
