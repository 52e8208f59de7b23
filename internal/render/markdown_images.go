package render

// Images in Markdown: the image checker finds the file of every image of a
// page (images.go makes its resized copies) and the image renderer writes
// the <img> element, responsive when the file is a JPEG or PNG of the site.

import (
	"fmt"
	"html"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"sats/internal/load"
)

// imageKey is the attribute of an ast.Image that holds its *imageSet.
const imageKey = "sats-image"

// imageChecker finds the file of every Markdown image: it refuses images
// from other hosts and files that do not exist, and gives the JPEG and PNG
// images their imageSet for the renderer.
type imageChecker struct{}

func (imageChecker) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	dc, _ := pc.Get(docKey).(*docContext)
	if dc == nil || dc.fsys == nil {
		return
	}
	src := reader.Source()
	sets := map[string]*imageSet{}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		img, ok := n.(*ast.Image)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		dest := string(img.Destination)
		target, _, _ := strings.Cut(dest, "#")
		target, _, _ = strings.Cut(target, "?")
		switch {
		case dest == "#":
			// refused by the link resolver
		case strings.Contains(target, ":") || strings.HasPrefix(target, "//"):
			dc.problems.Add(dc.pos(img, src), "image %s is on another host; the site loads nothing from other hosts: save the file under static/ and write its path, e.g. ![%s](/bilder/%s)", dest, plainText(img, src), path.Base(target))
		case !strings.HasPrefix(target, "/"):
			dc.problems.Add(dc.pos(img, src), "image %s: write the path from the site root, as the file lies under static/: /%s", dest, strings.TrimPrefix(path.Clean("/"+target), "/"))
		default:
			if set := dc.staticImage(img, src, dest, target, sets); set != nil {
				img.SetAttributeString(imageKey, set)
			}
		}
		return ast.WalkContinue, nil
	})
}

// staticImage finds the file under static/ of an image of the page at dest
// (target without its query and fragment) and records it as read. It
// reports a file that is missing, too large or not an image it can read,
// and returns the file's imageSet for a JPEG or PNG (sets holds those the
// page has), nil for other files and problems.
func (dc *docContext) staticImage(img *ast.Image, src []byte, dest, target string, sets map[string]*imageSet) *imageSet {
	name := strings.TrimPrefix(path.Clean(target), "/")
	file := load.StaticDir + "/" + name
	info, err := fs.Stat(dc.fsys, file)
	read := Read{Kind: ReadStatic, Key: name}
	var data []byte
	tooLarge := err == nil && isRaster(name) && info.Size() > MaxImageFileSize
	switch {
	case err != nil:
	case tooLarge:
		read.Value = fmt.Sprintf("too large: %d bytes", info.Size()) // never read
	default:
		if data, err = fs.ReadFile(dc.fsys, file); err == nil {
			read.Value = hashOf(data)
		}
	}
	dc.reads = append(dc.reads, read)
	if err != nil {
		dc.problems.Add(dc.pos(img, src), "image %s: there is no file static/%s; put the image there or correct the path", dest, name)
		return nil
	}
	if !isRaster(name) {
		return nil
	}
	if set := sets[name]; set != nil {
		return set
	}
	var set *imageSet
	if tooLarge {
		err = &tooLargeError{bytes: info.Size()}
	} else {
		set, err = newImageSet(name, data)
	}
	if err != nil {
		imageProblem(dc.problems, dc.pos(img, src), dest, err)
		return nil
	}
	sets[name] = set
	return set
}

// imageRenderer renders Markdown images: responsive when the image checker
// found the file, else a plain lazy-loaded <img>.
type imageRenderer struct{}

func (imageRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindImage, renderImage)
}

func renderImage(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	attr := func(name, value string) {
		_, _ = fmt.Fprintf(w, ` %s="%s"`, name, html.EscapeString(value))
	}
	_, _ = w.WriteString("<img")
	var set *imageSet
	if v, ok := n.AttributeString(imageKey); ok {
		set, _ = v.(*imageSet)
	}
	if set != nil {
		c := set.candidates()
		largest := c[len(c)-1]
		attr("src", largest.url())
		if len(c) > 1 {
			parts := make([]string, len(c))
			for i, v := range c {
				parts[i] = v.url() + " " + strconv.Itoa(v.w) + "w"
			}
			attr("srcset", strings.Join(parts, ", "))
			attr("sizes", imageSizes)
		}
		attr("width", strconv.Itoa(largest.w))
		attr("height", strconv.Itoa(largest.h))
	} else {
		attr("src", string(n.Destination))
	}
	attr("alt", plainText(n, source))
	if len(n.Title) > 0 {
		attr("title", string(n.Title))
	}
	attr("loading", "lazy")
	attr("decoding", "async")
	_, _ = w.WriteString(">")
	return ast.WalkSkipChildren, nil
}
