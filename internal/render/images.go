package render

// Responsive images. A Markdown image of a JPEG or PNG file under static/,
//
//	![Kart over kommunene](/bilder/kart.png)
//
// becomes an <img> with its width and height (no layout shift), a srcset of
// copies resized to a few widths, sizes for the text column, and lazy
// loading. The copies are named by a hash of the source
// (resized/bilder/kart-480w.1a2b3c4d5e.png), so servers cache them for a year
// (package headers), and an ImageCache keeps them between builds, so an
// unchanged image is not resized again.
//
// An image must have alt text (the link resolver reports one without), must
// be a file of the site (nothing is loaded from other hosts) and is written
// from the site root. This file makes the copies; markdown_images.go checks
// the images of a page and writes their <img> elements.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/image/draw"

	"sats/internal/diag"
	"sats/internal/load"
)

// resizedDir is the output folder of the resized copies.
const resizedDir = "resized"

// imageSizes tells the browser how wide an image in the text column is
// shown: the column (.prose, at most about 44rem) or the screen less its
// margins.
const imageSizes = "(min-width: 48rem) 44rem, calc(100vw - 2rem)"

// imageVersion goes into the copies' hash: change it when the way copies
// are made changes, so that no cache keeps the old ones.
const imageVersion = "1"

// jpegQuality is the quality of resized JPEG copies.
const jpegQuality = 82

// imageWidths are the widths, in pixels, that images are resized to; only
// widths below the original's are made.
func imageWidths() []int { return []int{480, 800, 1200, 1600} }

// ImageCache keeps resized images between builds. Keys name the source's
// content hash, the width and the format, so a key's data never changes.
// Its methods may be called concurrently.
type ImageCache interface {
	Get(key string) ([]byte, bool)
	Put(key string, data []byte) error
}

// DirCache returns an ImageCache in a folder on disk, made when first
// written (a site keeps it in .cache/images/, outside the output and out of
// git). Each entry starts with a line holding the SHA-256 of its data, and
// Get checks it: an entry that was changed or cut short is not used (it is
// made again). The cache is not used through a symbolic link, neither the
// folder nor its parent (.cache): writes would land elsewhere.
func DirCache(dir string) ImageCache { return dirCache(dir) }

// ReadOnly returns a cache that gives what c has and keeps nothing new, for
// a check that writes nothing.
func ReadOnly(c ImageCache) ImageCache { return readOnly{c} }

type readOnly struct{ ImageCache }

func (readOnly) Put(string, []byte) error { return nil }

type dirCache string

// cacheHeader starts every entry, followed by the hex SHA-256 of the data
// and a newline.
const cacheHeader = "sats-image-cache-1 "

// linked reports an error when the cache folder or its parent is a
// symbolic link.
func (d dirCache) linked() error {
	for _, p := range []string{filepath.Dir(string(d)), string(d)} {
		if info, err := os.Lstat(p); err == nil && info.Mode()&fs.ModeSymlink != 0 {
			return diag.Msg("%s is a symbolic link; the image cache is not used through links: remove the link (the cache is made again)", p)
		}
	}
	return nil
}

func (d dirCache) Get(key string) ([]byte, bool) {
	if d.linked() != nil {
		return nil, false
	}
	raw, err := os.ReadFile(filepath.Join(string(d), key))
	if err != nil {
		return nil, false
	}
	head, data, ok := bytes.Cut(raw, []byte("\n"))
	sum := sha256.Sum256(data)
	if !ok || string(head) != cacheHeader+hex.EncodeToString(sum[:]) {
		return nil, false
	}
	return data, true
}

func (d dirCache) Put(key string, data []byte) error {
	if err := d.linked(); err != nil {
		return err
	}
	if err := os.MkdirAll(string(d), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(string(d), ".tmp-*")
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	_, err = fmt.Fprintf(tmp, "%s%x\n", cacheHeader, sum)
	if err == nil {
		_, err = tmp.Write(data)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(string(d), key))
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}

// isRaster reports whether a file is an image that is resized.
func isRaster(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png":
		return true
	}
	return false
}

