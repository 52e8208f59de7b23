package build

import (
	"sync"

	"sats/internal/load"
	"sats/internal/render"
	"sats/internal/search"
)

// Memo keeps what the pure steps of one build made, for the next build of
// the same site (the preview server rebuilding after an edit). Each result is
// kept with everything it was made from, and used again only when that is the
// same:
//
//	layouts   parsed templates, under the hash of every layout file
//	markdown  a document's HTML, under the document (an edit reads the file
//	          again into a new one) and the language, with every page and
//	          image the conversion looked up, each looked up again before use
//	figures   a figure's chart and downloads, under a hash of the figure, the
//	          data and the settings it is made of; the catalog under the
//	          hash of all the figures' keys
//	search    the search index's entries, each under the whole of its source
//
// A Memo can therefore make a build faster, never different: the same
// files give the same output with or without it (the tests compare).
// A build reads the previous build's Memo and fills its own, with only the
// entries it used or made, so a Memo never grows beyond one site.
type Memo struct {
	mu       sync.Mutex
	layouts  *render.Layouts
	markdown map[mdKey]*render.Converted
	figures  map[[32]byte]*publishedFigure
	search   map[string]*indexJob // by language
}

type mdKey struct {
	doc  *load.Document
	lang string
}

func newMemo() *Memo {
	return &Memo{markdown: map[mdKey]*render.Converted{}, figures: map[[32]byte]*publishedFigure{}, search: map[string]*indexJob{}}
}

func (m *Memo) converted(k mdKey) *render.Converted {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.markdown[k]
}

func (m *Memo) keepConverted(k mdKey, c *render.Converted) {
	m.mu.Lock()
	m.markdown[k] = c
	m.mu.Unlock()
}

func (m *Memo) parsedLayouts(key [32]byte) *render.Layouts {
	if m == nil || m.layouts == nil || m.layouts.Key != key {
		return nil
	}
	return m.layouts
}

func (m *Memo) publishedFigure(key [32]byte) *publishedFigure {
	if m == nil {
		return nil
	}
	return m.figures[key]
}

func (m *Memo) searchCache(lang string) *search.Cache {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	j := m.search[lang]
	m.mu.Unlock()
	if j == nil {
		return nil
	}
	return j.made()
}

func (m *Memo) setSearch(lang string, j *indexJob) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.search[lang] = j
}
