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
	"slices"
	"strings"
	"sync"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
)

// Doc is what a page links to and which ids it holds.
type Doc struct {
	Links []string // site-relative targets: /path/ or /path/#frag
	IDs   []string
}

// Scan reads an HTML document. Links to other hosts, and to the same site
// written absolutely with base (https://example.org/), are told apart: only
// links into the site are returned, made site-relative.
func Scan(page []byte, base string, selfURL string) Doc {
	var d Doc
	l := html.NewLexer(parse.NewInputBytes(page))
	for {
		tt, _ := l.Next()
		switch tt {
		case html.ErrorToken:
			return d
		case html.AttributeToken:
			name := string(bytes.ToLower(l.Text()))
			val := string(bytes.Trim(l.AttrVal(), `"'`))
			switch name {
			case "id":
				d.IDs = append(d.IDs, val)
			case "href", "src":
				if t, ok := internal(val, base, selfURL); ok {
					d.Links = append(d.Links, t)
				}
			case "srcset":
				for _, c := range strings.Split(val, ",") {
					if f := strings.Fields(c); len(f) > 0 {
						if t, ok := internal(f[0], base, selfURL); ok {
							d.Links = append(d.Links, t)
						}
					}
				}
			}
		}
	}
}

// internal returns the site-relative form of a link into the site.
func internal(v, base, self string) (string, bool) {
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
	mu    sync.Mutex
	files map[string]bool            // every output path
	ids   map[string]map[string]bool // output path → ids
	from  map[string][]string        // link target → pages linking to it
}

// NewChecker returns an empty checker.
func NewChecker() *Checker {
	return &Checker{files: map[string]bool{}, ids: map[string]map[string]bool{}, from: map[string][]string{}}
}

// AddFile records an output file that is not a page.
func (c *Checker) AddFile(path string) {
	c.mu.Lock()
	c.files[path] = true
	c.mu.Unlock()
}

// AddPage records a page at url, written to path, with what it links to.
func (c *Checker) AddPage(url, path string, d Doc) {
	ids := make(map[string]bool, len(d.IDs))
	for _, id := range d.IDs {
		ids[id] = true
	}
	targets := slices.Clone(d.Links)
	slices.Sort(targets)
	targets = slices.Compact(targets)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.files[path] = true
	c.ids[path] = ids
	for _, l := range targets {
		c.from[l] = append(c.from[l], url)
	}
}

// Broken is a link target that does not exist and the pages that link to it.
type Broken struct {
	Target string
	From   []string // page URLs, sorted
	Reason string
}

// Check returns every broken link, sorted by target.
func (c *Checker) Check() []Broken {
	var out []Broken
	for target, from := range c.from {
		p, frag, _ := strings.Cut(target, "#")
		file := strings.TrimPrefix(p, "/")
		if file == "" || strings.HasSuffix(file, "/") {
			file += "index.html"
		}
		reason := ""
		switch {
		case !c.files[file]:
			if c.files[file+"/index.html"] {
				reason = "the page's URL ends with a slash: " + p + "/"
			} else {
				reason = "no such page or file"
			}
		case frag != "" && c.ids[file] != nil && !c.ids[file][frag]:
			reason = "the page has no element with id " + frag
		}
		if reason != "" {
			slices.Sort(from)
			out = append(out, Broken{Target: target, From: from, Reason: reason})
		}
	}
	slices.SortFunc(out, func(a, b Broken) int { return strings.Compare(a.Target, b.Target) })
	return out
}
