package render

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"sats/internal/diag"
	"sats/internal/load"
	"sats/internal/model"
)

// testImage makes an image of the given size with a gradient, encoded as
// PNG or JPEG by the extension of name.
func testImage(t *testing.T, name string, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 120, 255})
		}
	}
	var buf bytes.Buffer
	var err error
	if strings.HasSuffix(name, ".png") {
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// memCache is an ImageCache in memory that counts what is put in it.
type memCache struct {
	mu   sync.Mutex
	data map[string][]byte
	puts int
}

func (c *memCache) Get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.data[key]
	return d, ok
}

func (c *memCache) Put(key string, data []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.data == nil {
		c.data = map[string][]byte{}
	}
	c.data[key] = data
	c.puts++
	return nil
}

func TestImageSetOffersOnlyWidthsBelowTheOriginal(t *testing.T) {
	tests := []struct {
		name       string
		w, h       int
		wantWidths []int // the srcset candidates
		wantSrcW   int   // the width of src (the widest candidate)
		wantSrcH   int
	}{
		{"wide photo keeps to the widest copy", 2400, 1200, []int{480, 800, 1200, 1600}, 1600, 800},
		{"mid-size image adds the original", 1000, 750, []int{480, 800, 1000}, 1000, 750},
		{"small image is only itself", 300, 200, []int{300}, 300, 200},
		{"odd height is rounded", 999, 333, []int{480, 800, 999}, 999, 333},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := testImage(t, "x.png", tt.w, tt.h)
			set, err := newImageSet("bilder/x.png", data)
			if err != nil {
				t.Fatal(err)
			}
			c := set.candidates()
			var widths []int
			for _, v := range c {
				widths = append(widths, v.w)
				if v.h != (tt.h*v.w+tt.w/2)/tt.w {
					t.Errorf("candidate %d px wide is %d px high, want %d", v.w, v.h, (tt.h*v.w+tt.w/2)/tt.w)
				}
			}
			if fmt.Sprint(widths) != fmt.Sprint(tt.wantWidths) {
				t.Errorf("candidates %v, want %v", widths, tt.wantWidths)
			}
			if last := c[len(c)-1]; last.w != tt.wantSrcW || last.h != tt.wantSrcH {
				t.Errorf("widest candidate %dx%d, want %dx%d", last.w, last.h, tt.wantSrcW, tt.wantSrcH)
			}
			for _, v := range set.variants {
				if !regexp.MustCompile(`^resized/bilder/x-\d+w\.[0-9a-f]{10}\.png$`).MatchString(v.out) {
					t.Errorf("copy named %s, want resized/bilder/x-<width>w.<hash>.png", v.out)
				}
			}
		})
	}
}

func TestResizedCopiesHaveTheirSizeAndComeFromTheCacheTheSecondTime(t *testing.T) {
	fsys := fstest.MapFS{
		"static/bilder/kart.png":  {Data: testImage(t, "kart.png", 1300, 650)},
		"static/bilder/foto.jpg":  {Data: testImage(t, "foto.jpg", 900, 600)},
		"static/bilder/ikon.png":  {Data: testImage(t, "ikon.png", 64, 64)},
		"static/css/site.css":     {Data: []byte("body{}")},
		"static/dokumenter/x.pdf": {Data: []byte("%PDF")},
	}
	static := []string{"bilder/foto.jpg", "bilder/ikon.png", "bilder/kart.png", "css/site.css", "dokumenter/x.pdf"}
	cache := &memCache{}
	r := &Renderer{fsys: fsys, opts: Options{Images: cache}}
	files, err := r.Images(static)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]int{} // output path prefix → size
	for _, w := range []int{480, 800, 1200} {
		want[fmt.Sprintf("resized/bilder/kart-%dw.", w)] = [2]int{w, w / 2}
	}
	for _, w := range []int{480, 800} {
		want[fmt.Sprintf("resized/bilder/foto-%dw.", w)] = [2]int{w, w * 2 / 3}
	}
	if len(files) != len(want) {
		t.Fatalf("got %d copies, want %d (3 of kart.png, 2 of foto.jpg, none of the small icon)", len(files), len(want))
	}
	for _, f := range files {
		prefix := f.Path[:strings.LastIndex(f.Path, "w.")+2]
		size, ok := want[prefix]
		if !ok {
			t.Errorf("unexpected copy %s", f.Path)
			continue
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(f.Data))
		if err != nil {
			t.Errorf("%s does not decode: %v", f.Path, err)
			continue
		}
		if cfg.Width != size[0] || cfg.Height != size[1] {
			t.Errorf("%s is %dx%d, want %dx%d", f.Path, cfg.Width, cfg.Height, size[0], size[1])
		}
		if wantFormat := map[bool]string{true: "png", false: "jpeg"}[strings.HasSuffix(f.Path, ".png")]; format != wantFormat {
			t.Errorf("%s is %s, want %s", f.Path, format, wantFormat)
		}
	}
	if cache.puts != len(want) {
		t.Errorf("first build put %d copies in the cache, want %d", cache.puts, len(want))
	}

	again, err := r.Images(static)
	if err != nil {
		t.Fatal(err)
	}
	if cache.puts != len(want) {
		t.Errorf("second build resized %d images again, want none (all from the cache)", cache.puts-len(want))
	}
	if len(again) != len(files) {
		t.Errorf("second build gave %d copies, want %d", len(again), len(files))
	}

	// A changed image gets new names and is resized again.
	fsys["static/bilder/foto.jpg"] = &fstest.MapFile{Data: testImage(t, "foto.jpg", 901, 600)}
	if _, err := r.Images(static); err != nil {
		t.Fatal(err)
	}
	if got := cache.puts - len(want); got != 2 {
		t.Errorf("after foto.jpg changed, %d copies were made, want 2", got)
	}
}

