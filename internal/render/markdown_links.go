package render

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"sats/internal/diag"
	"sats/internal/load"
	"sats/internal/model"
)

// linkResolver rewrites links to Markdown files into links to their pages and
// refuses link targets that could run script.
type linkResolver struct{}

func (linkResolver) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	dc, _ := pc.Get(docKey).(*docContext)
	if dc == nil {
		return
	}
	src := reader.Source()
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			l.Destination = dc.resolve(l, l.Destination, src)
		case *ast.Image:
			l.Destination = dc.resolve(l, l.Destination, src)
			if len(bytes.TrimSpace([]byte(plainText(l, src)))) == 0 {
				dc.problems.Add(dc.pos(l, src), "image %s has no alt text; write a short description between the brackets: ![description](%s)", l.Destination, l.Destination)
			}
		case *ast.AutoLink:
			dc.check(n, string(l.URL(src)), src)
		case *ast.RawHTML:
			var b []byte
			for i := 0; i < l.Segments.Len(); i++ {
				seg := l.Segments.At(i)
				b = append(b, seg.Value(src)...)
			}
			dc.rawHTML(n, b, src)
		case *ast.HTMLBlock:
			if l.Lines().Len() > 0 {
				line := l.Lines().At(0)
				dc.rawHTML(n, line.Value(src), src)
			}
		}
		return ast.WalkContinue, nil
	})
}

// pos finds the line and column of a node in the file: from the node's own
// offset in the body (a link's [), else from the first text below it or the
// block that holds it (line only). The front matter's lines count.
func (dc *docContext) pos(n ast.Node, src []byte) diag.Pos {
	if off := n.Pos(); off >= 0 && off <= len(src) {
		return bodyPos(dc.doc, src, off)
	}
	if raw, ok := n.(*ast.RawHTML); ok && raw.Segments.Len() > 0 && raw.Segments.At(0).Start <= len(src) {
		return bodyPos(dc.doc, src, raw.Segments.At(0).Start)
	}
	offset := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering && offset < 0 {
			offset = t.Segment.Start
		}
		return ast.WalkContinue, nil
	})
	for b := n; offset < 0 && b != nil; b = b.Parent() {
		if b.Type() == ast.TypeBlock && b.Lines().Len() > 0 {
			offset = b.Lines().At(0).Start
		}
	}
	line := dc.doc.BodyLine
	if offset > 0 && offset <= len(src) {
		line += bytes.Count(src[:offset], []byte("\n"))
	}
	return diag.Pos{Path: dc.doc.Path, Line: line}
}

// bodyPos returns the position in the file of byte off of a document's body:
// its line, and its column counted in characters.
func bodyPos(doc *load.Document, body []byte, off int) diag.Pos {
	before := body[:off]
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return diag.Pos{
		Path: doc.Path,
		Line: doc.BodyLine + bytes.Count(before, []byte("\n")),
		Col:  utf8.RuneCount(before[lineStart:]) + 1,
	}
}

// LinkPos is a link of a page's Markdown body: its target as the page's HTML
// has it (links to .md files made page URLs) and where it is written.
type LinkPos struct {
	Target string
	Pos    diag.Pos
}

// Links returns the links and images of a page's Markdown body with their
// positions in the file, in the order of the text, so that a link the build
// finds broken in the HTML is reported where it is written. It parses the
// body again: it is meant for reporting problems, not for every build.
func (r *Renderer) Links(p *model.Page) []LinkPos {
	if p.Doc == nil {
		return nil
	}
	var ignored diag.List // reported when the page was converted
	dc := &docContext{site: r.site, doc: p.Doc, problems: &ignored, fsys: r.fsys}
	ctx := parser.NewContext(parser.WithIDs(&slugIDs{seen: map[string]int{}}))
	ctx.Set(docKey, dc)
	src := load.BodyOf(p.Doc)
	root := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	var out []LinkPos
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			out = append(out, LinkPos{string(l.Destination), dc.pos(l, src)})
		case *ast.Image:
			out = append(out, LinkPos{string(l.Destination), dc.pos(l, src)})
		case *ast.AutoLink:
			out = append(out, LinkPos{string(l.URL(src)), dc.pos(l, src)})
		}
		return ast.WalkContinue, nil
	})
	return out
}

// rawHTML reports HTML written in Markdown, which is left out of the page.
func (dc *docContext) rawHTML(n ast.Node, code []byte, src []byte) {
	snippet := []rune(strings.TrimSpace(string(code)))
	if len(snippet) > 40 {
		snippet = append(snippet[:40], '…')
	}
	dc.problems.Add(dc.pos(n, src), "HTML %q is not allowed in Markdown and would be left out of the page; write it in Markdown ([text](url), ![alt](/path)) or remove it", string(snippet))
}

// allowedSchemes are the URL schemes a link may have; a link without one
// is a path of the site or an #anchor.
var allowedSchemes = []string{"http", "https", "mailto", "tel"}

// check refuses a link target whose scheme is not allowed, judged as a
// browser reads the target: HTML entities and percent-encoding decoded,
// tabs and line breaks removed (&#106;avascript&colon; is javascript:).
func (dc *docContext) check(n ast.Node, dest string, src []byte) bool {
	scheme, _, ok := strings.Cut(strings.ToLower(asBrowserReads(dest)), ":")
	if ok && !strings.ContainsAny(scheme, "/?#") && !slices.Contains(allowedSchemes, scheme) {
		dc.problems.Add(dc.pos(n, src), "link target %q uses %s:, which is not allowed; link with https:, mailto: or a path", dest, scheme)
		return false
	}
	return true
}

// asBrowserReads decodes a link target the way it reaches a browser's URL
// parser: HTML entities, then percent-encoding; tabs and line breaks are
// dropped and leading and trailing spaces and control characters trimmed,
// as the URL standard does.
func asBrowserReads(dest string) string {
	s := html.UnescapeString(dest)
	if u, err := url.PathUnescape(s); err == nil {
		s = html.UnescapeString(u)
	}
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	return strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
}

func (dc *docContext) resolve(n ast.Node, dest []byte, src []byte) []byte {
	d := string(dest)
	if !dc.check(n, d, src) {
		return []byte("#")
	}
	target, frag, _ := strings.Cut(d, "#")
	if strings.Contains(target, ":") || strings.HasPrefix(target, "/") || !strings.HasSuffix(target, ".md") {
		return dest
	}
	file := path.Join(path.Dir(dc.doc.Path), target)
	url := pageURL(dc.site, file)
	dc.reads = append(dc.reads, Read{ReadPage, file, url})
	if url == "" {
		dc.problems.Add(dc.pos(n, src), "link to %s: no published page comes from %s; correct the file name, or link to the page's URL", target, file)
		return dest
	}
	if frag != "" {
		return []byte(fmt.Sprintf("%s#%s", url, frag))
	}
	return []byte(url)
}
