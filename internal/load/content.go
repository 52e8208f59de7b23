package load

import (
	"bytes"
	"cmp"
	"errors"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/adrg/frontmatter"
	"go.yaml.in/yaml/v3"

	"sats/internal/diag"
	"sats/internal/locale"
	"sats/internal/pool"
)

// Document is one Markdown file of content/.
type Document struct {
	Path     string // e.g. content/nyheter/kvinnegnist.md
	Rel      string // below content/, e.g. nyheter/kvinnegnist.md
	Section  string // first folder below content/, "" at the top
	Name     string // file name without the language and .md: om for om.en.md
	Lang     string // the language of a translation (om.en.md → en); "" for the site's language
	Front    FrontMatter
	BodyLine int // the line of the file the body starts at

	// body is the Markdown after the front matter, read with BodyOf: a
	// function, so that no layout reaches a document's raw text.
	body []byte

	sum       [32]byte   // with a store: the key of the document in it (SourceSum)
	front     *yaml.Node // the front matter, until Load has checked it
	frontLine int        // lines of the file before the front matter
	slug      string     // computed once, when the file is read
}

// BodyOf returns the Markdown of a document, after its front matter. It is a
// function of the package rather than a method, so that templates, which
// can call the methods of what they reach, cannot read it.
func BodyOf(d *Document) []byte { return d.body }

// SourceSum returns the SHA-256 of everything a document was read from
// (its path, its bytes, the site's time zone and its schema), when it was
// loaded with a store (LoadStored); false otherwise.
func SourceSum(d *Document) ([32]byte, bool) { return d.sum, d.sum != [32]byte{} }

// SetBody replaces the Markdown of a document (for tests and tools that make
// documents of their own).
func SetBody(d *Document, body []byte) { d.body = body }

// Slug returns the last part of the document's URL: the front matter's slug,
// else the file name, made a slug (æ → ae, spaces → -).
func (d *Document) Slug() string { return d.slug }

// IsIndex reports whether the document is a section's _index.md.
func (d *Document) IsIndex() bool { return d.Name == "_index" }

// FrontMatter holds the keys a page may set. The common keys (title, date,
// summary, tags, draft, slug, weight, layout) are those most static site
// generators understand. Which of them a kind of page takes, and which it
// must have, says frontMatterKinds.
type FrontMatter struct {
	Title      string    `yaml:"title" schema:"minLength=1" doc:"The page title." example:"Tittel på saken" fix:"write the page's title"`
	Date       Date      `yaml:"date" doc:"Publication date; a time without a zone is in the site's time zone. A date in the future keeps the page out until then." example:"2024-03-08"`
	Lastmod    time.Time `yaml:"lastmod" doc:"The date of the last significant change."`
	ExpiryDate time.Time `yaml:"expiryDate" doc:"The page is left out from this date."`
	Summary    string    `yaml:"summary" doc:"One or two plain sentences, shown in lists, feeds and as the meta description."`
	Tags       []string  `yaml:"tags" schema:"texts" doc:"Subjects; each tag gets a page."`
	Draft      bool      `yaml:"draft" doc:"true keeps the page out of the published site."`
	Slug       string    `yaml:"slug" schema:"slug" doc:"Overrides the last part of the URL (default: from the file name)."`
	Weight     int       `yaml:"weight" doc:"Ordering among free pages and reports (lower first)."`
	Layout     string    `yaml:"layout" schema:"layout" doc:"Use layouts/<layout>.html instead of the kind's default."`

	// News posts: the focus areas and projects the post is about.
	FocusAreas []Ref `yaml:"focusAreas" doc:"Ids from data/focus_areas.yaml: the post is listed on those focus areas' pages."`
	Projects   []Ref `yaml:"projects" doc:"Ids from data/projects.yaml: the post is listed on those projects' pages."`

	// Where the page's facts come from (news posts and reports).
	Source SourceRef `yaml:"source" doc:"Where the page's facts come from: {doc: <id in data/sources.yaml>, at: \"<chapter, table or section>\"}."`

	// Reports.
	Publisher   string       `yaml:"publisher" doc:"Who published the report."`
	Period      string       `yaml:"period" doc:"The period the report covers, e.g. 2021–2024."`
	TOC         bool         `yaml:"toc" doc:"true shows a table of contents."`
	Attachments []Attachment `yaml:"attachments" doc:"Files that belong to the report; each file is a path below static/."`

	// Events.
	Place string `yaml:"place" schema:"minLength=1" doc:"Where the event is held." example:"Ål kulturhus" fix:"name the place, or leave the key out"`

	Pos diag.Pos `yaml:"-"`
}

// Attachment is a file that belongs to a report.
type Attachment struct {
	Title  string   `yaml:"title" schema:"required,nonEmptyText" example:"Sluttrapport (PDF)"`
	File   string   `yaml:"file" schema:"required,staticPath"` // path below static/
	Format string   `yaml:"format" doc:"The file format shown with the link (default: from the file name), e.g. PDF."`
	Pos    diag.Pos `yaml:"-"`
}

