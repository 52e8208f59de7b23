package search

import (
	"strings"

	"sats/internal/cache"
)

// The pages of an index in a store (cache.Values): under the SHA-256 of every field of
// their source, which is all makePage reads.

const storeFormat = "sats-search-page-1"

func (src source) key() [32]byte {
	content := "content " + src.content
	if src.contentSum != "" {
		content = "sum " + src.contentSum
	}
	return cache.Key(storeFormat, string(src.kind), src.title, src.url, src.summary,
		src.date, src.shown, src.meta, content, src.extra)
}

func (p *page) encode() []byte {
	var e cache.Encoder
	e.Blob(p.json)
	e.Uint(uint64(p.titleWords))
	e.String(p.date)
	e.String(p.title)
	e.String(p.terms)
	e.Blob(p.fields)
	return e.Bytes()
}

// decodePage returns the page an encode wrote, or nil if value is not one.
func decodePage(value []byte) *page {
	d := cache.NewDecoder(value)
	// json and fields are read only: slices of the store's value.
	p := &page{json: d.Bytes(), titleWords: int(d.Uint()), date: d.String(), title: d.String(), terms: d.String(), fields: d.Bytes()}
	if d.Err() != nil || len(p.fields) != countTerms(p.terms) {
		return nil
	}
	return p
}

// countTerms counts the terms of a page's terms string.
func countTerms(terms string) int {
	if terms == "" {
		return 0
	}
	return 1 + strings.Count(terms, " ")
}
