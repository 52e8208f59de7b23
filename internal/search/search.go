// Package search owns the site search: the index the build writes next to
// every search page, and the Norwegian-aware matching rules.
//
// A search page is a page with the layout "search" (content/sok.md → /sok/).
// Its index, IndexURL (/sok/index.json), is one compact JSON file holding
// what a result shows, for every published page of a kind the table of page
// kinds (model.KindSpec) gives a search label: news posts, reports, projects,
// figures, municipalities, focus areas, free pages, and the results and open
// data pages:
//
//	{"kinds": {"news": "Nyhet", …},
//	 "pages": [{"k": "news", "t": title, "u": URL, "d": "2024-03-08",
//	            "f": "8. mars 2024", "s": summary, "m": applicant · focus area,
//	            "x": the text, "w": more words}, …]}
//
// The text is the plain text of the page's body (tags stripped, the Markdown
// rendered already). A long text keeps its first maxText characters as they
// are, for snippets, and the rest only as its words not seen before ("w"), so
// that every word of a page can still be found while the file stays small.
//
// The script static/js/search.js searches the index in the browser. Normalize
// and Stem are the reference of its matching rules (see match.go): the tests
// run the script against the same table as these functions.
package search

import (
	"bytes"
	"encoding/json"
	"errors"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"sats/internal/model"
	"sats/internal/pool"
)

// Layout is the layout that makes a page a search page.
const Layout = "search"

// IndexURL is the URL of the index of a search page: next to it.
func IndexURL(p *model.Page) string { return p.URL + "index.json" }

// maxText is how many characters of a page's text the index keeps as they
// are, for the snippets of results; after that, only new words.
const maxText = 600

// label returns the key of the interface string (data/i18n/<lang>.yaml)
// that labels a page of kind k in the results, as the table of page kinds
// says; "" leaves the page out of the index.
func label(s *model.Site, k model.Kind) string {
	spec := s.Spec(k)
	switch {
	case spec == nil:
		return ""
	case spec.IsList(k):
		return spec.ListSearch
	}
	return spec.Search
}

type entry struct {
	Kind    model.Kind `json:"k"`
	Title   string     `json:"t"`
	URL     string     `json:"u"`
	Date    string     `json:"d,omitempty"` // ISO date, for <time datetime>
	Shown   string     `json:"f,omitempty"` // the date as the site writes it
	Summary string     `json:"s,omitempty"`
	Meta    string     `json:"m,omitempty"` // projects: applicant · focus area
	Text    string     `json:"x,omitempty"`
	Words   string     `json:"w,omitempty"` // the rest of a long text: words not in Text, searched but not shown
}

// Cache keeps the entries of an index for the next build of the same site
// (the preview server): an entry is made again only when what it is made of
// has changed. The zero Cache is empty.
type Cache struct {
	entries map[string]cached // by URL
}

type cached struct {
	src  source
	json []byte
}

// Index returns the search index of the site's pages as JSON. Call it after
// the Markdown of every page has been converted (it reads Page.Content).
// With the cache of the previous build it makes only the entries whose page
// changed; it returns the cache for the next build.
func Index(s *model.Site, prev *Cache) ([]byte, *Cache, error) {
	kindNames := map[model.Kind]string{}
	var srcs []source
	for _, p := range s.Pages {
		key := label(s, p.Kind)
		if key == "" || p.Layout == Layout || p.Lang != s.Lang {
			continue
		}
		kindNames[p.Kind] = s.T(key)
		srcs = append(srcs, sourceOf(s, p))
	}
	// The entries are made on every core, each into its own slot, so the
	// index is the same whatever the order they are made in.
	out := make([][]byte, len(srcs))
	errs := make([]error, len(srcs))
	pool.EachWith(len(srcs), func() stems { return stems{} }, func(st stems, i int) {
		if prev != nil {
			if c, ok := prev.entries[srcs[i].url]; ok && c.src == srcs[i] {
				out[i] = c.json
				return
			}
		}
		out[i], errs[i] = marshal(srcs[i].entry(st))
	})
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	kindsJSON, err := marshal(kindNames)
	if err != nil {
		return nil, nil, err
	}
	size := len(kindsJSON) + 32
	for _, e := range out {
		size += len(e) + 1
	}
	buf := make([]byte, 0, size)
	buf = append(buf, `{"kinds":`...)
	buf = append(buf, kindsJSON...)
	buf = append(buf, `,"pages":[`...)
	next2 := &Cache{entries: make(map[string]cached, len(srcs))}
	for i, e := range out {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, e...)
		next2.entries[srcs[i].url] = cached{srcs[i], e}
	}
	buf = append(buf, "]}"...)
	return buf, next2, nil
}

// marshal is v as compact JSON, with <, > and & as they are: the index is a
// file of its own, never inside HTML.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// source is everything an entry is made of: two equal sources make the same
// entry. The content is compared as a string; a page whose Markdown was not
// converted again shares it with the previous build, which makes the
// comparison cheap.
type source struct {
	kind                model.Kind
	title, url, summary string
	date, shown, meta   string
	content, extra      string
}

func sourceOf(s *model.Site, p *model.Page) source {
	src := source{kind: p.Kind, title: p.Title, url: p.URL, summary: p.Summary, content: string(p.Content), extra: extraText(s, p)}
	if !p.Date.IsZero() {
		src.date, src.shown = p.Date.ISO(), s.Locale.DateAt(p.Date.In(s.Location), p.Date.Precision)
	}
	if pr := p.Project; pr != nil {
		meta := []string{pr.Applicant}
		if pr.FocusArea != nil {
			meta = append(meta, pr.FocusArea.Name)
		}
		src.meta = strings.Join(nonEmpty(meta), " · ")
	}
	return src
}

