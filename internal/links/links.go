// Package links owns checking the built site's internal links: every link
// from one page to another page, file or #anchor of the site must arrive.
//
// Scan reads one HTML document and returns the links it makes and the ids it
// holds; a Checker collects them for every output file and reports each link
// whose target does not exist.
package links

import (
	"bytes"
	stdhtml "html"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"

	"sats/internal/diag"
	"sats/internal/pool"
)

// Doc is what a page links to and which ids it holds.
type Doc struct {
	Links []string // site-relative targets: /path/ or /path/#frag
	IDs   []string
}

// Scan reads an HTML document. Links to other hosts, and to the same site
// written absolutely with base (https://example.org/), are told apart: only
// links into the site are returned, made site-relative.
//
// Inline SVG and MathML are read tag by tag like the rest of the page, as
// the HTML tokenizer of the standard does: a quote in a chart's text
// (Skjerm 27") is text, and the links and ids inside and after the chart
// are all seen (see foreignAsHTML).
func Scan(page []byte, base string, selfURL string) *Doc {
	d := &Doc{}
	l := html.NewLexer(parse.NewInputBytes(foreignAsHTML(page)))
	for {
		tt, _ := l.Next()
		switch tt {
		case html.ErrorToken:
			return d
		case html.AttributeToken:
			var name [len("xlink:href")]byte
			if len(l.Text()) > len(name) {
				continue
			}
			n := copy(name[:], l.Text())
			for i, c := range name[:n] {
				if 'A' <= c && c <= 'Z' {
					name[i] = c + 'a' - 'A'
				}
			}
			switch string(name[:n]) {
			case "id":
				d.IDs = append(d.IDs, string(unquote(l.AttrVal())))
			case "href", "src", "xlink:href":
				if t, ok := Resolve(string(unquote(l.AttrVal())), base, selfURL); ok {
					d.Links = append(d.Links, t)
				}
			case "srcset":
				for c := range strings.SplitSeq(string(unquote(l.AttrVal())), ",") {
					if f := strings.Fields(c); len(f) > 0 {
						if t, ok := Resolve(f[0], base, selfURL); ok {
							d.Links = append(d.Links, t)
						}
					}
				}
			}
		}
	}
}