// imageSet is one source image and its resized copies.
type imageSet struct {
	src      string // site path of the original: /bilder/kart.png
	w, h     int    // the original's size
	hash     string
	variants []imageVariant // narrowest first
}

type imageVariant struct {
	out  string // output path: resized/bilder/kart-480w.1a2b3c4d5e.png
	w, h int
}

func (v imageVariant) url() string { return "/" + v.out }

// cacheKey names a copy in an ImageCache.
func (s *imageSet) cacheKey(v imageVariant) string {
	return s.hash + "-" + strconv.Itoa(v.w) + "w" + strings.ToLower(path.Ext(s.src))
}

// MaxImagePixels is the most pixels an image of static/ that is resized
// may have. The size is read from the file's header before the image is
// decoded: a PNG of a few megabytes can hold 30000×30000 pixels, which
// take gigabytes of memory decoded.
const MaxImagePixels = 50_000_000

// MaxImageFileSize is the largest JPEG or PNG file of static/ that is
// resized (it is read whole); larger files are refused.
const MaxImageFileSize = 32 << 20

// readImage reads a JPEG or PNG file of static/ (name relative to static/),
// refusing one larger than MaxImageFileSize before reading it.
func readImage(fsys fs.FS, name string) ([]byte, error) {
	info, err := fs.Stat(fsys, load.StaticDir+"/"+name)
	if err != nil {
		return nil, err
	}
	if info.Size() > MaxImageFileSize {
		return nil, &tooLargeError{bytes: info.Size()}
	}
	return fs.ReadFile(fsys, load.StaticDir+"/"+name)
}

// tooLargeError is an image file larger than MaxImageFileSize, or with
// more than MaxImagePixels pixels.
type tooLargeError struct {
	w, h  int
	bytes int64
}

func (e *tooLargeError) Error() string {
	if e.bytes > 0 {
		return fmt.Sprintf("the image file is %d bytes, more than the %d MB allowed", e.bytes, MaxImageFileSize>>20)
	}
	return fmt.Sprintf("the image is %d×%d pixels, more than the %d million allowed", e.w, e.h, MaxImagePixels/1_000_000)
}

// imageProblem reports at pos an image that cannot be read or is too
// large: the image a Markdown text shows at dest, or with dest "" the file of
// static/ the problem is at.
func imageProblem(problems *diag.List, pos diag.Pos, dest string, err error) {
	var big *tooLargeError
	switch {
	case errors.As(err, &big) && big.bytes > 0:
		mb := float64((big.bytes*10+(1<<20)-1)>>20) / 10 // rounded up
		if dest != "" {
			problems.Add(pos, "image %s is a file of %.1f MB, more than the %d MB allowed for an image that is resized; save it smaller (e.g. as JPEG, 4000 pixels wide)", dest, mb, MaxImageFileSize>>20)
		} else {
			problems.Add(pos, "the image is a file of %.1f MB, more than the %d MB allowed for an image that is resized; save it smaller (e.g. as JPEG, 4000 pixels wide)", mb, MaxImageFileSize>>20)
		}
	case errors.As(err, &big):
		if dest != "" {
			problems.Add(pos, "image %s is %d×%d pixels, more than the %d million allowed; scale it down (e.g. to 4000 pixels wide) before adding it", dest, big.w, big.h, MaxImagePixels/1_000_000)
		} else {
			problems.Add(pos, "the image is %d×%d pixels, more than the %d million allowed; scale it down (e.g. to 4000 pixels wide) before adding it", big.w, big.h, MaxImagePixels/1_000_000)
		}
	case dest != "":
		problems.Add(pos, "image %s cannot be read: %v; save it as a JPEG or PNG file", dest, err)
	default:
		problems.Add(pos, "cannot read the image: %v; save it as a JPEG or PNG file", err)
	}
}

