package headers_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"

	"sats/internal/build"
	"sats/internal/headers"
	"sats/internal/model"
)

// siteNow is the time the repository's site is built at in the tests: a
// fixed clock, so that they do not change with the day they run.
var siteNow = time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)

// The repository's own site must keep the promises of its headers: its
// Content-Security-Policy allows no inline script or style, so no page may
// have one; and its pages keep to the budgets of issue 6.
const (
	pageBudget = 50 << 10 // a page and the CSS, JS and SVG it loads, gzipped
	cssBudget  = 15 << 10 // the stylesheet, gzipped (its minified size is logged)
)

// repositorySite builds the repository's site in memory.
func repositorySite(t *testing.T) map[string][]byte {
	t.Helper()
	out := &build.Memory{}
	if _, err := build.Build(os.DirFS("../.."), out, build.Options{Model: model.Options{Now: siteNow}}); err != nil {
		t.Fatalf("the repository's site does not build:\n%v", err)
	}
	return out.Files
}

// element is a start tag and its attributes.
type element struct {
	tag   string
	attrs map[string]string
	text  string // for <script> and <style>: their content
}

// elements lists the start tags of an HTML document.
func elements(page []byte) []element {
	var els []element
	l := html.NewLexer(parse.NewInputBytes(page))
	var cur *element
	for {
		tt, data := l.Next()
		switch tt {
		case html.ErrorToken:
			return els
		case html.StartTagToken:
			els = append(els, element{tag: strings.ToLower(string(l.Text())), attrs: map[string]string{}})
			cur = &els[len(els)-1]
		case html.AttributeToken:
			if cur != nil {
				cur.attrs[strings.ToLower(string(l.Text()))] = strings.Trim(string(l.AttrVal()), `"'`)
			}
		case html.StartTagCloseToken, html.StartTagVoidToken:
			if cur != nil && cur.tag != "script" && cur.tag != "style" {
				cur = nil
			}
		case html.TextToken:
			if cur != nil {
				cur.text += string(data)
			}
		case html.EndTagToken:
			cur = nil
		}
	}
}

