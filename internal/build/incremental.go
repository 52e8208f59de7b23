package build

import (
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"

	"sats/internal/links"
	"sats/internal/load"
	"sats/internal/model"
	"sats/internal/render"
	"sats/internal/search"
)

// State is a finished build kept in memory: its input, its model and every
// output file. The preview server serves it and builds the next one from it.
// A State is never changed once Rebuild has returned it.
type State struct {
	in     *load.Input
	site   *model.Site
	sites  []*model.Site
	files  map[string][]byte
	lazy   map[string]func() ([]byte, error) // files made when first read (the search index)
	scans  map[string]*links.Doc
	rs     map[string]*render.Renderer // by language, for the next build to reuse
	search map[string]*lazyIndex       // by language, the search index
}

// File returns an output file of the build. A file made on demand (the
// search index) is made now; if that fails, it is reported as missing.
func (s *State) File(name string) ([]byte, bool) {
	if data, ok := s.files[name]; ok {
		return data, true
	}
	if make, ok := s.lazy[name]; ok {
		data, err := make()
		return data, err == nil
	}
	return nil, false
}

// Files lists the output files, sorted.
func (s *State) Files() []string {
	names := slices.Collect(maps.Keys(s.files))
	for name := range s.lazy {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// searchCache returns what the next build's search index can start from.
func (s *State) searchCache(lang string) *search.Cache {
	if x := s.search[lang]; x != nil {
		return x.made()
	}
	return nil
}

// Site returns the model of the build.
func (s *State) Site() *model.Site { return s.site }

// Rebuild builds the site in memory. With a previous state and the files
// changed since (slash-separated paths from the site root), it reads only the
// changed files again and renders only the pages that depend on them; the
// result is the same as a full build. With prev nil it builds everything.
func Rebuild(fsys fs.FS, prev *State, changed []string, opts Options) (*State, *Result, error) {
	out := &snapshot{files: map[string][]byte{}, lazy: map[string]func() ([]byte, error){}}
	b := &builder{fsys: fsys, target: out, opts: opts, res: &Result{}, check: links.NewChecker(),
		prev: prev, changed: map[string]bool{}, scans: map[string]*links.Doc{}, searchIndexes: map[string]*lazyIndex{}}
	for _, c := range changed {
		b.changed[c] = true
	}
	res, err := b.run()
	if err != nil {
		return nil, res, err
	}
	rs := map[string]*render.Renderer{}
	for s, r := range b.rs {
		rs[s.Lang] = r
	}
	return &State{in: b.in, site: b.site, sites: b.sites, files: out.files, scans: b.scans, rs: rs, search: b.searchIndexes, lazy: out.lazy}, res, nil
}

// snapshot is the in-memory Target of Rebuild.
type snapshot struct {
	mu    sync.Mutex
	files map[string][]byte
	lazy  map[string]func() ([]byte, error) // files made when first read
}

func (s *snapshot) WriteLazy(name string, make func() ([]byte, error)) {
	s.mu.Lock()
	s.lazy[name] = make
	s.mu.Unlock()
}

func (s *snapshot) WriteFile(name string, data []byte) error {
	s.mu.Lock()
	s.files[name] = data
	s.mu.Unlock()
	return nil
}
func (s *snapshot) Commit() error { return nil }
func (s *snapshot) Abort() error  { return nil }

// previous returns the page of the previous build at p's URL, or nil.
func (b *builder) previous(p *model.Page) *model.Page {
	if b.prev == nil {
		return nil
	}
	for _, s := range b.prev.sites {
		if old := s.PageByURL(p.URL); old != nil {
			return old
		}
	}
	return nil
}

// reusable returns the previous build's renderer for a language if its
// parsed layouts still hold: nothing changed that templates or the renderer
// read when they were made (layouts, settings, interface strings, static
// files).
func (b *builder) reusable(lang string) *render.Renderer {
	if b.prev == nil || b.prev.rs == nil {
		return nil
	}
	for c := range b.changed {
		if !strings.HasPrefix(c, load.ContentDir+"/") && !(strings.HasPrefix(c, load.DataDir+"/") &&
			c != load.DataDir+"/site.yaml" && !strings.HasPrefix(c, load.DataDir+"/i18n")) {
			return nil
		}
	}
	return b.prev.rs[lang]
}

// mustRenderAll reports whether a change can affect every page: a first
// build, a change to the layouts, the settings, the interface strings or the
// static files (asset URLs), or a change in which pages exist (links and
// menus may point at them).
func (b *builder) mustRenderAll() bool {
	if b.prev == nil {
		return true
	}
	for c := range b.changed {
		if strings.HasPrefix(c, load.LayoutDir+"/") || c == load.LayoutDir ||
			strings.HasPrefix(c, load.StaticDir+"/") || c == load.StaticDir ||
			c == load.DataDir+"/site.yaml" || strings.HasPrefix(c, load.DataDir+"/i18n") {
			return true
		}
	}
	if len(b.prev.sites) != len(b.sites) {
		return true
	}
	var old, cur []*model.Page
	for i := range b.sites {
		old, cur = append(old, b.prev.sites[i].Pages...), append(cur, b.sites[i].Pages...)
	}
	if len(old) != len(cur) {
		return true
	}
	for i := range cur {
		if old[i].URL != cur[i].URL {
			return true
		}
	}
	return false
}

// affected reports whether a page must be rendered again: everything must,
// or the page depends on a changed file, or what it depends on has changed
// (a list whose entries moved).
func (b *builder) affected(p *model.Page) bool {
	old := b.previous(p)
	if b.all || old == nil || !slices.Equal(old.Deps, p.Deps) {
		return true
	}
	if _, ok := b.prev.files[p.Out]; !ok {
		return true
	}
	for _, d := range p.Deps {
		if b.changed[d] {
			return true
		}
		// A changed folder stands for every file below it.
		for c := range b.changed {
			if strings.HasPrefix(d, c+"/") {
				return true
			}
		}
	}
	return false
}
