// Package headers owns the HTTP response headers of a built site and writes
// them for the servers a static site is put on.
//
// Every response carries the security headers: a Content-Security-Policy that
// allows nothing inline and nothing from another host (so the pages can have
// no inline script, no inline style and no third-party resource), HSTS,
// Referrer-Policy, X-Content-Type-Options, Permissions-Policy and
// Cross-Origin-Opener-Policy. Fingerprinted files (a content hash in the name,
// css/site.1a2b3c4d5e.css) never change, so browsers may keep them for a year;
// everything else, HTML first of all, is revalidated on every visit, so that a
// published correction is seen at once. The open data folders are readable
// from other origins (Access-Control-Allow-Origin: *).
//
// Policy.For gives the headers of one file, for a server that serves the
// output itself (the preview server, the end-to-end tests). Policy.Netlify
// writes the same headers as a _headers file (Netlify, Cloudflare Pages), and
// Policy.Nginx as an nginx include file. Both are checked against For.
package headers

import (
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// Header is one response header.
type Header struct {
	Name, Value string
}

// Cache lifetimes.
const (
	// CacheImmutable is for fingerprinted files: a changed file gets a new name.
	CacheImmutable = "public, max-age=31536000, immutable"
	// CacheRevalidate is for everything else: the browser asks each time
	// (a cheap conditional request) whether the file has changed.
	CacheRevalidate = "public, max-age=0, must-revalidate"
)

// csp is the Content-Security-Policy: everything from the site itself,
// nothing inline, no plugins, no framing.
var csp = strings.Join([]string{
	"default-src 'self'",
	"img-src 'self'",
	"style-src 'self'",
	"script-src 'self'",
	"font-src 'self'",
	"connect-src 'self'",
	"frame-ancestors 'none'",
	"base-uri 'self'",
	"form-action 'self'",
	"object-src 'none'",
}, "; ")

// Security returns the headers every response carries, in a fixed order.
func Security() []Header {
	return []Header{
		{"Content-Security-Policy", csp},
		{"Strict-Transport-Security", "max-age=31536000; includeSubDomains"},
		{"Referrer-Policy", "same-origin"},
		{"X-Content-Type-Options", "nosniff"},
		{"X-Frame-Options", "DENY"},
		{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"},
		{"Cross-Origin-Opener-Policy", "same-origin"},
	}
}

// SecurityHeader returns the security headers as an http.Header.
func SecurityHeader() http.Header {
	h := http.Header{}
	for _, s := range Security() {
		h.Set(s.Name, s.Value)
	}
	return h
}

// fingerprint matches a file name with a content hash of 10 hex digits
// before its extension, as render's asset function and the resized images
// make them: css/site.1a2b3c4d5e.css.
var fingerprint = regexp.MustCompile(`\.[0-9a-f]{10}\.[A-Za-z0-9]+$`)

// nginxFingerprint is the same pattern for an nginx location.
const nginxFingerprint = `\.[0-9a-f]{10}\.[A-Za-z0-9]+$`

// Fingerprinted reports whether a file name carries a content hash.
func Fingerprinted(name string) bool { return fingerprint.MatchString(name) }

// Policy says which files get which headers.
type Policy struct {
	// DataDirs are the folders of open data (output paths such as "data" or
	// "en/data"); every file under them may be read from other origins.
	DataDirs []string
}

// For returns the headers a server sends with the output file name (a path
// relative to the output root, such as "om/index.html").
func (p Policy) For(name string) http.Header {
	h := SecurityHeader()
	if Fingerprinted(name) {
		h.Set("Cache-Control", CacheImmutable)
	} else {
		h.Set("Cache-Control", CacheRevalidate)
	}
	if p.isData(name) {
		h.Set("Access-Control-Allow-Origin", "*")
	}
	return h
}

func (p Policy) isData(name string) bool {
	for _, d := range p.DataDirs {
		if d = strings.Trim(d, "/"); d != "" && strings.HasPrefix(name, d+"/") {
			return true
		}
	}
	return false
}

// rule is one path pattern of a _headers file and its headers.
type rule struct {
	pattern string
	headers []Header
}

// Netlify returns a _headers file for the output files named in files: the
// format of Netlify and Cloudflare Pages. Since both merge the headers of
// every rule that matches a request (and may join two values of the same
// header), no two rules that match one file set the same header: the
// security headers are under /*, and the cache lifetimes are given folder
// by folder — a folder whose files are all fingerprinted, or none, gets one
// rule with a splat; a folder that mixes them gets a rule per file.
func (p Policy) Netlify(files []string) []byte {
	var b strings.Builder
	b.WriteString("# The site's response headers for Netlify and Cloudflare Pages, written by\n")
	b.WriteString("# `sats build` (package headers). Do not edit: the next build replaces it.\n")
	write := func(r rule) {
		fmt.Fprintf(&b, "\n%s\n", r.pattern)
		for _, h := range r.headers {
			fmt.Fprintf(&b, "  %s: %s\n", h.Name, h.Value)
		}
	}
	write(rule{"/*", Security()})
	for _, r := range cacheRules(newTree(files), "") {
		write(r)
	}
	for _, d := range p.DataDirs {
		if d = strings.Trim(d, "/"); d != "" {
			write(rule{"/" + d + "/*", []Header{{"Access-Control-Allow-Origin", "*"}}})
		}
	}
	return []byte(b.String())
}

// tree is a folder of output files.
type tree struct {
	files []string // names in this folder
	dirs  map[string]*tree
	fp    int // fingerprinted files in the folder and below
	all   int // files in the folder and below
}

func newTree(files []string) *tree {
	root := &tree{dirs: map[string]*tree{}}
	for _, f := range files {
		t := root
		parts := strings.Split(strings.Trim(f, "/"), "/")
		fp := Fingerprinted(f)
		for _, dir := range parts[:len(parts)-1] {
			t.count(fp)
			sub := t.dirs[dir]
			if sub == nil {
				sub = &tree{dirs: map[string]*tree{}}
				t.dirs[dir] = sub
			}
			t = sub
		}
		t.count(fp)
		t.files = append(t.files, parts[len(parts)-1])
	}
	return root
}

func (t *tree) count(fp bool) {
	t.all++
	if fp {
		t.fp++
	}
}

// cacheRules gives the Cache-Control rules of the folder at prefix ("" for
// the root, else "css/").
func cacheRules(t *tree, prefix string) []rule {
	cache := func(v string) []Header { return []Header{{"Cache-Control", v}} }
	if prefix != "" {
		switch t.fp {
		case 0:
			return []rule{{"/" + prefix + "*", cache(CacheRevalidate)}}
		case t.all:
			return []rule{{"/" + prefix + "*", cache(CacheImmutable)}}
		}
	}
	var rules []rule
	slices.Sort(t.files)
	for _, f := range t.files {
		v := CacheRevalidate
		if Fingerprinted(f) {
			v = CacheImmutable
		}
		rules = append(rules, rule{"/" + prefix + f, cache(v)})
		if f == "index.html" {
			// The folder's own URL serves its index.html.
			rules = append(rules, rule{"/" + prefix, cache(v)})
		}
	}
	for _, d := range slices.Sorted(maps.Keys(t.dirs)) {
		rules = append(rules, cacheRules(t.dirs[d], prefix+d+"/")...)
	}
	return rules
}

// MediaTypes are the media types of the kinds of file a site writes or
// copies, by extension, as a server should send them (text types in UTF-8).
// nginx gets them as its types (Debian's mime.types lacks csv, jsonld and
// webmanifest, which it then sends as application/octet-stream).
var MediaTypes = []struct{ Ext, Type string }{
	{"html", "text/html"},
	{"css", "text/css"},
	{"js", "text/javascript"},
	{"json", "application/json"},
	{"jsonld", "application/ld+json"},
	{"webmanifest", "application/manifest+json"},
	{"csv", "text/csv"},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	{"xml", "application/xml"},
	{"txt", "text/plain"},
	{"svg", "image/svg+xml"},
	{"png", "image/png"},
	{"jpg", "image/jpeg"},
	{"jpeg", "image/jpeg"},
	{"webp", "image/webp"},
	{"gif", "image/gif"},
	{"ico", "image/x-icon"},
	{"avif", "image/avif"},
	{"woff2", "font/woff2"},
	{"woff", "font/woff"},
	{"pdf", "application/pdf"},
	{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	{"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
	{"odt", "application/vnd.oasis.opendocument.text"},
	{"ods", "application/vnd.oasis.opendocument.spreadsheet"},
	{"zip", "application/zip"},
	{"mp4", "video/mp4"},
	{"webm", "video/webm"},
	{"mp3", "audio/mpeg"},
}

// Feeds are the names of the feed files of a list page and their media
// types (package render writes them).
var Feeds = []struct{ Name, Type string }{
	{"atom.xml", "application/atom+xml"},
	{"index.xml", "application/rss+xml"},
}

// nginxHidden are output files that are for the server or the generator,
// not for visitors.
var nginxHidden = []string{"_headers", "nginx-headers.conf", ".sats-output"}

// Nginx returns an nginx include file with the same headers: location
// blocks to include in the server block that serves the output folder over
// HTTPS. Plain HTTP is redirected to HTTPS, so HSTS goes out over HTTPS
// only. Since nginx drops the add_header directives of the server block in
// a location that has its own, every location repeats the security headers,
// always (error pages too). A 404 page under an open data folder keeps the
// folder's CORS header.
func (p Policy) Nginx() []byte {
	var b strings.Builder
	b.WriteString(`# The site's response headers for nginx, written by ` + "`sats build`" + ` (package
# headers). Do not edit: the next build replaces it. Include it in the server
# block that serves this folder over HTTPS, in place of its own "location /",
# and redirect plain HTTP (docs/deploy.md has the whole configuration):
#
#     server {
#         listen 80;
#         return 301 https://$host$request_uri;
#     }
#     server {
#         listen 443 ssl;
#         ssl_certificate ...; ssl_certificate_key ...;
#         root /srv/site/public;
#         error_page 404 /404.html;
#         include /srv/site/public/nginx-headers.conf;
#     }
#
# Every location repeats the security headers: nginx drops the add_header
# directives of an outer block in a block that has its own. "always" sends
# them with error responses too.

# Should this file be included where the request came over plain HTTP, it
# redirects to HTTPS: HSTS must only be sent over HTTPS.
if ($scheme = http) {
    return 301 https://$host$request_uri;
}

# The media types of every kind of file the site has (in place of
# mime.types), text in UTF-8.
types {
`)
	for _, t := range MediaTypes {
		fmt.Fprintf(&b, "    %s %s;\n", t.Type, t.Ext)
	}
	b.WriteString("}\ncharset utf-8;\ncharset_types")
	for _, t := range textTypes() {
		b.WriteString(" " + t)
	}
	b.WriteString(";\n")
	block := func(loc string, extra []Header, body string) {
		fmt.Fprintf(&b, "\nlocation %s {\n", loc)
		b.WriteString(body)
		for _, h := range append(Security(), extra...) {
			fmt.Fprintf(&b, "    add_header %s %s always;\n", h.Name, nginxQuote(h.Value))
		}
		b.WriteString("}\n")
	}
	b.WriteString("\n# Files for the server and the generator, not for visitors.\n")
	for _, name := range nginxHidden {
		fmt.Fprintf(&b, "location = /%s { return 404; }\n", name)
	}
	var dataRE []string
	for _, d := range p.DataDirs {
		if d = strings.Trim(d, "/"); d != "" {
			dataRE = append(dataRE, regexp.QuoteMeta(d))
			block("^~ /"+d+"/", []Header{{"Cache-Control", CacheRevalidate}, {"Access-Control-Allow-Origin", "*"}}, "    try_files $uri $uri/ =404;\n")
		}
	}
	block(`~ "`+nginxFingerprint+`"`, []Header{{"Cache-Control", CacheImmutable}}, "    try_files $uri =404;\n")
	for _, f := range Feeds {
		block(`~ "/`+regexp.QuoteMeta(f.Name)+`$"`, []Header{{"Cache-Control", CacheRevalidate}},
			"    types { }\n    default_type \""+f.Type+"\";\n    try_files $uri =404;\n")
	}
	// The 404 page: for a request under an open data folder (its original
	// URI is $request_uri), with that folder's CORS header.
	if len(dataRE) > 0 {
		block("= /404.html", []Header{{"Cache-Control", CacheRevalidate}, {"Access-Control-Allow-Origin", "$sats_cors"}},
			"    set $sats_cors \"\";\n    if ($request_uri ~ \"^/("+strings.Join(dataRE, "|")+")/\") {\n        set $sats_cors \"*\";\n    }\n")
	}
	block("/", []Header{{"Cache-Control", CacheRevalidate}}, "    try_files $uri $uri/ =404;\n")
	return []byte(b.String())
}

// textTypes are the text media types of MediaTypes, which carry a charset.
func textTypes() []string {
	var out []string
	for _, t := range MediaTypes {
		if (strings.HasPrefix(t.Type, "text/") || strings.HasSuffix(t.Type, "json") || strings.HasSuffix(t.Type, "xml")) && t.Type != "text/html" && !slices.Contains(out, t.Type) {
			out = append(out, t.Type) // text/html carries it already
		}
	}
	for _, f := range Feeds {
		out = append(out, f.Type)
	}
	return out
}

// nginxQuote quotes a header value for nginx.
func nginxQuote(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
}
