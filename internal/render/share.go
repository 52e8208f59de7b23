package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"strings"

	"sats/internal/shareimage"
)

// ShareImage is the default image of link previews, for templates:
//
//	{{with shareImage "#0e3640" "#ffffff"}}<meta property="og:image" content="{{absURL .URL}}">{{end}}
type ShareImage struct {
	URL           string // fingerprinted: /share.1a2b3c4d5e.png
	Width, Height int
}

// shareKey marks the share images among the renderer's assets: the key is
// shareKey + "<background> <foreground>", which no file of static/ is named.
const shareKey = "\x00share "

// shareImage returns the site's share image in the given colours (CSS
// notation, e.g. #0e3640): its title and description as tagline. Files
// draws it; its URL is a fingerprint of what it shows.
func (r *Renderer) shareImage(background, foreground string, used *[]string) (ShareImage, error) {
	for _, c := range []string{background, foreground} {
		if _, err := shareimage.ParseColor(c); err != nil {
			return ShareImage{}, fmt.Errorf("shareImage: %v", err)
		}
	}
	img := ShareImage{Width: shareimage.Width, Height: shareimage.Height}
	key := shareKey + background + " " + foreground
	note(used, key)
	r.mu.Lock()
	defer r.mu.Unlock()
	if u, ok := r.assets[key]; ok {
		img.URL = u
		return img, nil
	}
	cfg := r.site.Config
	sum := sha256.Sum256([]byte(strings.Join([]string{shareimage.Version, cfg.Title, cfg.Description, background, foreground}, "\x00")))
	img.URL = "/share." + hex.EncodeToString(sum[:5]) + ".png"
	r.assets[key] = img.URL
	return img, nil
}

// drawShareImage draws a share image registered by shareImage under key, at
// url; ok is false for other assets. The image cache of Options keeps it
// between builds: its name is a fingerprint of what it shows.
func (r *Renderer) drawShareImage(key, url string) (data []byte, ok bool, err error) {
	spec, ok := strings.CutPrefix(key, shareKey)
	if !ok {
		return nil, false, nil
	}
	cacheKey := path.Base(url)
	if r.opts.Images != nil {
		if data, found := r.opts.Images.Get(cacheKey); found {
			return data, true, nil
		}
	}
	bg, fg, _ := strings.Cut(spec, " ")
	o := shareimage.Options{Title: r.site.Config.Title, Tagline: r.site.Config.Description}
	if o.Background, err = shareimage.ParseColor(bg); err == nil {
		o.Foreground, err = shareimage.ParseColor(fg)
	}
	if err == nil {
		data, err = shareimage.Render(o)
	}
	if err == nil && r.opts.Images != nil {
		if err := r.opts.Images.Put(cacheKey, data); err != nil {
			return nil, true, fmt.Errorf("cannot keep the share image in the image cache: %w", err)
		}
	}
	return data, true, err
}
