package build

import (
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"sats/internal/cache"
	"sats/internal/model"
)

// buildCached builds fsys into memory with the page cache in dir, reading
// kept pages from the output of the build before, which it keeps, as sats
// build does, in a folder: dir + ".out".
func buildCached(t *testing.T, fsys fstest.MapFS, dir string, opts Options) (*Result, map[string][]byte) {
	t.Helper()
	prev := dir + ".out"
	c, err := OpenCache(dir, os.DirFS(prev))
	if err != nil {
		t.Fatal(err)
	}
	opts.Cache = c
	var out Memory
	res, err := Build(maps.Clone(fsys), &out, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(prev); err != nil {
		t.Fatal(err)
	}
	for name, data := range out.Files {
		p := filepath.Join(prev, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return res, out.Files
}

// sameOutput fails unless two builds made the same files, byte for byte.
func sameOutput(t *testing.T, got, want map[string][]byte) {
	t.Helper()
	if g, w := slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)); !slices.Equal(g, w) {
		t.Fatalf("file lists differ:\ncached %v\ncold   %v", g, w)
	}
	for name, data := range want {
		sameBytes(t, name, "cached", got[name], "cold", data)
	}
}

// A build with the page cache of the builds before it writes what a build
// from nothing writes, after every edit of the sequence the preview is
// tested with (TestPreviewEqualsBuildAfterEveryEdit); and the cache is used.
func TestPageCacheEqualsColdBuildAfterEveryEdit(t *testing.T) {
	fsys := repositoryFS(t)
	opts := Options{Model: model.Options{Now: testNow, Drafts: true, Future: true}}
	dir := filepath.Join(t.TempDir(), "pages")
	buildCached(t, fsys, dir, opts)
	kept := 0
	for i, e := range repositoryEdits(fsys) {
		ok := t.Run(fmt.Sprintf("%02d %s", i+1, e.name), func(t *testing.T) {
			e.apply(t, fsys)
			res, got := buildCached(t, fsys, dir, opts)
			kept += res.Kept
			var cold Memory
			if _, err := Build(maps.Clone(fsys), &cold, opts); err != nil {
				t.Fatal(err)
			}
			sameOutput(t, got, cold.Files)
		})
		if !ok {
			break // the edits build on each other
		}
	}
	if kept == 0 {
		t.Error("no build took a page from the cache")
	}
}

// cacheSite has posts, a list of them, an asset and a share image, so that
// a page kept from the cache must bring its files.
const cacheSite = `
-- layouts/base.html --
<!doctype html><html><head><title>{{.Title}}</title><link rel="stylesheet" href="{{asset "css/site.css"}}">{{with shareImage "#0e3640" "#ffffff"}}<meta property="og:image" content="{{.URL}}">{{end}}</head>
<body><main>{{block "main" .}}{{end}}</main></body></html>
-- static/css/site.css --
body { color: #000; }
-- content/nyheter/a.md --
---
title: Post A
date: 2025-01-02
---
Tekst A.
-- content/nyheter/b.md --
---
title: Post B
date: 2025-01-03
---
Tekst B.
`

// An edit to the text of one post renders that page only and converts its
// Markdown only; an edit to its title renders the pages again (the title is
// in the model every layout reads) and converts that post's Markdown only. A build after
// no edit renders and converts nothing and still writes the assets and
// share image the kept pages ask for.
func TestPageCacheRendersWhatChanged(t *testing.T) {
	fsys := siteFS(cacheSite)
	opts := Options{Model: model.Options{Now: testNow}}
	dir := filepath.Join(t.TempDir(), "pages")
	res, cold := buildCached(t, fsys, dir, opts)
	if res.Kept != 0 {
		t.Fatalf("an empty cache kept %d pages", res.Kept)
	}
	rendered := func(t *testing.T, want, wantConverted int) {
		t.Helper()
		res, got := buildCached(t, fsys, dir, opts)
		if n := res.Pages - res.Kept; n != want {
			t.Errorf("rendered %d of %d pages, want %d", n, res.Pages, want)
		}
		if res.Converted != wantConverted {
			t.Errorf("converted %d documents, want %d", res.Converted, wantConverted)
		}
		var fresh Memory
		if _, err := Build(maps.Clone(fsys), &fresh, opts); err != nil {
			t.Fatal(err)
		}
		sameOutput(t, got, fresh.Files)
	}
	t.Run("nothing", func(t *testing.T) {
		rendered(t, 0, 0)
		var css, share bool
		for name := range cold {
			css = css || strings.HasPrefix(name, "css/site.") && name != "css/site.css"
			share = share || strings.HasPrefix(name, "share.")
		}
		if !css || !share {
			t.Errorf("the site has no fingerprinted stylesheet (%v) or share image (%v)", css, share)
		}
	})
	t.Run("the text of a post", func(t *testing.T) {
		fsys["content/nyheter/a.md"].Data = append(slices.Clone(fsys["content/nyheter/a.md"].Data), "En setning til.\n"...)
		rendered(t, 1, 1)
	})
	t.Run("the title of a post", func(t *testing.T) {
		f := fsys["content/nyheter/b.md"]
		f.Data = []byte(strings.Replace(string(f.Data), "title: Post B", "title: Post Bee", 1))
		rendered(t, res.Pages, 1) // the conversion is kept under the whole file
	})
}

// A kept page that was changed in the output is not used, and neither is a
// damaged index or a cache that was deleted: the build writes what a build
// from nothing writes, and mends the cache.
func TestDamagedPageCacheGivesColdOutput(t *testing.T) {
	fsys := siteFS(cacheSite)
	opts := Options{Model: model.Options{Now: testNow}}
	dir := filepath.Join(t.TempDir(), "pages")
	res, cold := buildCached(t, fsys, dir, opts)
	flip := func(name string, at int) {
		t.Helper()
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		data[min(at, len(data)-1)] ^= 0x20
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Every page of the previous output changed by a byte.
	flipped := 0
	for name := range cold {
		if strings.HasSuffix(name, ".html") {
			flip(filepath.Join(dir+".out", filepath.FromSlash(name)), 40)
			flipped++
		}
	}
	if flipped != res.Pages {
		t.Fatalf("changed %d pages of %d", flipped, res.Pages)
	}
	res, got := buildCached(t, fsys, dir, opts)
	if res.Kept != 0 {
		t.Errorf("kept %d changed pages", res.Kept)
	}
	sameOutput(t, got, cold)
	if res, _ := buildCached(t, fsys, dir, opts); res.Kept != res.Pages {
		t.Errorf("after the changed pages were made again, %d of %d pages were kept", res.Kept, res.Pages)
	}
	// A byte of every value of the store changed.
	store, err := cache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range store.Offsets() {
		flip(filepath.Join(dir, cache.FileName), at)
	}
	res, got = buildCached(t, fsys, dir, opts)
	if res.Kept != 0 || res.Converted == 0 {
		t.Errorf("kept %d pages and converted %d documents with a damaged store", res.Kept, res.Converted)
	}
	sameOutput(t, got, cold)
	// The cache deleted.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	res, got = buildCached(t, fsys, dir, opts)
	if res.Kept != 0 {
		t.Errorf("kept %d pages from a deleted cache", res.Kept)
	}
	sameOutput(t, got, cold)
}

// The index holds the pages of the last build only, so the cache does not
// grow with every edit.
func TestPageCacheKeepsOnlyWhatTheBuildUsed(t *testing.T) {
	fsys := siteFS(cacheSite)
	opts := Options{Model: model.Options{Now: testNow}}
	dir := filepath.Join(t.TempDir(), "pages")
	res, _ := buildCached(t, fsys, dir, opts)
	f := fsys["content/nyheter/b.md"]
	f.Data = []byte(strings.Replace(string(f.Data), "title: Post B", "title: Post Bee", 1))
	buildCached(t, fsys, dir, opts)
	store, err := cache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n, want := len(store.Offsets()), res.Pages+res.Converted; n > 2*want {
		t.Errorf("the store holds %d values after two builds of %d pages and %d documents", n, res.Pages, res.Converted)
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 1 {
		t.Errorf("the cache's folder holds %d files (%v), want the store only", len(entries), err)
	}
}

// The running test binary is a Go ELF executable: its build ID is read from
// its note, and is the one go tool buildid prints.
func TestProgramIDIsTheGoBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	id := goBuildID(exe)
	if len(id) == 0 {
		t.Skip("no Go build ID note in", exe)
	}
	want, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	if string(id) != strings.TrimSpace(string(want)) {
		t.Errorf("build ID %q, go tool buildid says %q", id, want)
	}
	// A file that is not an executable is identified by its content.
	other := filepath.Join(t.TempDir(), "prog")
	if err := os.WriteFile(other, []byte("not a program"), 0o755); err != nil {
		t.Fatal(err)
	}
	a, err := programID(other)
	if err != nil || !strings.HasPrefix(string(a), "sha256 ") {
		t.Errorf("programID of a plain file = %q, %v; want its SHA-256", a, err)
	}
}

// The preview's first build takes the conversions of the last build from
// its cache, read only: it converts nothing and the cache stays as it was.
func TestPreviewReadsTheBuildCache(t *testing.T) {
	fsys := siteFS(cacheSite)
	opts := Options{Model: model.Options{Now: testNow}}
	dir := filepath.Join(t.TempDir(), "build")
	buildCached(t, fsys, dir, opts)
	before, err := os.ReadFile(filepath.Join(dir, cache.FileName))
	if err != nil {
		t.Fatal(err)
	}
	c, err := OpenCache(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	opts.Cache = c.ReadOnly()
	fsys["content/nyheter/a.md"].Data = append(slices.Clone(fsys["content/nyheter/a.md"].Data), "En setning til.\n"...)
	_, res, err := Rebuild(maps.Clone(fsys), nil, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Converted != 1 {
		t.Errorf("the preview converted %d documents after one was edited, want 1", res.Converted)
	}
	c.Close()
	after, _ := os.ReadFile(filepath.Join(dir, cache.FileName))
	if !slices.Equal(before, after) {
		t.Error("the preview changed the build cache")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the cache's folder holds %d files, want the store only", len(entries))
	}
}
