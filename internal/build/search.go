package build

import (
	"strings"

	"sats/internal/diag"
	"sats/internal/search"
)

// searchFiles puts the index of every search page (a page with the layout
// "search") into the table of outputs, next to the page: one file, or when
// the site is large a manifest, its shards and chunks (package search), so
// the index is made here, where the names of its files are known. It holds
// the text of the pages, so it is made after the markdown step. Pages whose
// source is the same as in the previous build are taken from there
// (search.Cache compares the whole source), so the index is the same as
// one made from nothing.
func (b *builder) searchFiles() error {
	for _, s := range b.sites {
		var dirs []string
		for _, p := range s.Pages {
			if p.Layout == search.Layout {
				dirs = append(dirs, strings.TrimPrefix(p.URL, "/"))
			}
		}
		if len(dirs) == 0 {
			continue
		}
		files, cache, err := search.Index(s, b.prev.searchCache(s.Lang))
		if err != nil {
			return diag.Errorf(diag.Pos{Path: dirs[0] + search.ManifestName}, "cannot build the search index: %v", err)
		}
		b.memo.search[s.Lang] = cache
		for _, dir := range dirs {
			for _, f := range files {
				b.outs.addData(dir+f.Name, generated, f.Data)
			}
		}
	}
	return nil
}