// unquote removes the quotes around an attribute value, if it has them.
func unquote(v []byte) []byte {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// foreignTags are the start tags whose content the lexer of
// tdewolff/parse reads as one XML token, toggling a "quoted" state at every
// '"' of the text: one quote in a chart label made it read to the end of the
// page, so that no link after the chart was checked.
var foreignTags = []string{"svg", "math", "xml"}

// foreignAsHTML returns page with those start tags renamed (<svg → <svg-),
// so that the lexer reads their content as tags, attributes and text, as the
// HTML standard tokenizes foreign content. The page is copied only when it
// has such a tag.
func foreignAsHTML(page []byte) []byte {
	var out []byte
	last := 0
	for i := bytes.IndexByte(page, '<'); i >= 0; {
		for _, tag := range foreignTags {
			end := i + 1 + len(tag)
			if end < len(page) && bytes.EqualFold(page[i+1:end], []byte(tag)) && isTagEnd(page[end]) {
				out = append(append(out, page[last:end]...), '-')
				last = end
				break
			}
		}
		next := bytes.IndexByte(page[i+1:], '<')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	if out == nil {
		return page
	}
	return append(out, page[last:]...)
}

func isTagEnd(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' || c == '>'
}

// Resolve returns the site-relative form (/path/ or /path/#frag) of a link
// written on the page at URL self, as Scan and Checker have it; ok is false
// for a link out of the site. base is the site's absolute URL.
func Resolve(v, base, self string) (target string, ok bool) {
	v = htmlUnescape(strings.TrimSpace(v))
	switch {
	case v == "" || strings.HasPrefix(v, "//"):
		return "", false
	case strings.HasPrefix(v, base):
		v = "/" + strings.TrimPrefix(v, base)
	case strings.HasPrefix(v, "#"):
		v = self + v
	case strings.Contains(v, ":") && !strings.HasPrefix(v, "/"):
		return "", false // another scheme or host
	case !strings.HasPrefix(v, "/"):
		// Relative to the page's own folder.
		dir := self[:strings.LastIndex(self, "/")+1]
		v = dir + v
	}
	if u, err := url.Parse(v); err == nil {
		p := u.Path
		if p == "" {
			p = "/"
		}
		if strings.Contains(p, "/.") { // ../ and ./ as a browser resolves them
			clean := path.Clean(p)
			if (strings.HasSuffix(p, "/") || strings.HasSuffix(p, "/.") || strings.HasSuffix(p, "/..")) && clean != "/" {
				clean += "/"
			}
			p = clean
		}
		if u.Fragment != "" {
			return p + "#" + u.Fragment, true
		}
		return p, true
	}
	return v, true
}

func htmlUnescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return stdhtml.UnescapeString(s)
}

// Checker collects the links and ids of every output file.
type Checker struct {
	mu      sync.Mutex
	files   map[string]bool // every output path
	docs    map[string]*Doc // output path of a page → its links and ids
	linkers []linker
}

// linker is a page and what it links to.
type linker struct {
	url   string
	links []string
}

// NewChecker returns an empty checker.
func NewChecker() *Checker {
	return &Checker{files: map[string]bool{}, docs: map[string]*Doc{}}
}

// AddFile records an output file that is not a page.
func (c *Checker) AddFile(path string) {
	c.mu.Lock()
	c.files[path] = true
	c.mu.Unlock()
}

// AddPage records a page at url, written to path, with what it links to
// and the ids its links may point at.
func (c *Checker) AddPage(url, path string, d *Doc) {
	c.mu.Lock()
	c.files[path] = true
	c.docs[path] = d
	c.mu.Unlock()
	c.AddLinks(url, d.Links)
}

// AddLinks records links from the page at url.
func (c *Checker) AddLinks(url string, links []string) {
	c.mu.Lock()
	c.linkers = append(c.linkers, linker{url, links})
	c.mu.Unlock()
}

// Broken is a link target that does not exist and the pages that link to it.
type Broken struct {
	Target string
	From   []string      // page URLs, sorted
	Reason *diag.Message // why the link is broken
}

// Check returns every broken link, sorted by target. Each link is looked
// up where it is: a site's pages link to the same few targets thousands of
// times, and most links arrive.
func (c *Checker) Check() []Broken {
	// The pages are checked on every core, each goroutine with the
	// targets it found good (most links, to the menus and lists, are on
	// many pages) and broken.
	type found struct {
		good   map[string]bool
		broken map[string]*Broken
	}
	var mu sync.Mutex
	var all []*found
	pool.EachWith(len(c.linkers), func() *found {
		f := &found{good: map[string]bool{}, broken: map[string]*Broken{}}
		mu.Lock()
		all = append(all, f)
		mu.Unlock()
		return f
	}, func(f *found, i int) {
		l := c.linkers[i]
		for _, target := range l.links {
			if f.good[target] {
				continue
			}
			if br := f.broken[target]; br != nil {
				br.From = append(br.From, l.url)
			} else if reason := c.reason(target); reason != nil {
				f.broken[target] = &Broken{Target: target, From: []string{l.url}, Reason: reason}
			} else {
				f.good[target] = true
			}
		}
	})
	broken := map[string]*Broken{}
	for _, f := range all {
		for target, br := range f.broken {
			if b := broken[target]; b != nil {
				b.From = append(b.From, br.From...)
			} else {
				broken[target] = br
			}
		}
	}
	out := make([]Broken, 0, len(broken))
	for _, br := range broken {
		slices.Sort(br.From)
		br.From = slices.Compact(br.From)
		out = append(out, *br)
	}
	slices.SortFunc(out, func(a, b Broken) int { return strings.Compare(a.Target, b.Target) })
	return out
}

// reason says why a link to target is broken, or nil when it arrives.
func (c *Checker) reason(target string) *diag.Message {
	p, frag, _ := strings.Cut(target, "#")
	file := strings.TrimPrefix(p, "/")
	if file == "" || strings.HasSuffix(file, "/") {
		file += "index.html"
	}
	switch {
	case !c.files[file]:
		if c.files[file+"/index.html"] {
			return diag.Msg("the page's URL ends with a slash: %s/", p)
		}
		return diag.Msg("no such page or file")
	case frag != "" && c.docs[file] != nil && !slices.Contains(c.docs[file].IDs, frag):
		return diag.Msg("the page has no element with id %s", frag)
	}
	return nil
}
