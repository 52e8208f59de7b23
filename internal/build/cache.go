package build

import (
	"crypto/sha256"
	"debug/elf"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"sats/internal/cache"
	"sats/internal/diag"
	"sats/internal/links"
	"sats/internal/load"
	"sats/internal/model"
	"sats/internal/pool"
)

// Cache is the build cache of `sats build`: what a build keeps on disk for
// the next build of the same site, so that a build after an edit makes
// again only what the edit changed. It is one store (package cache) in the
// site's .cache/build folder, of values under the SHA-256 of what each was
// made from, always with the running program's identity (its Go build ID):
//
//	load      a parsed document, under its path, its bytes, the site's
//	          time zone and its schema (load.LoadStored)
//	markdown  a document's HTML, headings and their SHA-256, under the
//	          document's key and the Markdown configuration (stored.go);
//	          used only when every page and file the conversion looked up
//	          gives the same answer (render.Renderer.Holds), as in the
//	          preview's Memo
//	search    a page's entry and terms in the search index, under all of
//	          what they are made from (search.Index)
//	files     a page, feed or the sitemap: its output path and the SHA-256
//	          and size of its bytes; for a page also its links and ids for
//	          the link check and the assets and share images it registered
//	          (render.Renderer.Replay). A page's key (pageKey) covers
//	          everything its layout can read:
//
//	            the format of the cache and the running program
//	            the render options, the layouts and every file of static/
//	            the model of every language without the Markdown bodies
//	              (hash.go), which holds the settings, records, titles,
//	              dates, summaries and tags and which pages are published at
//	              the build's time
//	            the page's URL and its own converted body's SHA-256
//
//	          and a feed's (fileKey) the model and the bodies it shows.
//
// A file's bytes are not copied into the cache: where the target updates
// the output in place (write.Dir.Keep), a file whose entry names the bytes
// the output holds, unchanged since the last build, is left as it is;
// else it is read from the previous output and used only when its SHA-256
// is the one its entry holds, so a file deleted or changed there is made
// again. The store checks every value it gives (CRC-32C); a damaged value
// is a missing one. What a build adds is saved once its output is in place.
//
// A layout reads no other page's body (render.Renderer.UseBodies), so an
// edit to the text of one post changes the key of that page only (and of
// the feeds that show it); an edit to a title changes the model, and so
// every page's key. The preview server keeps its results in memory (Memo)
// and reads the cache for its first build (ReadOnly).
type Cache struct {
	store    *cache.Store
	exe      [32]byte // the hash of the running program's identity
	prev     fs.FS    // the output of the build before, where kept pages are read
	readOnly bool     // gives what the store holds, keeps nothing (ReadOnly)
}

// ReadOnly returns the cache as one that gives what it holds and keeps
// nothing. The preview server's first build takes the conversions and the
// search index's pages of the last `sats build` from it; its later builds
// keep theirs in memory (Memo).
func (c *Cache) ReadOnly() *Cache {
	return &Cache{store: c.store, exe: c.exe, readOnly: true}
}

// cacheFormat names the format of the page entries and of their keys.
const cacheFormat = "sats-page-cache-2"

// OpenCache returns the build cache in dir (made when first saved), reading
// kept pages from previous, the output of the last build (nil for none).
// It refuses a folder that is a symbolic link, or whose parent is: writes
// would land elsewhere.
func OpenCache(dir string, previous fs.FS) (*Cache, error) {
	for _, p := range []string{filepath.Dir(dir), dir} {
		if info, err := os.Lstat(p); err == nil && info.Mode()&fs.ModeSymlink != 0 {
			return nil, diag.Msg("%s is a symbolic link; the build cache is not used through links: remove the link (the cache is made again)", p)
		}
	}
	store, err := cache.Open(dir)
	if err != nil {
		return nil, diag.Msg("cannot open the build cache: %w; delete the folder %s (the cache is made again)", err, dir)
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, diag.Msg("cannot find the running program to key the build cache: %w", err)
	}
	id, err := programID(exe)
	if err != nil {
		return nil, diag.Msg("cannot find the running program to key the build cache: %w", err)
	}
	return &Cache{store: store, exe: sha256.Sum256(id), prev: previous}, nil
}

