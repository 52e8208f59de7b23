package build

import (
	"strings"
	"sync"

	"sats/internal/diag"
	"sats/internal/model"
	"sats/internal/search"
)

// searchFiles puts the index of every search page (a page with the layout
// "search") into the table of outputs, next to the page. The index holds the
// text of the pages, so it is made after the markdown step. Entries whose
// source is the same as in the previous build are taken from there
// (search.Cache compares the whole source), so the index is the same as
// one made from nothing.
func (b *builder) searchFiles() {
	for _, s := range b.sites {
		var names []string
		for _, p := range s.Pages {
			if p.Layout == search.Layout {
				names = append(names, strings.TrimPrefix(search.IndexURL(p), "/"))
			}
		}
		if len(names) == 0 {
			continue
		}
		idx := &lazyIndex{site: s, prev: b.prev.searchCache(s.Lang)}
		b.memo.search[s.Lang] = idx
		for _, name := range names {
			b.outs.add(&output{name: name, from: generated, make: func() ([]byte, error) {
				data, err := idx.get()
				if err != nil {
					return nil, diag.Errorf(diag.Pos{Path: name}, "cannot build the search index: %v", err)
				}
				return data, nil
			}})
		}
	}
}

// lazyIndex makes the search index of a site once, when first asked. It may
// be asked from several goroutines (requests to the preview server, the
// next build).
type lazyIndex struct {
	site *model.Site
	prev *search.Cache

	mu    sync.Mutex
	done  bool
	data  []byte
	cache *search.Cache
	err   error
}

func (x *lazyIndex) get() ([]byte, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.done {
		x.data, x.cache, x.err = search.Index(x.site, x.prev)
		x.done = true
	}
	return x.data, x.err
}

// made returns the cache of the index if it was made, or else the one it
// would have started from: either serves the next build.
func (x *lazyIndex) made() *search.Cache {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.cache != nil {
		return x.cache
	}
	return x.prev
}