func (src source) entry(st stems) entry {
	e := entry{Kind: src.kind, Title: src.title, URL: src.url, Summary: src.summary,
		Date: src.date, Shown: src.shown, Meta: src.meta}
	e.Text, e.Words = shorten(plainText(src.content), src.extra, maxText, e.Title+" "+e.Summary+" "+e.Meta, st)
	return e
}

// extraText is what the index searches in a page besides its title, summary
// and body: for records, the fields that are searched but not shown; for
// the open data page, the figures and the kinds of file it offers («csv»,
// «excel», «zip» find it).
func extraText(s *model.Site, p *model.Page) string {
	var parts []string
	switch {
	case p.Kind == model.KindDatasets:
		seen := map[string]bool{}
		for _, f := range s.Figures {
			parts = append(parts, f.Title)
			for _, d := range f.Downloads {
				if !seen[d.Kind] {
					seen[d.Kind] = true
					parts = append(parts, d.Label, d.Format)
				}
			}
		}
		if a := s.DataArchive; a != nil {
			parts = append(parts, a.Label, a.Format)
		}
	case p.Project != nil:
		pr := p.Project
		for _, m := range pr.Municipalities {
			parts = append(parts, m.Name)
		}
		if pr.Support != nil {
			parts = append(parts, pr.Support.Name)
		}
		parts = append(parts, pr.Participants...)
	case p.FocusArea != nil:
		parts = append(parts, p.FocusArea.Goals...)
	case p.Figure != nil:
		f := p.Figure
		parts = append(parts, f.Notes, f.Source, f.Period, f.Unit)
		for _, c := range f.Categories {
			parts = append(parts, c.Label)
		}
		for _, sr := range f.Series {
			parts = append(parts, sr.Label)
		}
	}
	return strings.Join(nonEmpty(parts), " ")
}

func nonEmpty(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// shorten splits a page's text into the first n characters of body (cut at
// a space) and the words of the rest of body and of extra that a search
// could not find otherwise, in order: words of at least minWord letters
// whose stem is not the stem of a word before nor of a word of known (the
// title and summary). A query finds a word when its stem is a prefix of it,
// so a word with the stem of one kept is found by the queries that find it.
func shorten(body, extra string, n int, known string, st stems) (head, rest string) {
	cut := len(body)
	for i := range body {
		if n == 0 {
			cut = i
			if sp := strings.LastIndexByte(body[:cut], ' '); sp > 0 {
				cut = sp
			}
			break
		}
		n--
	}
	head = body[:cut]
	seen := make(map[string]bool, 256)
	for _, w := range words(Normalize(known + " " + head)) {
		seen[Stem(w)] = true
	}
	var more strings.Builder
	keep := func(w string) {
		if s := st.of(w); s != "" && !seen[s] {
			seen[s] = true
			if more.Len() > 0 {
				more.WriteByte(' ')
			}
			more.WriteString(w)
		}
	}
	// A word cut in two by the limit is kept whole in the rest.
	from := cut
	for from > 0 {
		r, size := utf8.DecodeLastRuneInString(body[:from])
		if notWordRune(r) {
			break
		}
		from -= size
	}
	if cut == len(body) {
		from = cut
	}
	eachWord(body[from:], keep)
	eachWord(extra, keep)
	return head, more.String()
}

// stems caches the stems of words: a site's pages share most of their words.
// The stem of a word is that of its normalized form, or "" when that is
// shorter than minWord. A stems is used by one goroutine.
type stems map[string]string

func (st stems) of(w string) string {
	if s, ok := st[w]; ok {
		return s
	}
	s := ""
	if nw := Normalize(w); utf8.RuneCountInString(nw) >= minWord {
		s = Stem(nw)
	}
	st[w] = s
	return s
}

// eachWord calls fn with every run of letters and digits of s, in order.
func eachWord(s string, fn func(string)) {
	start := -1
	for i, r := range s {
		if notWordRune(r) {
			if start >= 0 {
				fn(s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		fn(s[start:])
	}
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// inline are the elements that do not separate words.
var inline = map[string]bool{"a": true, "abbr": true, "b": true, "code": true, "del": true, "em": true, "i": true, "kbd": true, "mark": true, "s": true, "small": true, "span": true, "strong": true, "sub": true}

// plainText returns the text of an HTML fragment made by the Markdown
// renderer: tags dropped (block elements leave a space), entities decoded,
// white space collapsed, and footnote back links (↩︎) left out.
func plainText(h string) string {
	var b strings.Builder
	for h != "" {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			b.WriteString(h)
			break
		}
		b.WriteString(h[:i])
		h = h[i:]
		end := strings.IndexByte(h, '>')
		if end < 0 {
			break
		}
		name := strings.TrimPrefix(h[1:end], "/")
		if j := strings.IndexAny(name, " \t\n/"); j >= 0 {
			name = name[:j]
		}
		name = strings.ToLower(name)
		if !inline[name] {
			b.WriteByte(' ')
		}
		h = h[end+1:]
	}
	s := html.UnescapeString(b.String())
	s = strings.NewReplacer("\u21a9\ufe0e", "", "\u21a9", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}
