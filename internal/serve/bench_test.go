package serve

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"sats/internal/bench/synthsite"
	"sats/internal/build"
	"sats/internal/render"
)

// BenchmarkEditToReload measures what an editor waits for: from saving a
// file to the edited page arriving in the browser, through the file
// watcher, its debounce, the rebuild, the reload event and the request for
// the page (which the preview renders when it is asked for). It reports the
// median as ms/edit.
//
// The real site is edited in each kind of file staff edit (a post's text
// and front matter, the project records, a figure, an interface string, a
// layout); the synthetic sites of 100 and 10,000 posts (package synthsite)
// in one post.
func BenchmarkEditToReload(b *testing.B) {
	type edit struct {
		name, file, page string
		re               *regexp.Regexp // its first match gets a counter appended
	}
	real := func(dir string) error { return copySite("../..", dir) }
	synthetic := func(n int) func(string) error {
		return func(dir string) error { return synthsite.Write("../..", dir, n, 1) }
	}
	firstLine := regexp.MustCompile(`(?m)^title: .*$`)
	cases := []struct {
		site  string
		write func(dir string) error
		edits []edit
	}{
		{"real", real, []edit{
			{"post-text", "content/nyheter/kvinnegnist-er-stiftet.md", "/nyheter/kvinnegnist-er-stiftet/", regexp.MustCompile(`(?s)\n---\n.*$`)},
			{"post-title", "content/nyheter/kvinnegnist-er-stiftet.md", "/nyheter/kvinnegnist-er-stiftet/", firstLine},
			{"projects", "data/projects.yaml", "/prosjekter/", regexp.MustCompile(`(?m)^    title: .*$`)},
			{"figure", "data/results.yaml", "/resultater/", regexp.MustCompile(`(?m)^    title: .*$`)},
			{"strings", "data/i18n/nb.yaml", "/", regexp.MustCompile(`(?m)^[a-zA-Z]+: [^"\n|>]+$`)},
			{"layout", "layouts/news.html", "/nyheter/kvinnegnist-er-stiftet/", regexp.MustCompile(`\{\{define "main"\}\}`)},
		}},
		{"posts=100", synthetic(100), []edit{{"post", "content/nyheter/post-000050.md", "/nyheter/", regexp.MustCompile(`(?s)\n---\n.*$`)}}},
		{"posts=10000", synthetic(10000), []edit{{"post", "content/nyheter/post-005000.md", "/nyheter/", regexp.MustCompile(`(?s)\n---\n.*$`)}}},
	}
	for _, c := range cases {
		for _, e := range c.edits {
			b.Run(c.site+"/"+e.name, func(b *testing.B) {
				dir := b.TempDir()
				if err := c.write(dir); err != nil {
					b.Fatal(err)
				}
				page := e.page
				if strings.HasPrefix(c.site, "posts=") {
					page = "/nyheter/" + postSlug(b, dir, e.file) + "/"
				}
				editToReload(b, dir, e.file, page, e.re)
			})
		}
	}
}

// editToReload edits file again and again, each time waiting for the
// reload event and then fetching page.
func editToReload(b *testing.B, dir, file, page string, re *regexp.Regexp) {
	opts := build.Options{}
	opts.Model.Drafts, opts.Model.Future = true, true
	opts.Render.Images = render.DirCache(b.TempDir()) // as sats serve keeps them in .cache/images
	s := New(os.DirFS(dir), opts, nil, io.Discard)
	if err := s.Rebuild(nil); err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	w, err := newWatcher(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer w.close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.loop(ctx, DefaultDebounce, func(c []string) { _ = s.Rebuild(c) })
	ev := eventStream(b, ctx, ts.URL)
	<-ev // the first event says the site is built
	path := filepath.Join(dir, file)
	orig, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	loc := re.FindIndex(orig)
	if loc == nil {
		b.Fatalf("%s has no %s", file, re)
	}
	var times []time.Duration
	i := 0
	for b.Loop() {
		i++
		edited := fmt.Sprintf("%s%s %d%s", orig[:loc[1]], editMark(file), i, orig[loc[1]:])
		start := time.Now()
		if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
		for e := range ev {
			if strings.HasPrefix(e, "reload") {
				break
			}
			if strings.HasPrefix(e, "problem") && !strings.Contains(e, "publishing") {
				b.Fatal(e)
			}
		}
		resp, err := http.Get(ts.URL + page)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("%s: %s\n%s", page, resp.Status, body)
		}
		times = append(times, time.Since(start))
		// Staff save at a human pace: the check of the last edit, made in
		// the background, is done before the next save.
		s.Wait()
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms/edit")
}

// editMark is what an edit appends to the matched text: a word in Markdown
// and YAML, a comment in a layout.
func editMark(file string) string {
	if strings.HasSuffix(file, ".html") {
		return "{{/* redigert */}}"
	}
	return " redigert"
}

// postSlug is the slug of a synthetic post: its file name.
func postSlug(b *testing.B, dir, file string) string {
	b.Helper()
	return strings.TrimSuffix(filepath.Base(file), ".md")
}

// copySite copies the site's folders from src to dst.
func copySite(src, dst string) error {
	root := os.DirFS(src)
	for _, top := range []string{"content", "data", "layouts", "static"} {
		err := fs.WalkDir(root, top, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dst, name), 0o755)
			}
			data, err := fs.ReadFile(root, name)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, name), data, 0o644)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