func (in *Input) loadContent() error {
	var names []string
	err := walk(in.FS, ContentDir, func(name string) error {
		if !strings.HasSuffix(name, ".md") {
			return diag.Errorf(diag.Pos{Path: name}, "content/ holds only Markdown (.md) pages; put images and other files in static/")
		}
		names = append(names, name)
		return nil
	})
	// Reading and parsing the pages is most of a large site's load: do it on
	// every core, keeping the documents in path order.
	docs := make([]*Document, len(names))
	errs := make([]error, len(names))
	pool.Each(len(names), func(i int) { docs[i], errs[i] = in.readDocument(names[i]) })
	for _, d := range docs {
		if d != nil {
			in.Docs = append(in.Docs, d)
		}
	}
	return errors.Join(append([]error{err}, errs...)...)
}

// readDocument reads, parses and checks one Markdown file.
func (in *Input) readDocument(name string) (*Document, error) {
	info, err := fs.Lstat(in.FS, name)
	if err == nil && in.store != nil {
		if doc := in.unchangedDocument(name, info); doc != nil {
			return doc, nil
		}
	}
	readAt := in.clock() // before reading: a later change is not trusted to show
	var src []byte
	if err == nil {
		src, err = readChecked(in.FS, name, info)
	} else {
		src, info, err = readTextInfo(in.FS, name) // says what is wrong
	}
	if err != nil {
		return nil, err
	}
	if in.store == nil {
		return in.parseDocument(name, src)
	}
	key := in.docKey(name, src)
	doc := in.storedDocument(key, name, src)
	if doc == nil {
		if doc, err = in.parseDocument(name, src); err != nil {
			return doc, err
		}
		in.keepDocument(key, doc)
	}
	doc.sum = key
	in.keepFacts(name, info, key, readAt)
	return doc, nil
}

// parseDocument parses and checks one Markdown file.
func (in *Input) parseDocument(name string, src []byte) (*Document, error) {
	doc, err := ParseDocument(name, src, in.Location)
	if doc != nil {
		err = errors.Join(err, in.checkFrontMatter(doc, err))
	}
	return doc, err
}

// newDocument returns the document of the file name, with what its name
// tells: its section, name and language.
func newDocument(name string) *Document {
	rel := strings.TrimPrefix(name, ContentDir+"/")
	doc := &Document{Path: name, Rel: rel, Name: strings.TrimSuffix(path.Base(rel), ".md"), BodyLine: 1}
	if dir := path.Dir(rel); dir != "." {
		doc.Section, _, _ = strings.Cut(dir, "/")
	}
	if base, lang, ok := strings.Cut(doc.Name, "."); ok && len(lang) == 2 {
		doc.Name, doc.Lang = base, lang
	}
	return doc
}

func (d *Document) setSlug() { d.slug = locale.Slug(cmp.Or(d.Front.Slug, d.Name)) }

// ParseDocument splits a Markdown file into front matter and body and decodes
// the front matter. Lines in errors are lines of the whole file. Dates without
// a zone are read in loc.
func ParseDocument(name string, src []byte, loc *time.Location) (*Document, error) {
	doc := newDocument(name)
	var fm []byte
	format := frontmatter.NewFormat("---", "---", func(data []byte, v any) error {
		fm = data
		return nil
	})
	body, err := frontmatter.Parse(bytes.NewReader(src), nil, format)
	if err != nil {
		return nil, diag.Errorf(diag.Pos{Path: name}, "cannot read front matter: %w", err)
	}
	first := firstLine(src)
	if fm == nil {
		if first == "---" {
			return nil, diag.Errorf(diag.Pos{Path: name, Line: 1}, "the front matter is not closed; add a line with only --- after the last front matter key")
		}
		return nil, diag.Errorf(diag.Pos{Path: name, Line: 1}, "no front matter; start the file with a line ---, then keys such as title: …, then a line ---")
	}
	// Lines before the front matter: the opening --- and any blank lines.
	fmStart := bytes.Index(src, []byte("---\n")) + len("---\n")
	offset := bytes.Count(src[:fmStart], []byte("\n"))
	// The body is the end of src: keep that, not the parser's copy of it.
	if bytes.HasSuffix(src, body) {
		body = src[len(src)-len(body):]
	}
	doc.body = body
	doc.BodyLine = bytes.Count(src[:len(src)-len(body)], []byte("\n")) + 1
	node, problems := decodeYAMLNode(name, fm, offset, loc, &doc.Front)
	doc.front, doc.frontLine = node, offset // for the schema check of Load
	doc.setSlug()
	if doc.Front.Pos.Line == 0 {
		doc.Front.Pos = diag.Pos{Path: name, Line: offset + 1, Col: 1}
	}
	return doc, problems.Err()
}

func firstLine(src []byte) string {
	for len(src) > 0 {
		line, rest, _ := bytes.Cut(src, []byte("\n"))
		if t := bytes.TrimSpace(line); len(t) > 0 {
			return string(t)
		}
		src = rest
	}
	return ""
}
