package render

import (
	"bytes"
	"regexp"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"sats/internal/diag"
	"sats/internal/load"
	"sats/internal/model"
)

// fuzzSite builds the model of the minimal test site with the data set of the
// corpus of bad inputs, and a renderer for it.
func fuzzSite(f *testing.F) (*model.Page, *Renderer) {
	f.Helper()
	fsys := fstest.MapFS{}
	for _, name := range []string{"../../testdata/minimal-site.txtar", "../../testdata/bad/_base.txtar"} {
		a, err := txtar.ParseFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range a.Files {
			fsys[file.Name] = &fstest.MapFile{Data: file.Data}
		}
	}
	in, err := load.Load(fsys, model.FrontMatterSchemas())
	if err != nil {
		f.Fatal(err)
	}
	site, err := model.New(in, model.Options{Now: time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		f.Fatal(err)
	}
	model.Link([]*model.Site{site})
	r, err := New(site, in, parseLayouts(f, in), Options{})
	if err != nil {
		f.Fatal(err)
	}
	page := site.PageByURL("/om/")
	if page == nil || page.Doc == nil {
		f.Fatal("the test site has no page /om/ with a Markdown file")
	}
	return page, r
}

// unsafe matches link targets that could run script in a tag of the rendered
// HTML (text is escaped: a < in the output starts a tag).
var unsafe = regexp.MustCompile(`(?i)<[^>]*\s(href|src)\s*=\s*["']?\s*(javascript|vbscript|data):`)

// FuzzMarkdownLinks converts arbitrary Markdown with the site's goldmark
// configuration and link resolver. No input may panic; every problem is at a
// line of the body; no link target that runs script and no raw HTML tag from
// the input reaches the output.
func FuzzMarkdownLinks(f *testing.F) {
	for _, s := range []string{
		"Se [fondet](/prosjekter/fjellfond/) og [nyheten](nyheter/forste.md#detaljer).",
		"[x](javascript:alert(1)) [y](JaVaScRiPt:x) [z](  vbscript:x) ![bilde](data:image/png;base64,AA==)",
		"![](/bilder/kart.png)\n\n![Kart](bilder/kart.png \"tittel\")",
		"[a](../om.md) [b](./finnes-ikke.md#x) [c](nyheter/forste.md#) [d](<nyheter/forste.md>)",
		"<script>alert(1)</script>\n\n<a href=\"javascript:x\">y</a> <img src=x onerror=alert(1)>",
		"[ref]\n\n[ref]: javascript:alert(1)\n\n<https://example.org/> www.example.org mailto:a@b.no",
		"| a | b |\n|---|---|\n| [x](om.md) | ![y](/y.png) |\n\n[^1]\n\n[^1]: fotnote [z](nyheter/forste.md)",
		"## Overskrift\n\n## Overskrift\n\n- [ ] oppgave\n- [x] ferdig\n\n\"sitat\" -- tankestrek...",
	} {
		f.Add([]byte(s))
	}
	page, r := fuzzSite(f)
	orig := *page.Doc
	f.Fuzz(func(t *testing.T, body []byte) {
		doc := orig
		load.SetBody(&doc, body)
		page.Doc, page.Content, page.Headings = &doc, "", nil
		err := r.Markdown(page)
		lines := bytes.Count(body, []byte("\n")) + 1
		for _, p := range diag.Problems(err) {
			if p.Path != doc.Path || p.Line < doc.BodyLine || p.Line > doc.BodyLine+lines {
				t.Errorf("problem outside the body (lines %d–%d): %v", doc.BodyLine, doc.BodyLine+lines, p)
			}
		}
		out := string(page.Content)
		if m := unsafe.FindString(out); m != "" {
			t.Errorf("the output links with %q:\n%s", m, out)
		}
		if bytes.Contains(bytes.ToLower([]byte(out)), []byte("<script")) {
			t.Errorf("raw HTML reached the output:\n%s", out)
		}
	})
}
