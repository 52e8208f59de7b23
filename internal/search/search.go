// Package search owns the site search: the index the build writes next to
// every search page, and the Norwegian-aware matching rules.
//
// A search page is a page with the layout "search" (content/sok.md → /sok/).
// Its index (index.go) covers every published page of a kind the table of
// page kinds (model.KindSpec) gives a search label: news posts, reports,
// projects, figures, municipalities, focus areas, free pages, and the results
// and open data pages. It is an inverted index: its terms are the
// normalized words (Normalize) of the pages, each with the pages that have
// it and the best field it is in there: the title, the summary and meta
// (applicant · focus area), or the text (the plain text of the body, tags
// stripped, and the fields searched but not shown, see extraText). A page
// also has an entry, what a result shows: its kind, title, URL, dates,
// summary, meta and the first maxText characters of its text, for snippets.
// Pages are numbered in the order that ranks them among equals (rank.go),
// so that results are ordered by score and number alone.
//
// An index of at most MaxWhole bytes (the repository's site: about 95 kB,
// 30 kB gzipped) is one file, IndexURL (/sok/index.json):
//
//	{"v": 2, "kinds": {"news": "Nyhet", …}, "n": pages,
//	 "terms": {"kommune": [postings], …},
//	 "pages": [{"k": "news", "t": title, "u": URL, "d": "2024-03-08",
//	            "f": "8. mars 2024", "s": summary, "m": meta, "x": text}, …]}
//
// The postings of a term are a number per page that has it, ascending by
// page number: 3 × (the number − the one before) + the field (0 title,
// 1 summary and meta, 2 text). A larger index is split (shard.go): index.json
// is a manifest with "chunk" and "keys" instead of "terms" and "pages"; the
// terms are in shards by prefix (/sok/index/t-<key>.json), which a query
// loads for its words only, and the entries in chunks of chunkSize pages
// (/sok/index/p-<n>.json), which it loads for the results it shows. Reader
// reads both forms the way the script does.
//
// The script static/js/search.js searches the index in the browser. Normalize,
// Stem and Rank are the reference of its matching and ranking rules (see
// match.go and rank.go): the tests run the script against the same tables
// and queries as these functions, on the repository's index and split.
package search

import (
	"bytes"
	"encoding/json"
	"html"
	"html/template"
	"iter"
	"strings"
	"unicode"
	"unicode/utf8"

	"sats/internal/model"
)

// Layout is the layout that makes a page a search page.
const Layout = "search"

// IndexURL is the URL of the index of a search page: next to it.
func IndexURL(p *model.Page) string { return p.URL + "index.json" }

// maxText is how many characters of a page's text the index keeps as they
// are, for the snippets of results.
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
	Text    string     `json:"x,omitempty"` // the first maxText characters of the text, for snippets
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
	contentSum          string // the SHA-256 of content, when known ("" else)
}

func sourceOf(s *model.Site, p *model.Page, content template.HTML) source {
	src := source{kind: p.Kind, title: p.Title, url: p.URL, summary: p.Summary, content: string(content), extra: extraText(s, p)}
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

// entry is what a result shows of the page, and the plain text of its body.
func (src source) entry() (entry, string) {
	body := plainText(src.content)
	e := entry{Kind: src.kind, Title: src.title, URL: src.url, Summary: src.summary,
		Date: src.date, Shown: src.shown, Meta: src.meta, Text: head(body, maxText)}
	return e, body
}

// normalWords caches the normalized words of the pieces of text between
// spaces: a site's pages share most of them. Normalize folds each letter
// on its own and a space stays a space, so words(Normalize(s)) is the
// words of the pieces of s, in order. A normalWords is used by one
// goroutine, for one page at a time (next).
type normalWords struct {
	pieces map[string]*piece
	page   int // the page being read: 1 for the first
}

// piece is a piece of text, normalized, and the last page whose terms it
// was added to.
type piece struct {
	words []string
	page  int
}

func newNormalWords() *normalWords { return &normalWords{pieces: map[string]*piece{}} }

// next starts the next page.
func (nw *normalWords) next() { nw.page++ }

// of returns the normalized words of s.
func (nw *normalWords) of(s string) []string {
	out := make([]string, 0, len(s)/6)
	for f := range pieces(s) {
		out = append(out, nw.piece(f).words...)
	}
	return out
}

// add adds the normalized words of s to the terms of the page, best, with
// field unless they are there. The fields of a page are added best first,
// so a piece added to this page before, in this field or a better one,
// is passed over without a look at its words: most pieces of a text are
// repeats.
func (nw *normalWords) add(best map[string]uint8, s string, field uint8) {
	for f := range pieces(s) {
		p := nw.piece(f)
		if p.page == nw.page {
			continue
		}
		p.page = nw.page
		for _, w := range p.words {
			if _, ok := best[w]; !ok {
				best[w] = field
			}
		}
	}
}

func (nw *normalWords) piece(f string) *piece {
	p, ok := nw.pieces[f]
	if !ok {
		ws := words(Normalize(f))
		for i, w := range ws {
			ws[i] = strings.Clone(w) // not a piece of the page's text, kept alive
		}
		p = &piece{words: ws}
		nw.pieces[strings.Clone(f)] = p
	}
	return p
}

// pieces yields the pieces of s between white space.
func pieces(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		start := -1
		for i := 0; i < len(s); {
			c := s[i]
			if c < utf8.RuneSelf {
				if asciiSpace(c) {
					if start >= 0 && !yield(s[start:i]) {
						return
					}
					start = -1
				} else if start < 0 {
					start = i
				}
				i++
				continue
			}
			r, width := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				if start >= 0 && !yield(s[start:i]) {
					return
				}
				start = -1
			} else if start < 0 {
				start = i
			}
			i += width
		}
		if start >= 0 {
			yield(s[start:])
		}
	}
}

// asciiSpace is unicode.IsSpace for a byte below utf8.RuneSelf.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
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

// head returns the first n characters of text, cut at a space.
func head(text string, n int) string {
	for i := range text {
		if n == 0 {
			if sp := strings.LastIndexByte(text[:i], ' '); sp > 0 {
				return text[:sp]
			}
			return text[:i]
		}
		n--
	}
	return text
}

// inline are the elements that do not separate words.
var inline = map[string]bool{"a": true, "abbr": true, "b": true, "code": true, "del": true, "em": true, "i": true, "kbd": true, "mark": true, "s": true, "small": true, "span": true, "strong": true, "sub": true}

// plainText returns the text of an HTML fragment made by the Markdown
// renderer: tags dropped (block elements leave a space), entities decoded,
// white space collapsed, and footnote back links (↩︎) left out.
func plainText(h string) string {
	var b strings.Builder
	b.Grow(len(h))
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
	if strings.Contains(s, "\u21a9") { // the arrow of a footnote's back link
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\u21a9\ufe0e", ""), "\u21a9", "")
	}
	var out strings.Builder
	out.Grow(len(s))
	for f := range pieces(s) {
		if out.Len() > 0 {
			out.WriteByte(' ')
		}
		out.WriteString(f)
	}
	return out.String()
}