func TestImagesReportsAFileThatIsNoImage(t *testing.T) {
	fsys := fstest.MapFS{"static/bilder/odelagt.jpg": {Data: []byte("not a jpeg")}}
	r := &Renderer{fsys: fsys}
	_, err := r.Images([]string{"bilder/odelagt.jpg"})
	if err == nil || !strings.Contains(err.Error(), "static/bilder/odelagt.jpg") {
		t.Fatalf("got %v, want a problem at static/bilder/odelagt.jpg", err)
	}
}

// renderDoc renders the Markdown body of a news post in the minimal site
// with the files in extra.
func renderDoc(t *testing.T, body string, extra fstest.MapFS) (string, error) {
	t.Helper()
	base, err := txtar.ParseFile("../../testdata/minimal-site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range base.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	for k, v := range extra {
		fsys[k] = v
	}
	fsys["content/nyheter/bilde.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Med bilde\ndate: 2024-01-01\n---\n" + body)}
	in, err := load.Load(fsys, model.FrontMatterSchemas())
	if err != nil {
		t.Fatal(err)
	}
	site, err := model.New(in, model.Options{Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	model.Link([]*model.Site{site})
	r, err := New(site, in, parseLayouts(t, in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := site.PageByURL("/nyheter/bilde/")
	if p == nil {
		t.Fatal("no page /nyheter/bilde/")
	}
	err = r.Markdown(p)
	return string(p.Content), err
}

func TestMarkdownImageIsResponsive(t *testing.T) {
	png := testImage(t, "kart.png", 1000, 500)
	set, err := newImageSet("bilder/kart.png", png)
	if err != nil {
		t.Fatal(err)
	}
	html, err := renderDoc(t, `![Kart over "dalen"](/bilder/kart.png "Kommunene")`+"\n", fstest.MapFS{"static/bilder/kart.png": {Data: png}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`src="/bilder/kart.png"`,
		fmt.Sprintf(`srcset="/resized/bilder/kart-480w.%[1]s.png 480w, /resized/bilder/kart-800w.%[1]s.png 800w, /bilder/kart.png 1000w"`, set.hash),
		`sizes="` + imageSizes + `"`,
		`width="1000" height="500"`,
		`alt="Kart over «dalen»"`,
		`title="Kommunene"`,
		`loading="lazy" decoding="async"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("image HTML lacks %s:\n%s", want, html)
		}
	}
}

func TestMarkdownImageProblems(t *testing.T) {
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>`)
	tests := []struct {
		name, body, want string
	}{
		{"missing alt text", "![](/bilder/kart.svg)\n", "has no alt text"},
		{"file on another host", "![Kart](https://example.com/kart.png)\n", "is on another host"},
		{"protocol-relative host", "![Kart](//example.com/kart.png)\n", "is on another host"},
		{"missing file", "![Kart](/bilder/finnes-ikke.png)\n", "there is no file static/bilder/finnes-ikke.png"},
		{"path not from the root", "![Kart](bilder/kart.svg)\n", "write the path from the site root"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := renderDoc(t, "Tekst.\n\n"+tt.body, fstest.MapFS{"static/bilder/kart.svg": {Data: svg}})
			if err == nil {
				t.Fatalf("no problem reported, want %q", tt.want)
			}
			ps := diag.Problems(err)
			if len(ps) != 1 || !strings.Contains(ps[0].Error(), tt.want) || !strings.Contains(ps[0].Error(), "content/nyheter/bilde.md:7") {
				t.Errorf("got %v, want one problem at content/nyheter/bilde.md:7 saying %q", err, tt.want)
			}
		})
	}
}

func TestSVGImageIsPlainAndLazy(t *testing.T) {
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>`)
	html, err := renderDoc(t, "![Diagram](/bilder/d.svg)\n", fstest.MapFS{"static/bilder/d.svg": {Data: svg}})
	if err != nil {
		t.Fatal(err)
	}
	want := `<img src="/bilder/d.svg" alt="Diagram" loading="lazy" decoding="async">`
	if !strings.Contains(html, want) {
		t.Errorf("got %s, want %s", html, want)
	}
}

func TestDirCacheKeepsCopiesBetweenBuilds(t *testing.T) {
	dir := t.TempDir() + "/.cache/images"
	c := DirCache(dir)
	if _, ok := c.Get("abc-480w.png"); ok {
		t.Fatal("an empty cache has a copy")
	}
	if err := c.Put("abc-480w.png", []byte("png")); err != nil {
		t.Fatal(err)
	}
	// A new cache on the same folder, as the next build makes.
	got, ok := DirCache(dir).Get("abc-480w.png")
	if !ok || string(got) != "png" {
		t.Errorf("got %q, %v; want the copy put by the first build", got, ok)
	}
}

// parseLayouts parses the layouts of a loaded site.
func parseLayouts(tb testing.TB, in *load.Input) *Layouts {
	tb.Helper()
	ls, err := ParseLayouts(in.Layouts)
	if err != nil {
		tb.Fatal(err)
	}
	return ls
}
