package load

import (
	"bytes"
	"cmp"
	"errors"
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
	Body     []byte
	BodyLine int // the line of the file the body starts at

	front     *yaml.Node // the front matter, until Load has checked it
	frontLine int        // lines of the file before the front matter
	slug      string     // computed once, when the file is read
}

// Slug returns the last part of the document's URL: the front matter's slug,
// else the file name, made a slug (æ → ae, spaces → -).
func (d *Document) Slug() string { return d.slug }

// IsIndex reports whether the document is a section's _index.md.
func (d *Document) IsIndex() bool { return d.Name == "_index" }

// FrontMatter holds the keys a page may set. The common keys (title, date,
// summary, tags, draft, slug, weight, layout) are those most static site
// generators understand.
type FrontMatter struct {
	Title      string    `yaml:"title"`
	Date       Date      `yaml:"date"` // a day, a month, a season or a year
	Lastmod    time.Time `yaml:"lastmod"`
	ExpiryDate time.Time `yaml:"expiryDate"`
	Summary    string    `yaml:"summary"`
	Tags       []string  `yaml:"tags"`
	Draft      bool      `yaml:"draft"`
	Slug       string    `yaml:"slug"`
	Weight     int       `yaml:"weight"`
	Layout     string    `yaml:"layout"`

	// News posts: the focus areas and projects the post is about.
	FocusAreas []Ref `yaml:"focusAreas"`
	Projects   []Ref `yaml:"projects"`

	// Where the page's facts come from (news posts and reports).
	Source SourceRef `yaml:"source"`

	// Reports.
	Publisher   string       `yaml:"publisher"`
	Period      string       `yaml:"period"`
	TOC         bool         `yaml:"toc"`
	Attachments []Attachment `yaml:"attachments"`

	// Events.
	Place string `yaml:"place"` // where the event is held

	Pos diag.Pos `yaml:"-"`
}

// Attachment is a file that belongs to a report.
type Attachment struct {
	Title  string   `yaml:"title,required"`
	File   string   `yaml:"file,required"` // path below static/
	Format string   `yaml:"format"`
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
	src, err := readText(in.FS, name)
	if err != nil {
		return nil, err
	}
	doc, err := ParseDocument(name, src, in.Location)
	if doc != nil {
		err = errors.Join(err, in.checkFrontMatter(doc, err))
	}
	return doc, err
}

// ParseDocument splits a Markdown file into front matter and body and decodes
// the front matter. Lines in errors are lines of the whole file. Dates without
// a zone are read in loc.
func ParseDocument(name string, src []byte, loc *time.Location) (*Document, error) {
	rel := strings.TrimPrefix(name, ContentDir+"/")
	doc := &Document{Path: name, Rel: rel, Name: strings.TrimSuffix(path.Base(rel), ".md"), BodyLine: 1}
	if dir := path.Dir(rel); dir != "." {
		doc.Section, _, _ = strings.Cut(dir, "/")
	}
	if base, lang, ok := strings.Cut(doc.Name, "."); ok && len(lang) == 2 {
		doc.Name, doc.Lang = base, lang
	}
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
	doc.Body = body
	doc.BodyLine = bytes.Count(src[:len(src)-len(body)], []byte("\n")) + 1
	node, problems := decodeYAMLNode(name, fm, offset, loc, &doc.Front)
	doc.front, doc.frontLine = node, offset // for the schema check of Load
	doc.slug = locale.Slug(cmp.Or(doc.Front.Slug, doc.Name))
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
