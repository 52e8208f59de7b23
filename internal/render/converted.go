package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"

	"sats/internal/diag"
	"sats/internal/load"
	"sats/internal/model"
)

// Converted is a Markdown document as HTML, with its problems and what the
// conversion read besides the document and the Markdown configuration: the
// pages its links were resolved to, and the image files it measured. It is a
// pure function of those, so a later build may use it again for the same
// document as long as Holds says every read gives the same answer.
type Converted struct {
	Key      string // the Markdown configuration it was made with
	Content  template.HTML
	Headings []model.Heading
	Problems diag.List
	Reads    []Read
	// Sum is the SHA-256 of Content and Headings: what the page cache and
	// the search index key a page's body by.
	Sum [32]byte
}

// BodySum returns the SHA-256 of a converted body and its headings.
func BodySum(content template.HTML, headings []model.Heading) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%d:%s\x00", len(content), content)
	for _, hd := range headings {
		fmt.Fprintf(h, "%d %q %q\x00", hd.Level, hd.ID, hd.Text)
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// Read is one answer the conversion of a document read from the site.
type Read struct {
	Kind  ReadKind
	Key   string // a content file (ReadPage) or a file of static/ (ReadStatic)
	Value string // the page's URL, or the file's hash; "" when there is none
}

// ReadKind is what a Read asked.
type ReadKind uint8

const (
	ReadPage   ReadKind = iota + 1 // which page comes from a content file
	ReadStatic                     // what a file of static/ holds
)

// Convert converts a document's Markdown body to HTML and reports broken or
// unsafe links at their lines.
func (r *Renderer) Convert(doc *load.Document) *Converted {
	dc := &docContext{site: r.site, doc: doc, fsys: r.fsys}
	content, headings, problems := r.convert(dc)
	return &Converted{Key: r.mdKey, Content: content, Headings: headings, Problems: problems, Reads: dc.reads, Sum: BodySum(content, headings)}
}

// Holds reports whether c, converted by an earlier build, is what Convert
// would give now: the same Markdown configuration, and every read giving the
// same answer on this renderer's site.
func (r *Renderer) Holds(c *Converted) bool {
	if c.Key != r.mdKey {
		return false
	}
	for _, rd := range c.Reads {
		var v string
		switch rd.Kind {
		case ReadPage:
			v = pageURL(r.site, rd.Key)
		case ReadStatic:
			v = fileHash(r.fsys, rd.Key)
		}
		if v != rd.Value {
			return false
		}
	}
	return true
}

// pageURL is the URL of the page made from a content file, in the site's
// language or else in the site's own; "" if there is none.
func pageURL(s *model.Site, file string) string {
	page := s.PageForDoc(file)
	if page == nil && s.Default != nil {
		page = s.Default.PageForDoc(file) // a page not translated into this language
	}
	if page == nil {
		return ""
	}
	return page.URL
}

// fileHash is the hash of a file of static/, or "" if it cannot be read.
func fileHash(fsys fs.FS, name string) string {
	data, err := fs.ReadFile(fsys, load.StaticDir+"/"+name)
	if err != nil {
		return ""
	}
	return hashOf(data)
}

func hashOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// MarkdownKey is what the Markdown configuration of the renderer is made
// of: a conversion made with another key is not one this renderer makes.
func (r *Renderer) MarkdownKey() string { return r.mdKey }