// newImageSet reads the size of an image file of static/ (name relative to
// static/) and names the copies it gets.
func newImageSet(name string, data []byte) (*imageSet, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, diag.Msg("the image has no size")
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxImagePixels {
		return nil, &tooLargeError{w: cfg.Width, h: cfg.Height}
	}
	sum := sha256.Sum256(append(append([]byte(nil), data...), imageVersion...))
	s := &imageSet{src: "/" + name, w: cfg.Width, h: cfg.Height, hash: hex.EncodeToString(sum[:5])}
	ext := path.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for _, w := range imageWidths() {
		if w >= cfg.Width {
			break
		}
		h := max(1, (cfg.Height*w+cfg.Width/2)/cfg.Width)
		out := fmt.Sprintf("%s/%s-%dw.%s%s", resizedDir, base, w, s.hash, strings.ToLower(ext))
		s.variants = append(s.variants, imageVariant{out: out, w: w, h: h})
	}
	return s, nil
}

// candidates are the files of the srcset, narrowest first: the copies, and
// the original when it is no wider than the widest copy would be.
func (s *imageSet) candidates() []imageVariant {
	c := slices.Clone(s.variants)
	ws := imageWidths()
	if s.w <= ws[len(ws)-1] {
		c = append(c, imageVariant{out: strings.TrimPrefix(s.src, "/"), w: s.w, h: s.h})
	}
	return c
}

// hasSize reports whether data is a JPEG or PNG image of w×h pixels.
func hasSize(data []byte, w, h int) bool {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	return err == nil && cfg.Width == w && cfg.Height == h
}

// resize makes the copies of an image that are not in the cache, and stores
// them there. It returns every copy.
func (s *imageSet) resize(data []byte, cache ImageCache) ([]File, error) {
	var files []File
	var src image.Image
	for _, v := range s.variants {
		key := s.cacheKey(v)
		if cache != nil {
			// A copy is used only if it is an image of the size it should be.
			if out, ok := cache.Get(key); ok && hasSize(out, v.w, v.h) {
				files = append(files, File{Path: v.out, Data: out})
				continue
			}
		}
		if src == nil {
			img, _, err := image.Decode(bytes.NewReader(data))
			if err != nil {
				return nil, err
			}
			src = img
		}
		dst := image.NewRGBA(image.Rect(0, 0, v.w, v.h))
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
		var buf bytes.Buffer
		var err error
		if strings.EqualFold(path.Ext(s.src), ".png") {
			err = png.Encode(&buf, dst)
		} else {
			err = jpeg.Encode(&buf, dst, &jpeg.Options{Quality: jpegQuality})
		}
		if err != nil {
			return nil, err
		}
		if cache != nil {
			if err := cache.Put(key, buf.Bytes()); err != nil {
				return nil, fmt.Errorf("cannot keep the resized copy in the image cache: %w", err)
			}
		}
		files = append(files, File{Path: v.out, Data: buf.Bytes()})
	}
	return files, nil
}

// Images returns the resized copies of every JPEG and PNG file of static/
// (names relative to static/), from the cache when it has them. It reports
// every image that cannot be read.
func (r *Renderer) Images(static []string) ([]File, error) {
	var files []File
	var problems diag.List
	for _, name := range static {
		if !isRaster(name) {
			continue
		}
		pos := diag.Pos{Path: load.StaticDir + "/" + name}
		data, err := readImage(r.fsys, name)
		if err != nil {
			imageProblem(&problems, pos, "", err)
			continue
		}
		set, err := newImageSet(name, data)
		if err != nil {
			imageProblem(&problems, pos, "", err)
			continue
		}
		fs, err := set.resize(data, r.opts.Images)
		if err != nil {
			problems.Add(pos, "cannot resize the image: %v", err)
			continue
		}
		files = append(files, fs...)
	}
	return files, problems.Err()
}
