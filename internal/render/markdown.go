package render

import (
	"bytes"
	"cmp"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"sats/internal/diag"
	"sats/internal/load"
	"sats/internal/locale"
	"sats/internal/model"
)

// newMarkdown configures the one goldmark instance of a build: CommonMark
// with tables, strikethrough, autolinks, footnotes, heading ids as Norwegian
// slugs, the language's typography, and the link resolver. Raw HTML is left
// out of the output (goldmark's default), so content cannot inject markup,
// and the link resolver reports it, so that nothing is dropped silently.
func newMarkdown(loc *locale.Locale, tableLabel string) goldmark.Markdown {
	ld, rd, ls, rs := loc.Quotes()
	subs := extension.TypographicSubstitutions{
		extension.LeftDoubleQuote:  []byte(ld),
		extension.RightDoubleQuote: []byte(rd),
		extension.LeftSingleQuote:  []byte(ls),
		extension.RightSingleQuote: []byte(rs),
		extension.Apostrophe:       []byte("’"),
		extension.EnDash:           []byte("–"),
		extension.EmDash:           []byte("—"),
		extension.Ellipsis:         []byte("…"),
		extension.LeftAngleQuote:   []byte("«"),
		extension.RightAngleQuote:  []byte("»"),
	}
	return goldmark.New(
		goldmark.WithExtensions(
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)), // alignment as a class: tableWrapper
			extension.Strikethrough,
			extension.Linkify,
			extension.TaskList,
			extension.Footnote,
			extension.NewTypographer(extension.WithTypographicSubstitutions(subs)),
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(linkResolver{}, 100), util.Prioritized(imageChecker{}, 50)),
		),
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(util.Prioritized(&tableWrapper{label: tableLabel}, 100), util.Prioritized(imageRenderer{}, 100)),
		),
	)
}

// tableWrapper puts every table in a scrollable region, so that a wide table
// scrolls on a phone instead of the page, and keyboard users can scroll it.
// Each region is named by its number on the page ("Tabell 2"): landmarks need
// names of their own. Column alignment becomes a class (align-right), since
// the align attribute is obsolete and the Content-Security-Policy blocks
// style attributes.
type tableWrapper struct{ label string }

func (t *tableWrapper) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTable, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
				if cell, ok := c.(*east.TableCell); ok && entering && cell.Alignment != east.AlignNone {
					cell.SetAttributeString("class", []byte("align-"+cell.Alignment.String()))
				}
				return ast.WalkContinue, nil
			})
			_, _ = fmt.Fprintf(w, "<section class=\"table-wrap\" tabindex=\"0\" aria-label=\"%s %d\">\n<table>\n", html.EscapeString(t.label), tableNumber(n))
		} else {
			_, _ = w.WriteString("</table>\n</section>\n")
		}
		return ast.WalkContinue, nil
	})
}

// tableNumber counts the tables of a document up to and including n.
func tableNumber(n ast.Node) int {
	root := n
	for root.Parent() != nil {
		root = root.Parent()
	}
	count := 0
	_ = ast.Walk(root, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if c.Kind() == east.KindTable && entering {
			count++
			if c == n {
				return ast.WalkStop, nil
			}
		}
		return ast.WalkContinue, nil
	})
	return count
}

// docKey carries the page being converted through goldmark's parser context.
var docKey = parser.NewContextKey()

// docContext is what the link resolver needs to know about the page.
type docContext struct {
	site     *model.Site
	doc      *load.Document
	problems *diag.List
	fsys     fs.FS  // the site, for the image checker (images.go)
	reads    []Read // what the conversion read besides the document
}

// slugIDs generates heading ids as slugs, unique within a page.
type slugIDs struct{ seen map[string]int }

func (s *slugIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	id := cmp.Or(locale.Slug(string(value)), "avsnitt")
	if n := s.seen[id]; n > 0 {
		s.seen[id] = n + 1
		id = id + "-" + strconv.Itoa(n)
	} else {
		s.seen[id] = 1
	}
	return []byte(id)
}

func (s *slugIDs) Put(value []byte) { s.seen[string(value)]++ }

// convert renders a document's Markdown body.
func (r *Renderer) convert(dc *docContext) (template.HTML, []model.Heading, diag.List) {
	doc := dc.doc
	body := load.BodyOf(doc)
	var problems diag.List
	dc.problems = &problems
	if lines := bytes.Count(body, []byte("\n")); lines > MaxMarkdownLines {
		problems.Add(diag.Pos{Path: doc.Path, Line: doc.BodyLine + MaxMarkdownLines}, "the text has %d lines, more than the %d a page may have; split it into several pages", lines, MaxMarkdownLines)
		return "", nil, problems
	}
	if line, blocks, brackets := nesting(body); line > 0 {
		pos := diag.Pos{Path: doc.Path, Line: doc.BodyLine + line - 1}
		if blocks > MaxMarkdownDepth {
			problems.Add(pos, "lists and block quotes nested %d levels deep here, more than the %d allowed; nest them less deeply", blocks, MaxMarkdownDepth)
		} else {
			problems.Add(pos, "%d square brackets open at once here, more than the %d allowed; close each [ with a ], or write \\[ for a bracket that is text", brackets, MaxMarkdownBrackets)
		}
		return "", nil, problems
	}
	ctx := parser.NewContext(parser.WithIDs(&slugIDs{seen: map[string]int{}}))
	ctx.Set(docKey, dc)
	root := r.md.Parser().Parse(text.NewReader(body), parser.WithContext(ctx))
	var buf bytes.Buffer
	if err := r.md.Renderer().Render(&buf, body, root); err != nil {
		problems.Add(diag.Pos{Path: doc.Path, Line: doc.BodyLine}, "cannot render Markdown: %v", err)
	}
	return safeHTML(buf.String()), headings(root, body), problems
}

