package build

import (
	"strings"
	"sync"

	"sats/internal/diag"
	"sats/internal/model"
	"sats/internal/search"
)

// search writes the index of every search page (a page with the layout
// "search") next to it. It runs after the markdown step, since the index
// holds the text of the pages. The entries of pages that did not change are
// taken from the previous build (search.Cache), so an incremental build gives
// the same index as a full one.
//
// In memory (Rebuild, the preview server) the index is made when it is first
// read, not when the site is built: a reload after an edit does not wait for
// an index of every page that no open tab may ask for.
func (b *builder) search() error {
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
		var prev *search.Cache
		if b.prev != nil {
			prev = b.prev.searchCache(s.Lang)
		}
		idx := &lazyIndex{site: s, prev: prev}
		b.searchIndexes[s.Lang] = idx
		for _, name := range names {
			if lt := b.lazyTarget(); lt != nil {
				lt.WriteLazy(name, idx.get)
				b.check.AddFile(name)
				continue
			}
			data, err := idx.get()
			if err != nil {
				return diag.Errorf(diag.Pos{Path: name}, "cannot build the search index: %v", err)
			}
			if err := b.target.WriteFile(name, data); err != nil {
				return err
			}
			b.check.AddFile(name)
			b.count(&b.res.Files, len(data))
		}
	}
	return nil
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

// lazyTarget is a Target that can take a file made only when it is read.
type lazyTarget interface {
	WriteLazy(name string, make func() ([]byte, error))
}

// lazyTarget returns the build's target as a lazyTarget, or nil. Behind the
// recorder of the headers step, it notes the name there too.
func (b *builder) lazyTarget() lazyTarget {
	t := b.target
	rec, _ := t.(*recorder)
	if rec != nil {
		t = rec.Target
	}
	lt, ok := t.(lazyTarget)
	if !ok {
		return nil
	}
	if rec == nil {
		return lt
	}
	return recordedLazy{rec, lt}
}

type recordedLazy struct {
	rec *recorder
	lt  lazyTarget
}

func (r recordedLazy) WriteLazy(name string, make func() ([]byte, error)) {
	r.rec.note(name)
	r.lt.WriteLazy(name, make)
}