// programID identifies a program by its content. An executable made by the
// Go linker carries its build ID in an ELF note: hashes of what it was
// built from and, last, of the linked file's own content, so that two
// different programs never share it (go tool buildid prints it). Reading
// the note costs a few system calls where hashing the whole file costs
// tens of milliseconds, every build. A program without the note (another
// file format, or built with -buildid=) is identified by the SHA-256 of
// its file.
func programID(exe string) ([]byte, error) {
	if id := goBuildID(exe); len(id) > 0 {
		return append([]byte("go buildid "), id...), nil
	}
	f, err := os.Open(exe)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return append([]byte("sha256 "), h.Sum(nil)...), nil
}

// goBuildID returns the Go build ID of an ELF executable, or nil.
func goBuildID(exe string) []byte {
	f, err := elf.Open(exe)
	if err != nil {
		return nil
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return nil
	}
	data, err := sec.Data()
	if err != nil || len(data) < 12 {
		return nil
	}
	// An ELF note: the sizes of its name and description, its type, then
	// the name ("Go", padded to four bytes) and the description.
	bo := f.ByteOrder
	namesz, descsz := int(bo.Uint32(data[0:4])), int(bo.Uint32(data[4:8]))
	start := 12 + (namesz+3)&^3
	if strings.TrimRight(string(data[12:min(12+namesz, len(data))]), "\x00") != "Go" || descsz == 0 || start+descsz > len(data) {
		return nil
	}
	return data[start : start+descsz]
}

// pageEntry is what the cache keeps of a page.
type pageEntry struct {
	Path       string   // the output path of the page
	Sum        [32]byte // the SHA-256 of the page as the build wrote it
	Size       int      // its length in bytes
	Links, IDs []string // links.Doc, for the link check
	Registered []string // the assets and share images the page asked for
}

func (e *pageEntry) encode() []byte {
	var enc cache.Encoder
	enc.String(e.Path)
	enc.String(string(e.Sum[:]))
	enc.Uint(uint64(e.Size))
	enc.Strings(e.Links)
	enc.Strings(e.IDs)
	enc.Strings(e.Registered)
	return enc.Bytes()
}

func decodePageEntry(v []byte) (*pageEntry, bool) {
	d := cache.NewDecoder(v)
	e := &pageEntry{Path: d.String()}
	sum := d.String()
	e.Size = int(d.Uint())
	e.Links, e.IDs, e.Registered = d.Strings(), d.Strings(), d.Strings()
	if d.Err() != nil || len(sum) != len(e.Sum) {
		return nil, false
	}
	copy(e.Sum[:], sum)
	return e, true
}

// get returns the entry of the page under key, if the cache has it at
// path, with the page's bytes: nil when the target keeps the file as the
// last build wrote it (keeper), else read from the previous output and
// used only when they are the ones the entry names.
func (c *Cache) get(key [32]byte, path string, k keeper) ([]byte, *pageEntry, bool) {
	v, ok := c.store.Get(key)
	if !ok {
		return nil, nil, false
	}
	e, ok := decodePageEntry(v)
	if !ok || e.Path != path {
		return nil, nil, false
	}
	if k != nil && e.Size > 0 && k.Keep(path, e.Sum) {
		return nil, e, true
	}
	if c.prev == nil {
		return nil, nil, false
	}
	data, err := fs.ReadFile(c.prev, path)
	if err != nil || sha256.Sum256(data) != e.Sum {
		return nil, nil, false
	}
	return data, e, true
}

// put keeps the entry of a page this build rendered, with its bytes, and
// returns their SHA-256.
func (c *Cache) put(key [32]byte, e *pageEntry, data []byte) *[32]byte {
	e.Sum, e.Size = sha256.Sum256(data), len(data)
	c.store.Put(key, e.encode())
	return &e.Sum
}

// keeper is a Target that can keep a file of the previous output that
// this build would write with the same bytes, without the bytes
// (write.Dir when it updates the output in place).
type keeper interface {
	Keep(name string, sum [32]byte) bool
}

// sumWriter is a Target that writes a file whose SHA-256 the build knows,
// without computing it again (write.Dir).
type sumWriter interface {
	WriteSum(name string, data []byte, sum [32]byte) error
}

// Stats tells how many values this build took from the cache and how many
// it gave it.
func (c *Cache) Stats() (taken, made int) {
	if c == nil {
		return 0, 0
	}
	return c.store.Stats()
}

// Close removes what a build that failed gave the cache; after a build
// that saved it, it does nothing.
func (c *Cache) Close() {
	if c != nil {
		c.store.Close()
	}
}

// save keeps what this build made for the next, once its output is in
// place.
func (c *Cache) save() error {
	if err := c.store.Save(); err != nil {
		return diag.Msg("cannot keep the build cache: %w; check that .cache/build can be written", err)
	}
	return nil
}

