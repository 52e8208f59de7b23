package build

import (
	"strings"
	"sync"

	"sats/internal/diag"
	"sats/internal/search"
)

// searchFiles puts the index of every search page (a page with the layout
// "search") into the table of outputs, next to the page: one file, or when
// the site is large a manifest, its shards and chunks (package search). The
// names of those files are known once the index is made, so they join the
// table when the files are first needed (outputs.later), while the other
// files are made: a page of the preview is not kept waiting for the index.
// A build (with a target) starts making it at once, beside the digest, and
// waits for it before it returns (builder.background). It holds the text
// of the pages, so it is made after the markdown step. Pages whose source
// is the same as in the previous build are taken from there (search.Cache
// compares the whole source), so the index is the same as one made from
// nothing.
func (b *builder) searchFiles() {
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
		job := &indexJob{prev: b.prev.searchCache(s.Lang)}
		b.memo.setSearch(s.Lang, job)
		var (
			files []search.File
			cache *search.Cache
			err   error
			once  sync.Once
			made  = make(chan struct{})
		)
		index := func() {
			once.Do(func() {
				b.background.Go(func() {
					defer close(made)
					files, cache, err = search.Index(s, b.content, b.bodySum, job.prev, b.opts.Cache.step("search"))
				})
			})
		}
		if b.target != nil {
			// A build makes the index now, beside the steps before the
			// files (the digest); its files join the table when the
			// files are made, as in the preview, so the table's order
			// does not depend on when it is done.
			index()
		}
		job.late = b.outs.later(func() error {
			index()
			<-made
			if err != nil {
				return diag.Errorf(diag.Pos{Path: dirs[0] + search.ManifestName}, "cannot build the search index: %v", err)
			}
			job.cache = cache
			for _, dir := range dirs {
				for _, f := range files {
					b.outs.addData(dir+f.Name, generated, f.Data)
				}
			}
			return nil
		})
	}
}

// indexJob is the making of a site's search index, and its cache for the
// next build.
type indexJob struct {
	prev  *search.Cache
	late  *lateJob
	cache *search.Cache
}

// made returns the cache of the index, made now if it is not made yet; if
// it could not be made, the one it started from.
func (j *indexJob) made() *search.Cache {
	j.late.finish()
	if j.cache == nil {
		return j.prev
	}
	return j.cache
}
