package headers

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestFingerprinted(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"css/site.1a2b3c4d5e.css", true},
		{"js/filter.0123456789.js", true},
		{"resized/bilder/kart-480w.abcdef0123.png", true},
		{"css/site.css", false},
		{"css/site.1a2b3c4d.css", false},     // too short a hash
		{"css/site.1A2B3C4D5E.css", false},   // asset() writes lower case
		{"nyheter/index.html", false},        // no hash
		{"data/tall-2025.1a2b3c4d5e", false}, // no extension after the hash
	}
	for _, tt := range tests {
		if got := Fingerprinted(tt.name); got != tt.want {
			t.Errorf("Fingerprinted(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCSPAllowsNothingInlineAndNothingFromOtherHosts(t *testing.T) {
	var policy string
	for _, h := range Security() {
		if h.Name == "Content-Security-Policy" {
			policy = h.Value
		}
	}
	for _, bad := range []string{"unsafe-inline", "unsafe-eval", "*", "http:", "https:", "data:"} {
		if strings.Contains(policy, bad) {
			t.Errorf("the policy allows %s: %s", bad, policy)
		}
	}
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'",
		"frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'", "object-src 'none'"} {
		if !strings.Contains(policy, want) {
			t.Errorf("the policy lacks %q: %s", want, policy)
		}
	}
}

func TestSecurityHeadersAreAllThere(t *testing.T) {
	h := SecurityHeader()
	for _, name := range []string{"Content-Security-Policy", "Strict-Transport-Security", "Referrer-Policy",
		"X-Content-Type-Options", "Permissions-Policy", "Cross-Origin-Opener-Policy"} {
		if h.Get(name) == "" {
			t.Errorf("no %s header", name)
		}
	}
	if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options: %s, want nosniff", got)
	}
}

func TestForGivesEachFileItsCacheLifetime(t *testing.T) {
	p := Policy{DataDirs: []string{"data", "en/data"}}
	tests := []struct {
		name      string
		wantCache string
		wantCORS  bool
	}{
		{"index.html", CacheRevalidate, false},
		{"om/index.html", CacheRevalidate, false},
		{"css/site.1a2b3c4d5e.css", CacheImmutable, false},
		{"css/site.css", CacheRevalidate, false},
		{"data/arbeidsplasser.csv", CacheRevalidate, true},
		{"en/data/jobs.json", CacheRevalidate, true},
		{"database/index.html", CacheRevalidate, false}, // "data" is a folder, not a prefix
	}
	for _, tt := range tests {
		h := p.For(tt.name)
		if got := h.Get("Cache-Control"); got != tt.wantCache {
			t.Errorf("%s: Cache-Control %q, want %q", tt.name, got, tt.wantCache)
		}
		if got := h.Get("Access-Control-Allow-Origin") == "*"; got != tt.wantCORS {
			t.Errorf("%s: readable from other origins = %v, want %v", tt.name, got, tt.wantCORS)
		}
		if h.Get("Content-Security-Policy") == "" {
			t.Errorf("%s: no Content-Security-Policy", tt.name)
		}
	}
}

// netlifyFor returns the headers that a _headers file gives a request path,
// as Netlify and Cloudflare Pages read it: the headers of every matching
// rule, a header set by two rules joined with ", ".
func netlifyFor(file []byte, urlPath string) http.Header {
	h := http.Header{}
	var match bool
	for _, line := range strings.Split(string(file), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
		case !strings.HasPrefix(line, " "):
			if prefix, ok := strings.CutSuffix(trimmed, "*"); ok {
				match = strings.HasPrefix(urlPath, prefix)
			} else {
				match = trimmed == urlPath
			}
		case match:
			name, value, _ := strings.Cut(trimmed, ":")
			name, value = http.CanonicalHeaderKey(strings.TrimSpace(name)), strings.TrimSpace(value)
			if old := h.Get(name); old != "" {
				value = old + ", " + value
			}
			h.Set(name, value)
		}
	}
	return h
}

// urlPath is the request path that serves an output file.
func urlPath(name string) string {
	if name == "index.html" {
		return "/"
	}
	if dir, ok := strings.CutSuffix(name, "/index.html"); ok {
		return "/" + dir + "/"
	}
	return "/" + name
}