// digest makes the part of every page's key that all pages share (see
// PageCache): the program, options, layouts, static files and models.
func (b *builder) digest() error {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%x\x00%d:%s\x00%x\x00", cacheFormat, b.opts.Cache.exe, len(b.opts.Render.Inject), b.opts.Render.Inject, b.memo.layouts.Key)
	for _, name := range b.in.Static {
		f, err := b.fsys.Open(load.StaticDir + "/" + name)
		if err != nil {
			return diag.Errorf(diag.Pos{Path: load.StaticDir + "/" + name}, "%v", err)
		}
		fmt.Fprintf(h, "%d:%s\x00", len(name), name)
		sum := sha256.New()
		_, err = io.Copy(sum, f)
		f.Close()
		if err != nil {
			return diag.Errorf(diag.Pos{Path: load.StaticDir + "/" + name}, "%v", err)
		}
		h.Write(sum.Sum(nil))
	}
	// The sites first, with the records and lists they hold; then the
	// pages in parallel, in chunks, each referring to those as the sites'
	// hash reached them (valueHasher.fork). Each chunk's sum goes into the
	// key, in order.
	var sites, pages []any
	for _, s := range b.sites {
		sites = append(sites, *s)
		for _, p := range s.Pages {
			pages = append(pages, *p)
		}
	}
	shared := newValueHasher(h)
	shared.add(sites...)
	const chunk = 256
	sums := make([][32]byte, (len(pages)+chunk-1)/chunk)
	pool.Each(len(sums), func(i int) {
		ch := sha256.New()
		shared.fork(ch).add(pages[i*chunk : min(len(pages), (i+1)*chunk)]...)
		ch.Sum(sums[i][:0])
	})
	for _, sum := range sums {
		h.Write(sum[:])
	}
	b.siteKey = h.Sum(nil)
	return nil
}

// pageKey is the key of a page's entry in the cache.
func (b *builder) pageKey(p *model.Page) [32]byte { return b.bodiesKey("", p) }

// fileKey is the key of a file made from the model and the bodies of some
// pages (render.Job.Bodies) in the cache.
func (b *builder) fileKey(o *output) [32]byte {
	return b.bodiesKey(fmt.Sprintf("file %d:%s\x00", len(o.name), o.name), o.bodies...)
}

// bodiesKey is the key of what is made of the model and the bodies of
// pages: the digest, head, then each page's URL and its body's SHA-256.
func (b *builder) bodiesKey(head string, pages ...*model.Page) [32]byte {
	h := sha256.New()
	h.Write(b.siteKey)
	h.Write([]byte(head))
	for _, p := range pages {
		fmt.Fprintf(h, "%d:%s\x00", len(p.URL), p.URL)
		if c := b.bodies[p]; c != nil {
			h.Write(c.Sum[:])
		}
	}
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// makeKeyed makes a file of the model and the bodies of some pages (a
// feed, the sitemap), or keeps it as the previous output holds it when
// the cache has it under its key.
func (b *builder) makeKeyed(o *output) {
	key := b.fileKey(o)
	if data, e, ok := b.opts.Cache.get(key, o.name, b.keep); ok {
		o.data, o.sum, o.kept = data, &e.Sum, e.Size
		return
	}
	if o.data, o.err = o.make(); o.err == nil {
		o.sum = b.opts.Cache.put(key, &pageEntry{Path: o.name}, o.data)
	}
}

// makePage renders a page, or takes it from the previous output when the
// page cache holds it under its key, and notes its links for the link check.
func (b *builder) makePage(o *output) {
	p, r := o.page, b.rs[o.page.Site]
	var key [32]byte
	if b.siteKey != nil {
		key = b.pageKey(p)
		if data, e, ok := b.opts.Cache.get(key, o.name, b.keep); ok {
			if o.err = r.Replay(e.Registered); o.err == nil {
				o.data, o.doc, o.sum, o.kept = data, &links.Doc{Links: e.Links, IDs: e.IDs}, &e.Sum, e.Size
				b.mu.Lock()
				b.res.Kept++
				b.mu.Unlock()
			}
			return
		}
	}
	data, registered, err := r.Render(p)
	if err != nil {
		o.err = err
		return
	}
	o.doc = links.Scan(data, b.site.Config.BaseURL, p.URL)
	o.data = r.Inject(data)
	if b.siteKey != nil {
		o.sum = b.opts.Cache.put(key, &pageEntry{Path: o.name, Links: o.doc.Links, IDs: o.doc.IDs, Registered: registered}, o.data)
	}
}