func pages(files map[string][]byte) []string {
	var names []string
	for name := range files {
		if strings.HasSuffix(name, ".html") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

func TestNoPageHasInlineScriptOrStyle(t *testing.T) {
	files := repositorySite(t)
	for _, name := range pages(files) {
		for _, el := range elements(files[name]) {
			if _, ok := el.attrs["style"]; ok {
				t.Errorf("%s: <%s> has a style attribute, which the Content-Security-Policy blocks; use a class", name, el.tag)
			}
			for a := range el.attrs {
				if strings.HasPrefix(a, "on") {
					t.Errorf("%s: <%s> has an event handler attribute %s, which the Content-Security-Policy blocks", name, el.tag, a)
				}
			}
			switch {
			case el.tag == "style":
				t.Errorf("%s: a <style> element, which the Content-Security-Policy blocks; put the rules in static/css/", name)
			case el.tag == "script" && el.attrs["src"] == "" && el.attrs["type"] != "application/ld+json":
				t.Errorf("%s: an inline <script>, which the Content-Security-Policy blocks; put it in static/js/", name)
			}
			if href := el.attrs["href"]; strings.HasPrefix(strings.ToLower(strings.TrimSpace(href)), "javascript:") {
				t.Errorf("%s: a javascript: link", name)
			}
		}
	}
}

func gzipSize(t *testing.T, data []byte) int {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}

func TestPagesKeepToTheirBudgets(t *testing.T) {
	files := repositorySite(t)
	heaviest, heaviestSize := "", 0
	css := map[string]bool{}
	for _, name := range pages(files) {
		size := gzipSize(t, files[name])
		var loads []string
		for _, el := range elements(files[name]) {
			var ref string
			switch {
			case el.tag == "link" && (el.attrs["rel"] == "stylesheet" || strings.Contains(el.attrs["rel"], "icon")):
				ref = el.attrs["href"]
				if el.attrs["rel"] == "stylesheet" {
					css[strings.TrimPrefix(ref, "/")] = true
				}
			case el.tag == "script" && el.attrs["src"] != "":
				ref = el.attrs["src"]
				_, deferred := el.attrs["defer"]
				_, async := el.attrs["async"]
				if !deferred && !async && el.attrs["type"] != "module" {
					t.Errorf("%s: <script src=%q> blocks rendering; load it with defer", name, ref)
				}
			case el.tag == "img" && strings.HasSuffix(el.attrs["src"], ".svg"):
				ref = el.attrs["src"]
			}
			if ref == "" || strings.Contains(ref, "://") {
				continue
			}
			data, ok := files[strings.TrimPrefix(ref, "/")]
			if !ok {
				t.Errorf("%s loads %s, which the build did not write", name, ref)
				continue
			}
			if !slices.Contains(loads, ref) {
				loads = append(loads, ref)
				size += gzipSize(t, data)
			}
		}
		if size > pageBudget {
			t.Errorf("%s and what it loads (%s) weigh %d bytes gzipped, over the budget of %d", name, strings.Join(loads, ", "), size, pageBudget)
		}
		if size > heaviestSize {
			heaviest, heaviestSize = name, size
		}
	}
	t.Logf("heaviest page: %s, %.1f kB gzipped with its CSS, JS and SVG", heaviest, float64(heaviestSize)/1024)
	if len(css) == 0 {
		t.Fatal("no page loads a stylesheet")
	}
	for name := range css {
		raw, gz := len(files[name]), gzipSize(t, files[name])
		if gz > cssBudget {
			t.Errorf("%s is %d bytes gzipped, over the budget of %d", name, gz, cssBudget)
		}
		t.Logf("%s: %.1f kB minified, %.1f kB gzipped", name, float64(raw)/1024, float64(gz)/1024)
	}
}

func TestSiteHeadersFilesCoverItsAssets(t *testing.T) {
	files := repositorySite(t)
	netlify, ok := files["_headers"]
	if !ok {
		t.Fatal("the build wrote no _headers file")
	}
	if _, ok := files["nginx-headers.conf"]; !ok {
		t.Error("the build wrote no nginx-headers.conf")
	}
	fingerprinted := 0
	for name := range files {
		if !headers.Fingerprinted(name) {
			continue
		}
		fingerprinted++
		// A rule for the file, or for a folder it is in.
		kept := strings.Contains(string(netlify), "\n/"+name+"\n  Cache-Control: "+headers.CacheImmutable+"\n")
		for i, c := range name {
			if c == '/' && strings.Contains(string(netlify), "\n/"+name[:i+1]+"*\n  Cache-Control: "+headers.CacheImmutable+"\n") {
				kept = true
			}
		}
		if !kept {
			t.Errorf("_headers does not let browsers keep %s for a year", name)
		}
	}
	if fingerprinted == 0 {
		t.Error("the site has no fingerprinted file; the layouts should load their CSS with {{asset}}")
	}
}

func TestElementsSeesInlineScriptAndStyle(t *testing.T) {
	page := []byte(`<!doctype html><html><head><style>p{}</style><script>alert(1)</script>` +
		`<script type="application/ld+json">{}</script><script src="/js/a.js" defer></script></head>` +
		`<body><p style="color:red" onclick='x()'>Hei</p><img src="/i.svg" alt=""></body></html>`)
	var got []string
	for _, el := range elements(page) {
		s := el.tag
		for _, a := range []string{"style", "onclick", "type", "src", "defer"} {
			if v, ok := el.attrs[a]; ok {
				s += " " + a + "=" + v
			}
		}
		if el.text != "" {
			s += " {" + el.text + "}"
		}
		got = append(got, s)
	}
	want := []string{"html", "head", "style {p{}}", "script {alert(1)}", "script type=application/ld+json {{}}",
		"script src=/js/a.js defer=", "body", "p style=color:red onclick=x()", "img src=/i.svg"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
