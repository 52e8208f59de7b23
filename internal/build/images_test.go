package build

import (
	"bytes"
	"image"
	"image/png"
	"regexp"
	"testing"
	"testing/fstest"

	"sats/internal/model"
)

func TestBuildWritesTheResizedImagesAPageOffers(t *testing.T) {
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 1000, 400))); err != nil {
		t.Fatal(err)
	}
	fsys := siteFS(`
-- content/om.md --
---
title: Om
---
![Et grått felt](/bilder/felt.png)
`)
	fsys["static/bilder/felt.png"] = &fstest.MapFile{Data: img.Bytes()}
	out := &Memory{}
	if _, err := Build(fsys, out, Options{Model: model.Options{Now: testNow}}); err != nil {
		t.Fatal(err)
	}
	page := string(out.Files["om/index.html"])
	srcset := regexp.MustCompile(`srcset="([^"]+)"`).FindStringSubmatch(page)
	if srcset == nil {
		t.Fatalf("om/index.html has no srcset:\n%s", page)
	}
	urls := regexp.MustCompile(`(/\S+) \d+w`).FindAllStringSubmatch(srcset[1], -1)
	if len(urls) != 3 {
		t.Errorf("srcset %q has %d candidates, want 3 (480, 800 and the original 1000)", srcset[1], len(urls))
	}
	for _, u := range urls {
		data, ok := out.Files[u[1][1:]]
		if !ok {
			t.Errorf("the page offers %s, which the build did not write", u[1])
			continue
		}
		if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil {
			t.Errorf("%s is no image: %v", u[1], err)
		}
	}
}
