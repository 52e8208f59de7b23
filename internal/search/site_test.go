package search_test

import (
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"sats/internal/build"
	"sats/internal/model"
	"sats/internal/search"
)

// siteNow is the time the repository's site is built at in the tests: a
// fixed clock, so that they do not change with the day they run.
var siteNow = time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)

// memTarget keeps a build's output in memory.
type memTarget struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memTarget) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = data
	return nil
}
func (m *memTarget) Commit() error { return nil }
func (m *memTarget) Abort() error  { return nil }

// buildIndexes builds the repository's site and returns its model and its
// search indexes by language.
func buildIndexes(t *testing.T) (*model.Site, map[string][]byte) {
	t.Helper()
	out := &memTarget{files: map[string][]byte{}}
	res, err := build.Build(os.DirFS("../.."), out, build.Options{Model: model.Options{Now: siteNow}})
	if err != nil {
		t.Fatalf("the repository's site does not build:\n%v", err)
	}
	indexes := map[string][]byte{}
	for _, p := range res.Site.Pages {
		if p.Layout != search.Layout {
			continue
		}
		for _, q := range append([]*model.Page{p}, p.Translations...) {
			indexes[q.Lang] = out.files[strings.TrimPrefix(search.IndexURL(q), "/")]
		}
	}
	if indexes[res.Site.Lang] == nil {
		t.Fatal("the repository's site has no search page")
	}
	return res.Site, indexes
}

type entry struct {
	URL   string `json:"u"`
	Title string `json:"t"`
	Sum   string `json:"s"`
	Meta  string `json:"m"`
	Text  string `json:"x"`
	Words string `json:"w"`
}

func (e entry) all() string {
	return strings.Join([]string{e.Title, e.Sum, e.Meta, e.Text, e.Words}, " ")
}

// buildRepositorySite builds the repository's site and returns its model and
// the entries of its search index by URL.
func buildRepositorySite(t *testing.T) (*model.Site, []byte, map[string]entry) {
	t.Helper()
	site, indexes := buildIndexes(t)
	data := indexes[site.Lang]
	var ix struct {
		Pages []entry `json:"pages"`
	}
	if err := json.Unmarshal(data, &ix); err != nil {
		t.Fatalf("the index does not parse: %v", err)
	}
	byURL := map[string]entry{}
	for _, e := range ix.Pages {
		byURL[e.URL] = e
	}
	return site, data, byURL
}

// TestRepositorySiteIsFoundBySearch checks, by the Go rules, that the search
// finds every project by its name and by its applicant, and every news post
// by every word of its body.
func TestRepositorySiteIsFoundBySearch(t *testing.T) {
	site, _, byURL := buildRepositorySite(t)
	for _, p := range site.Projects {
		e, ok := byURL[p.Page.URL]
		if !ok {
			t.Errorf("project %s is not in the index", p.Page.URL)
			continue
		}
		for _, q := range []string{p.Title, p.Applicant} {
			if q != "" && !search.Matches(q, e.all()) {
				t.Errorf("searching %q does not find project %s", q, p.Page.URL)
			}
		}
	}
	for _, n := range site.News {
		e, ok := byURL[n.URL]
		if !ok {
			t.Errorf("news post %s is not in the index", n.URL)
			continue
		}
		missing := 0
		for _, w := range strings.Fields(search.PlainText(string(n.Content))) {
			if !search.Matches(w, w) {
				continue // a one-letter word is not searched for: it finds nothing, not even itself
			}
			if !search.Matches(w, e.all()) {
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
	site, data, _ := buildRepositorySite(t)
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
	search.RunScript(t, `const pages = S.prepare(input.index);
		return input.queries.map(q => S.search(pages, q.q).some(p => p.u === q.url));`,
		map[string]any{"index": json.RawMessage(data), "queries": queries}, &found)
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
