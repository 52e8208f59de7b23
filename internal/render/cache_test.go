package render

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestDirCacheRefusesChangedEntries: an entry whose bytes were changed or
// cut short is not used; a copy of the wrong size is made again.
func TestDirCacheRefusesChangedEntries(t *testing.T) {
	dir := filepath.Join(t.TempDir(), ".cache", "images")
	c := DirCache(dir)
	if err := c.Put("abc-480w.png", []byte("png-data")); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "abc-480w.png")
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for name, changed := range map[string][]byte{
		"other bytes":      bytes.Replace(raw, []byte("png-data"), []byte("evil-js!"), 1),
		"cut short":        raw[:len(raw)-2],
		"no header":        []byte("png-data"),
		"header, no bytes": raw[:bytes.IndexByte(raw, '\n')],
	} {
		if err := os.WriteFile(file, changed, 0o644); err != nil {
			t.Fatal(err)
		}
		if got, ok := c.Get("abc-480w.png"); ok {
			t.Errorf("%s: Get gave %q", name, got)
		}
	}

	// An entry that checks out but is not an image of the copy's size is
	// made again.
	png := testImage(t, "kart.png", 1000, 500)
	set, err := newImageSet("bilder/kart.png", png)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Put(set.cacheKey(set.variants[0]), testImage(t, "x.png", 10, 10)); err != nil {
		t.Fatal(err)
	}
	files, err := set.resize(png, c)
	if err != nil {
		t.Fatal(err)
	}
	if !hasSize(files[0].Data, 480, 240) {
		t.Error("a cached copy of the wrong size was used")
	}
}

func TestCacheIsNotUsedThroughALink(t *testing.T) {
	root := t.TempDir()
	elsewhere := filepath.Join(root, "elsewhere")
	if err := os.MkdirAll(filepath.Join(elsewhere, "images"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(elsewhere, "images", "k.png"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(root, "site")
	if err := os.MkdirAll(site, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, filepath.Join(site, ".cache")); err != nil {
		t.Fatal(err)
	}
	c := DirCache(filepath.Join(site, ".cache", "images"))
	if err := c.Put("ny.png", []byte("x")); err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
		t.Errorf("Put through a linked .cache: %v", err)
	}
	if _, err := os.Stat(filepath.Join(elsewhere, "images", "ny.png")); err == nil {
		t.Error("Put wrote through the link")
	}
	if _, ok := c.Get("k.png"); ok {
		t.Error("Get read through the link")
	}
}

func TestReadOnlyCacheWritesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), ".cache", "images")
	if err := ReadOnly(DirCache(dir)).Put("k.png", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Dir(dir)); !os.IsNotExist(err) {
		t.Errorf("a read-only cache made %s", filepath.Dir(dir))
	}
}

// hugePNG is the start of a PNG file whose header says w×h pixels: enough
// for its size to be read, far too little to decode.
func hugePNG(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32([]byte("IHDR"), w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0) // 8-bit RGB
	b.Write(binary.BigEndian.AppendUint32(nil, 13))
	b.Write(ihdr)
	b.Write(binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(ihdr)))
	return b.Bytes()
}

// TestImagePixelsAreCheckedBeforeDecoding: an image larger than
// MaxImagePixels is reported from its header, never decoded.
func TestImagePixelsAreCheckedBeforeDecoding(t *testing.T) {
	fsys := fstest.MapFS{"static/bilder/stor.png": {Data: hugePNG(30000, 30000)}}
	r := &Renderer{fsys: fsys}
	_, err := r.Images([]string{"bilder/stor.png"})
	want := "static/bilder/stor.png: the image is 30000×30000 pixels, more than the 50 million allowed; scale it down"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
	_, err = renderDoc(t, "![Stor](/bilder/stor.png)\n", fsys)
	want = "content/nyheter/bilde.md:5:1: image /bilder/stor.png is 30000×30000 pixels, more than the 50 million allowed"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
}

// TestLargeImageFilesAreNotRead: a JPEG or PNG file larger than
// MaxImageFileSize is refused by its size, before it is read.
func TestLargeImageFilesAreNotRead(t *testing.T) {
	data := append(hugePNG(100, 100), make([]byte, MaxImageFileSize)...)
	fsys := fstest.MapFS{"static/bilder/tung.png": {Data: data}}
	r := &Renderer{fsys: fsys}
	_, err := r.Images([]string{"bilder/tung.png"})
	want := "static/bilder/tung.png: the image is a file of 32.1 MB, more than the 32 MB allowed for an image that is resized"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
}

func TestLargeImageInMarkdownIsNotRead(t *testing.T) {
	data := append(hugePNG(100, 100), make([]byte, MaxImageFileSize)...)
	_, err := renderDoc(t, "![Tung](/bilder/tung.png)\n", fstest.MapFS{"static/bilder/tung.png": {Data: data}})
	want := "content/nyheter/bilde.md:5:1: image /bilder/tung.png is a file of 32.1 MB, more than the 32 MB allowed"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
}
