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

// PageCache keeps what `sats build` needs to take a page from the output of
// the build before it instead of rendering it again, so that a build after
// an edit renders only the pages the edit changes. Its index (.cache/pages/
// index in the site's folder) holds, for each page of the last build, under
// a key that covers everything the page's layout can read:
//
//	the format of the cache and the running program (its Go build ID)
//	the render options, the layouts and every file of static/
//	the model of every language without the Markdown bodies (hash.go),
//	  which holds the settings, records, titles, dates, summaries and tags
//	  and which pages are published at the build's time
//	the page's URL and its own converted Markdown body
//
// the page's output path and the SHA-256 of its bytes, its links and ids for
// the link check, and the keys of the assets and share images it registered
// (render.Renderer.Replay). The bytes themselves are not copied: a kept page
// is read from the previous output, and used only when its SHA-256 is the
// one the index holds, so a page deleted or changed there is rendered again.
// The index starts with the SHA-256 of its content, checked when it is
// read: a damaged index is an empty one. It is written once, when a build
// has put its output in place, and holds that build's pages only.
//
// A layout reads no other page's body (render.Renderer.UseBodies), so an
// edit to the text of one post changes the key of that page only; an edit
// to a title changes the model, and so every key. The preview server keeps
// its pages in memory instead (Memo).
type PageCache struct {
	dir  string
	exe  [32]byte // the hash of the running program's identity
	prev fs.FS    // the output of the build before, where kept pages are read

	mu    sync.Mutex
	index map[string]*pageEntry // the index of the build before, by key
	used  map[string]*pageEntry // the pages of this build, by key
}

// pageCacheFormat names the format of the entries and of their keys.
const pageCacheFormat = "sats-page-cache-1"

// OpenPageCache returns the page cache in dir (made when first written),
// reading kept pages from previous, the output of the last build (nil for
// none). It refuses a folder that is a symbolic link, or whose parent is:
// writes would land elsewhere.
func OpenPageCache(dir string, previous fs.FS) (*PageCache, error) {
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
	c := &PageCache{dir: dir, exe: sha256.Sum256(id), prev: previous, used: map[string]*pageEntry{}}
	c.index = c.readIndex()
	return c, nil
}

// indexName is the file of the index in the cache's folder.
const indexName = "index"

// readIndex returns the index the last build wrote; an index that is
// missing, of another format or damaged is an empty one.
func (c *PageCache) readIndex() map[string]*pageEntry {
	index := map[string]*pageEntry{}
	raw, err := os.ReadFile(filepath.Join(c.dir, indexName))
	if err != nil {
		return index
	}
	head, data, ok := bytes.Cut(raw, []byte("\n"))
	sum := sha256.Sum256(data)
	if !ok || string(head) != pageCacheFormat+" "+hex.EncodeToString(sum[:]) {
		return index
	}
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&index); err != nil {
		return map[string]*pageEntry{}
	}
	return index
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

// pageEntry is what the index keeps of a page.
type pageEntry struct {
	Path       string   // the output path of the page
	Sum        [32]byte // the SHA-256 of the page as the build wrote it
	Links, IDs []string // links.Doc, for the link check
	Registered []string // the assets and share images the page asked for
}

// get returns the page under key from the previous output, if the index
// has it at path and the bytes there are the ones the index names.
func (c *PageCache) get(key, path string) ([]byte, *pageEntry, bool) {
	c.mu.Lock()
	e := c.index[key]
	c.mu.Unlock()
	if e == nil || e.Path != path || c.prev == nil {
		return nil, nil, false
	}
	data, err := fs.ReadFile(c.prev, path)
	if err != nil || sha256.Sum256(data) != e.Sum {
		return nil, nil, false
	}
	c.note(key, e)
	return data, e, true
}

// put notes a page this build rendered, with its bytes.
func (c *PageCache) put(key string, e *pageEntry, data []byte) {
	e.Sum = sha256.Sum256(data)
	c.note(key, e)
}

// begin starts a build's use of the cache. A PageCache serves one build
// at a time.
func (c *PageCache) begin() {
	c.mu.Lock()
	c.used = map[string]*pageEntry{}
	c.mu.Unlock()
}

func (c *PageCache) note(key string, e *pageEntry) {
	c.mu.Lock()
	c.used[key] = e
	c.mu.Unlock()
}

// save writes the index of this build's pages, once its output is in
// place, and removes what earlier formats of the cache and unfinished
// writes left in the folder.
func (c *PageCache) save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if entries, err := os.ReadDir(c.dir); err == nil {
		for _, e := range entries {
			if e.Type().IsRegular() && (isEntryName(e.Name()) || strings.HasPrefix(e.Name(), ".tmp-")) {
				_ = os.Remove(filepath.Join(c.dir, e.Name()))
			}
		}
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(c.used); err != nil {
		return err
	}
	sum := sha256.Sum256(buf.Bytes())
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return diag.Msg("cannot keep the page cache: %w; check that .cache/pages can be written", err)
	}
	tmp, err := os.CreateTemp(c.dir, ".tmp-*")
	if err != nil {
		return diag.Msg("cannot keep the page cache: %w; check that .cache/pages can be written", err)
	}
	_, err = fmt.Fprintf(tmp, "%s %x\n", pageCacheFormat, sum)
	if err == nil {
		_, err = tmp.Write(buf.Bytes())
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(c.dir, indexName))
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return diag.Msg("cannot keep the page cache: %w; check that .cache/pages can be written", err)
	}
	c.index = c.used
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

// makePage renders a page, or takes it from the previous output when the
// page cache holds it under its key, and notes its links for the link check.
func (b *builder) makePage(o *output) {
	p, r := o.page, b.rs[o.page.Site]
	var key string
	if b.siteKey != nil {
		key = b.pageKey(p)
		if data, e, ok := b.opts.Pages.get(key, o.name); ok {
			if o.err = r.Replay(e.Registered); o.err == nil {
				o.data, o.doc = data, &links.Doc{Links: e.Links, IDs: e.IDs}
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
		b.opts.Pages.put(key, &pageEntry{Path: o.name, Links: o.doc.Links, IDs: o.doc.IDs, Registered: registered}, o.data)
	}
}

// isEntryName reports whether name could be an entry of the page cache's
// earlier format, a file per page.
func isEntryName(name string) bool {
	return len(name) == 2*sha256.Size && strings.Trim(name, "0123456789abcdef") == ""
}
