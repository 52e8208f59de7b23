package build

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sats/internal/model"
	"sats/internal/write"
)

// readTree reads every file of an output folder but the marker.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == write.Marker {
			return nil
		}
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sats build with the build cache into an output it updates in place, as
// the command does: after an edit of a post's text only that page is
// written (and the files that hold its text), the others are kept without
// being read, and the output is the one a build from nothing makes.
func TestUpdateInPlaceWritesWhatChanged(t *testing.T) {
	fsys := siteFS(cacheSite)
	opts := Options{Model: model.Options{Now: testNow}}
	root := t.TempDir()
	out, dir := filepath.Join(root, "public"), filepath.Join(root, "cache")
	build := func(t *testing.T) (*Result, *write.Dir) {
		t.Helper()
		c, err := OpenCache(dir, os.DirFS(out))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		target, err := write.Update(out)
		if err != nil {
			t.Fatal(err)
		}
		o := opts
		o.Cache = c
		res, err := Build(maps.Clone(fsys), target, o)
		if err != nil {
			t.Fatal(err)
		}
		var fresh Memory
		if _, err := Build(maps.Clone(fsys), &fresh, opts); err != nil {
			t.Fatal(err)
		}
		sameOutput(t, readTree(t, out), fresh.Files)
		return res, target
	}
	res, d := build(t)
	if d.Updating() || res.Kept != 0 {
		t.Fatalf("the first build updated an output (%v) or kept %d pages", d.Updating(), res.Kept)
	}
	total := d.Written()
	res, d = build(t)
	if !d.Updating() || d.Written() != 0 || res.Kept != res.Pages {
		t.Errorf("a build after no edit: updating %v, %d files written, %d of %d pages kept", d.Updating(), d.Written(), res.Kept, res.Pages)
	}
	fsys["content/nyheter/a.md"].Data = append(slices.Clone(fsys["content/nyheter/a.md"].Data), "Kraftverket fikk ny turbin.\n"...)
	res, d = build(t)
	if res.Kept != res.Pages-1 || d.Written() == 0 || d.Written() > 5 || d.Kept() < total-5 {
		t.Errorf("a build after one edit kept %d of %d pages, wrote %d files and kept %d of %d", res.Kept, res.Pages, d.Written(), d.Kept(), total)
	}
	// A page changed by hand in the output is written again.
	page := filepath.Join(out, "nyheter", "a", "index.html")
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, []byte(strings.Replace(string(data), "<", "< ", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	build(t)
}
