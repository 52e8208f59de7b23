package build

import (
	"html/template"
	"strconv"

	"sats/internal/cache"
	"sats/internal/load"
	"sats/internal/model"
	"sats/internal/render"
)

// The conversions of Markdown in the build cache (cache.go): under the
// running program, the Markdown configuration and the SHA-256 of the file
// the document was read from (load.SourceSum), or else the document's
// path, the line its body starts at and its body, which is all
// render.Renderer.Convert reads of the document; what it reads of the site
// is kept with it (Converted.Reads) and asked again before use (Holds). A
// conversion that found problems is not kept, so that every build reports
// them.

const markdownFormat = "sats-markdown-2"

func (c *Cache) markdownKey(r *render.Renderer, doc *load.Document) [32]byte {
	if sum, ok := load.SourceSum(doc); ok { // made of the document's whole file
		return cache.Key(markdownFormat, string(c.exe[:]), r.MarkdownKey(), "source", string(sum[:]))
	}
	return cache.Key(markdownFormat, string(c.exe[:]), r.MarkdownKey(), doc.Path, strconv.Itoa(doc.BodyLine), string(load.BodyOf(doc)))
}

// storedConversion returns the conversion of doc the build cache holds.
func (c *Cache) storedConversion(r *render.Renderer, doc *load.Document) *render.Converted {
	if c == nil {
		return nil
	}
	v, ok := c.store.Get(c.markdownKey(r, doc))
	if !ok {
		return nil
	}
	d := cache.NewDecoder(v)
	conv := &render.Converted{Key: d.String(), Content: template.HTML(d.String())}
	for n := d.Uint(); n > 0 && d.OK(); n-- {
		conv.Headings = append(conv.Headings, model.Heading{Level: int(d.Uint()), ID: d.String(), Text: d.String()})
	}
	for n := d.Uint(); n > 0 && d.OK(); n-- {
		conv.Reads = append(conv.Reads, render.Read{Kind: render.ReadKind(d.Uint()), Key: d.String(), Value: d.String()})
	}
	sum := d.String()
	if d.Err() != nil || len(sum) != len(conv.Sum) {
		return nil
	}
	copy(conv.Sum[:], sum)
	return conv
}

// keepConversion keeps a conversion without problems in the build cache.
func (c *Cache) keepConversion(r *render.Renderer, doc *load.Document, conv *render.Converted) {
	if c == nil || c.readOnly || len(conv.Problems) > 0 {
		return
	}
	var e cache.Encoder
	e.String(conv.Key)
	e.String(string(conv.Content))
	e.Uint(uint64(len(conv.Headings)))
	for _, h := range conv.Headings {
		e.Uint(uint64(h.Level))
		e.String(h.ID)
		e.String(h.Text)
	}
	e.Uint(uint64(len(conv.Reads)))
	for _, rd := range conv.Reads {
		e.Uint(uint64(rd.Kind))
		e.String(rd.Key)
		e.String(rd.Value)
	}
	e.Blob(conv.Sum[:])
	c.store.Put(c.markdownKey(r, doc), e.Bytes())
}

// step returns the build cache as one step sees it, or nil: the step's
// keys are made with its name and the running program's identity, so that
// another version of sats makes every value again.
func (c *Cache) step(name string) cache.Values {
	if c == nil {
		return nil
	}
	return stepStore{c, name}
}

type stepStore struct {
	c    *Cache
	name string
}

func (s stepStore) key(k [32]byte) [32]byte {
	return cache.Key(s.name, string(s.c.exe[:]), string(k[:]))
}

func (s stepStore) Get(k [32]byte) ([]byte, bool) { return s.c.store.Get(s.key(k)) }
func (s stepStore) Put(k [32]byte, v []byte) {
	if !s.c.readOnly {
		s.c.store.Put(s.key(k), v)
	}
}
