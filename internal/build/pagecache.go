package build

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"sats/internal/diag"
	"sats/internal/links"
	"sats/internal/load"
	"sats/internal/model"
)

// PageCache keeps the rendered pages of `sats build` between builds, in a
// folder (.cache/pages/ in the site's folder), so that a build after an edit
// renders only the pages the edit changes. A page's entry is its final
// bytes, its links and ids for the link check, and the keys of the assets
// and share images it registered (render.Renderer.Replay), stored under a
// key that covers everything its layout can read:
//
//	the format of the cache and the running program (the hash of its file)
//	the render options, the layouts and every file of static/
//	the model of every language without the Markdown bodies (hash.go),
//	  which holds the settings, records, titles, dates, summaries and tags
//	  and which pages are published at the build's time
//	the page's URL and its own converted Markdown body
//
// A layout reads no other page's body (render.Renderer.UseBodies), so an
// edit to the text of one post changes the key of that page only; an edit
// to a title changes the model, and so every key. Each entry starts with the
// SHA-256 of its content, checked before use: an entry that is missing,
// damaged or stale is rendered again and written again. Entries a build did
// not use are removed when it ends, so the cache holds one site. The
// preview server keeps its pages in memory instead (Memo).
type PageCache struct {
	dir string
	exe [32]byte // the hash of the running program

	mu   sync.Mutex
	used map[string]bool // entry names used or written by the build
}

// pageCacheFormat names the format of the entries and of their keys.
const pageCacheFormat = "sats-page-cache-1"

// OpenPageCache returns the page cache in dir, made when first written. It
// refuses a folder that is a symbolic link, or whose parent is: writes
// would land elsewhere.
func OpenPageCache(dir string) (*PageCache, error) {
	for _, p := range []string{filepath.Dir(dir), dir} {
		if info, err := os.Lstat(p); err == nil && info.Mode()&fs.ModeSymlink != 0 {
			return nil, diag.Msg("%s is a symbolic link; the page cache is not used through links: remove the link (the cache is made again)", p)
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, diag.Msg("cannot find the running program to key the page cache: %w", err)
	}
	id, err := programID(exe)
	if err != nil {
		return nil, diag.Msg("cannot find the running program to key the page cache: %w", err)
	}
	return &PageCache{dir: dir, exe: sha256.Sum256(id), used: map[string]bool{}}, nil
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
	Data       []byte   // the page as the build writes it
	Links, IDs []string // links.Doc, for the link check
	Registered []string // the assets and share images the page asked for
}

// get returns the entry under key, if it is there and whole.
func (c *PageCache) get(key string) (*pageEntry, bool) {
	c.note(key)
	raw, err := os.ReadFile(filepath.Join(c.dir, key))
	if err != nil {
		return nil, false
	}
	head, data, ok := bytes.Cut(raw, []byte("\n"))
	sum := sha256.Sum256(data)
	if !ok || string(head) != pageCacheFormat+" "+hex.EncodeToString(sum[:]) {
		return nil, false
	}
	var e pageEntry
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&e); err != nil {
		return nil, false
	}
	return &e, true
}

// put writes the entry under key, replacing what is there.
func (c *PageCache) put(key string, e *pageEntry) error {
	c.note(key)
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(e); err != nil {
		return err
	}
	sum := sha256.Sum256(buf.Bytes())
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(c.dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(tmp, "%s %x\n", pageCacheFormat, sum)
	if err == nil {
		_, err = tmp.Write(buf.Bytes())
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(c.dir, key))
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}

// begin starts a build's use of the cache: prune keeps what is used from
// now on. A PageCache serves one build at a time.
func (c *PageCache) begin() {
	c.mu.Lock()
	c.used = map[string]bool{}
	c.mu.Unlock()
}

func (c *PageCache) note(key string) {
	c.mu.Lock()
	c.used[key] = true
	c.mu.Unlock()
}

// prune removes the entries the build did not use, and what is left of
// writes that did not finish.
func (c *PageCache) prune() error {
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return nil // no cache yet, or none to prune
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range entries {
		if !e.Type().IsRegular() || c.used[e.Name()] || !(isEntryName(e.Name()) || strings.HasPrefix(e.Name(), ".tmp-")) {
			continue
		}
		if err := os.Remove(filepath.Join(c.dir, e.Name())); err != nil {
			return diag.Msg("cannot clean the page cache: %w", err)
		}
	}
	return nil
}

// digest makes the part of every page's key that all pages share (see
// PageCache): the program, options, layouts, static files and models.
func (b *builder) digest() error {
	b.opts.Pages.begin()
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%x\x00%d:%s\x00%x\x00", pageCacheFormat, b.opts.Pages.exe, len(b.opts.Render.Inject), b.opts.Render.Inject, b.memo.layouts.Key)
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
	var models []any
	for _, s := range b.sites {
		models = append(models, *s)
		for _, p := range s.Pages {
			models = append(models, *p)
		}
	}
	hashValues(h, models...)
	b.siteKey = h.Sum(nil)
	return nil
}

// pageKey is the name of a page's entry in the cache.
func (b *builder) pageKey(p *model.Page) string {
	h := sha256.New()
	h.Write(b.siteKey)
	fmt.Fprintf(h, "%d:%s\x00", len(p.URL), p.URL)
	if c := b.bodies[p]; c != nil {
		fmt.Fprintf(h, "%d:%s\x00", len(c.Content), c.Content)
		for _, hd := range c.Headings {
			fmt.Fprintf(h, "%d %q %q\x00", hd.Level, hd.ID, hd.Text)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// makePage renders a page, or takes it from the page cache when it holds
// the page under its key, and notes its links for the link check.
func (b *builder) makePage(o *output) {
	p, r := o.page, b.rs[o.page.Site]
	var key string
	if b.siteKey != nil {
		key = b.pageKey(p)
		if e, ok := b.opts.Pages.get(key); ok {
			if o.err = r.Replay(e.Registered); o.err == nil {
				o.data, o.doc = e.Data, &links.Doc{Links: e.Links, IDs: e.IDs}
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
	if key != "" {
		e := &pageEntry{Data: o.data, Links: o.doc.Links, IDs: o.doc.IDs, Registered: registered}
		if err := b.opts.Pages.put(key, e); err != nil {
			o.err = diag.Errorf(p.Pos(), "cannot keep the page %s in the page cache: %v; check that .cache/pages can be written", p.URL, err)
		}
	}
}

// isEntryName reports whether name could be an entry of the page cache.
func isEntryName(name string) bool {
	return len(name) == 2*sha256.Size && strings.Trim(name, "0123456789abcdef") == ""
}
