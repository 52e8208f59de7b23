package build

import (
	"regexp"
	"strings"
	"testing"

	"sats/internal/model"
)

const headersSite = `
-- static/css/site.css --
body { color: black; }
-- static/bilder/kart.svg --
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>
-- layouts/page.html --
{{define "main"}}<link rel="stylesheet" href="{{asset "css/site.css"}}"><h1>{{.Title}}</h1>{{end}}
-- content/om.md --
---
title: Om
---
Tekst.
`

func TestBuildWritesTheHeadersOfEveryFile(t *testing.T) {
	b := buildSite(t, headersSite).ok()
	css := regexp.MustCompile(`/css/site\.[0-9a-f]{10}\.css`).FindString(string(b.out.Files["om/index.html"]))
	if css == "" {
		t.Fatalf("om/index.html does not load a fingerprinted stylesheet:\n%s", b.out.Files["om/index.html"])
	}
	b.file("_headers",
		"/*\n  Content-Security-Policy: default-src 'self';",
		css+"\n  Cache-Control: public, max-age=31536000, immutable",
		"/css/site.css\n  Cache-Control: public, max-age=0, must-revalidate",
		"/om/*\n  Cache-Control: public, max-age=0, must-revalidate",
		"/bilder/*\n  Cache-Control: public, max-age=0, must-revalidate",
		"/data/*\n  Access-Control-Allow-Origin: *",
		"! unsafe-inline",
		"! /_headers", // the file does not list itself
	)
	b.file("nginx-headers.conf", "location ^~ /data/ {", "add_header Cache-Control \"public, max-age=31536000, immutable\" always;")
}

func TestPreviewBuildWritesTheHeadersToo(t *testing.T) {
	st, _, err := Rebuild(siteFS(headersSite), nil, nil, Options{Model: model.Options{Now: testNow}})
	if err != nil {
		t.Fatal(err)
	}
	data, ok := st.File("_headers")
	if !ok || !strings.Contains(string(data), "/om/*") {
		t.Errorf("the in-memory build has no _headers with the pages:\n%s", data)
	}
}