func TestNetlifyFileGivesEveryFileTheHeadersOfFor(t *testing.T) {
	files := []string{
		"index.html", "404.html", "robots.txt", "sitemap.xml",
		"css/site.css", "css/site.1a2b3c4d5e.css", // a mixed folder
		"js/filter.0123456789.js", "js/search.9876543210.js", // only fingerprinted
		"resized/bilder/kart-480w.abcdef0123.png", "resized/bilder/kart-800w.abcdef0123.png",
		"om/index.html", "nyheter/index.html", "nyheter/a/index.html", "nyheter/index.xml",
		"data/index.html", "data/jobs.csv", "en/index.html", "en/data/index.html",
		"bilder/kart.png", "bilder/ikon.5555555555.svg", // mixed below the root
	}
	p := Policy{DataDirs: []string{"data", "en/data"}}
	file := p.Netlify(files)
	for _, name := range files {
		got, want := netlifyFor(file, urlPath(name)), p.For(name)
		for k := range want {
			if got.Get(k) != want.Get(k) {
				t.Errorf("%s: _headers gives %s: %q, want %q", urlPath(name), k, got.Get(k), want.Get(k))
			}
		}
		for k := range got {
			if want.Get(k) == "" {
				t.Errorf("%s: _headers gives %s, which For does not", urlPath(name), k)
			}
		}
	}
	// One rule for a folder whose files are all alike.
	for _, rule := range []string{"\n/js/*\n", "\n/resized/*\n", "\n/nyheter/*\n"} {
		if !strings.Contains(string(file), rule) {
			t.Errorf("_headers lacks the rule %q:\n%s", strings.TrimSpace(rule), file)
		}
	}
}

func TestNginxLocationsRepeatTheSecurityHeaders(t *testing.T) {
	conf := string(Policy{DataDirs: []string{"data", "en/data"}}.Nginx())
	blocks := regexp.MustCompile(`(?s)\nlocation ([^\n]+?) \{\n(.*?)\n\}`).FindAllStringSubmatch(conf, -1)
	byName := map[string]string{}
	var names []string
	for _, b := range blocks {
		byName[b[1]] = b[2]
		names = append(names, b[1])
		for _, h := range Security() {
			if !strings.Contains(b[2], "add_header "+h.Name+" ") {
				t.Errorf("location %s lacks %s", b[1], h.Name)
			}
		}
		if strings.Count(b[2], "add_header Cache-Control") != 1 {
			t.Errorf("location %s does not set Cache-Control once", b[1])
		}
		if strings.Count(b[2], "add_header") != strings.Count(b[2], " always;") {
			t.Errorf("location %s has a header without always (error responses would lack it)", b[1])
		}
	}
	want := []string{"^~ /data/", "^~ /en/data/", `~ "` + nginxFingerprint + `"`, `~ "/atom\.xml$"`, `~ "/index\.xml$"`, "= /404.html", "/"}
	if !slices.Equal(names, want) {
		t.Fatalf("locations %q, want %q", names, want)
	}
	for _, d := range []string{"^~ /data/", "^~ /en/data/"} {
		if !strings.Contains(byName[d], `Access-Control-Allow-Origin "*"`) {
			t.Errorf("the data location %s is not readable from other origins", d)
		}
	}
	if !strings.Contains(byName[want[2]], CacheImmutable) || !strings.Contains(byName["/"], CacheRevalidate) {
		t.Errorf("the cache lifetimes are not where they belong:\n%s", conf)
	}
	if !strings.Contains(byName[want[3]], `default_type "application/atom+xml"`) || !strings.Contains(byName[want[4]], `default_type "application/rss+xml"`) {
		t.Errorf("the feeds do not get their media types:\n%s", conf)
	}
	if !strings.Contains(byName["= /404.html"], `if ($request_uri ~ "^/(data|en/data)/")`) {
		t.Errorf("the 404 page does not give the data folders their CORS header:\n%s", byName["= /404.html"])
	}
	for _, line := range []string{
		"if ($scheme = http) {\n    return 301 https://$host$request_uri;\n}",
		"    text/csv csv;\n", "    application/ld+json jsonld;\n",
		"    application/vnd.openxmlformats-officedocument.spreadsheetml.sheet xlsx;\n",
		"charset_types text/css text/javascript application/json application/ld+json application/manifest+json text/csv application/xml text/plain image/svg+xml application/atom+xml application/rss+xml;",
		"location = /.sats-output { return 404; }",
	} {
		if !strings.Contains(conf, line) {
			t.Errorf("nginx-headers.conf lacks %q", line)
		}
	}
}

func TestNginxFingerprintPatternIsTheSameAsGo(t *testing.T) {
	re := regexp.MustCompile(nginxFingerprint)
	for _, name := range []string{"/css/site.1a2b3c4d5e.css", "/css/site.css", "/a.1a2b3c4d5.css", "/x.abcdef0123.png", "/om/"} {
		if re.MatchString(name) != Fingerprinted(name) {
			t.Errorf("%s: nginx pattern says %v, Fingerprinted says %v", name, re.MatchString(name), Fingerprinted(name))
		}
	}
}