// MaxMarkdownDepth is the deepest nesting of lists and block quotes a
// Markdown body may have, and MaxMarkdownBrackets the most square brackets
// of a paragraph that may be open at once ([[[…). Both are checked before
// the body is parsed: a parser takes time and memory that grow with the
// depth (for brackets, with its square), and a few megabytes of "> > > …",
// "- - - …" or "[[[…" nest a million levels.
const (
	MaxMarkdownDepth    = 40
	MaxMarkdownBrackets = 32
)

// MaxMarkdownLines is the most lines a Markdown body may have: each line
// can be a block of its own (a heading, a table row), and a million of them
// take more than a gigabyte to build.
const MaxMarkdownLines = 100_000

// nesting estimates, line by line and outside fenced code, how deep lists
// and block quotes nest, from the markers at the start of a line ("> ",
// "- ", "1. " …, one after the other) and its indentation (two columns a
// level, before a marker), and how many square brackets of the paragraph are
// open. It stops at the first line (from 1) where either is more than its
// limit, and returns that line and the two depths there; with no such line,
// line is 0.
func nesting(body []byte) (line, blocks, brackets int) {
	var fence byte // the character of the open code fence, or 0
	for n := 1; len(body) > 0; n++ {
		l := body
		if i := bytes.IndexByte(body, '\n'); i >= 0 {
			l, body = body[:i], body[i+1:]
		} else {
			body = nil
		}
		indent := 0
		for ; len(l) > 0 && (l[0] == ' ' || l[0] == '\t'); l = l[1:] {
			if indent++; l[0] == '\t' {
				indent += 3 // a tab is four columns
			}
		}
		if len(l) >= 3 && (l[0] == '`' || l[0] == '~') && l[1] == l[0] && l[2] == l[0] {
			if fence == 0 {
				fence = l[0]
			} else if fence == l[0] {
				fence = 0
			}
			continue
		}
		switch {
		case fence != 0:
			continue
		case len(l) == 0:
			brackets = 0 // a blank line ends the paragraph
			continue
		}
		if brackets > 0 || bytes.IndexByte(l, '[') >= 0 { // most lines have no bracket
			for i := 0; i < len(l); i++ {
				switch l[i] {
				case '\\':
					i++
				case '[':
					if brackets++; brackets > MaxMarkdownBrackets {
						return n, 0, brackets
					}
				case ']':
					brackets = max(0, brackets-1)
				}
			}
		}
		d := 0
		if blockMarker(l) > 0 && len(bytes.Trim(l, "-*_ \t")) > 0 { // not a thematic break such as "- - -"
			for m := blockMarker(l); m > 0; m = blockMarker(l) {
				d++
				l = bytes.TrimLeft(l[m:], " \t")
			}
			d += indent / 2
		}
		if d > MaxMarkdownDepth || brackets > MaxMarkdownBrackets {
			return n, d, brackets
		}
	}
	return 0, 0, brackets
}

// blockMarker returns the length of the block quote or list marker at the
// start of l ("> ", "- ", "* ", "+ ", "12. ", "3) "), or 0.
func blockMarker(l []byte) int {
	if len(l) == 0 {
		return 0
	}
	switch l[0] {
	case '>':
		return 1
	case '-', '*', '+':
		if len(l) == 1 || l[1] == ' ' || l[1] == '\t' {
			return 1
		}
		return 0
	}
	i := 0
	for i < len(l) && i < 9 && '0' <= l[i] && l[i] <= '9' {
		i++
	}
	if i > 0 && i < len(l) && (l[i] == '.' || l[i] == ')') && (i+1 == len(l) || l[i+1] == ' ' || l[i+1] == '\t') {
		return i + 1
	}
	return 0
}

// headings lists the h2 and h3 headings of a document.
func headings(root ast.Node, src []byte) []model.Heading {
	var hs []model.Heading
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		if h.Level == 2 || h.Level == 3 {
			id, _ := h.AttributeString("id")
			idb, _ := id.([]byte)
			hs = append(hs, model.Heading{Level: h.Level, ID: string(idb), Text: plainText(h, src)})
		}
		return ast.WalkSkipChildren, nil
	})
	return hs
}

// plainText returns the text of a node's inline children.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch t := c.(type) {
			case *ast.Text:
				b.Write(t.Segment.Value(src))
				if t.SoftLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(t.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
