package build

import (
	"strings"

	"sats/internal/diag"
	"sats/internal/search"
)

// search writes the index of every search page (a page with the layout
// "search") next to it. It runs after the markdown step, since the index
// holds the text of the pages, and builds the index afresh every time: it
// reads every page, so an incremental build gives the same index as a full
// one.
func (b *builder) search() error {
	var problems diag.List
	for _, s := range b.sites {
		var data []byte
		for _, p := range s.Pages {
			if p.Layout != search.Layout {
				continue
			}
			if data == nil {
				var prev *search.Cache
				if b.prev != nil { // an entry is remade when anything it is made of changed
					prev = b.prev.search[s.Lang]
				}
				var err error
				var cache *search.Cache
				if data, cache, err = search.Index(s, prev); err != nil {
					problems.Add(p.Pos(), "cannot build the search index: %v", err)
					break
				}
				b.searchCache[s.Lang] = cache
			}
			name := strings.TrimPrefix(search.IndexURL(p), "/")
			if err := b.target.WriteFile(name, data); err != nil {
				return err
			}
			b.check.AddFile(name)
			b.count(&b.res.Files, len(data))
		}
	}
	return problems.Err()
}
