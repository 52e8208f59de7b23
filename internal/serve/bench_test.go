package serve

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"sats/internal/bench/synthsite"
	"sats/internal/build"
	"sats/internal/render"
)

// BenchmarkEditToReload measures what an editor waits for: from saving an
// edited news post to the reload event reaching the browser, through the
// file watcher, its debounce, the incremental rebuild and the event stream.
// It reports the median as ms/edit.
func BenchmarkEditToReload(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprintf("posts=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := synthsite.Write("../..", dir, n, 1); err != nil {
				b.Fatal(err)
			}
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

			post := filepath.Join(dir, "content/nyheter", fmt.Sprintf("post-%06d.md", n/2))
			orig, err := os.ReadFile(post)
			if err != nil {
				b.Fatal(err)
			}
			var times []time.Duration
			i := 0
			for b.Loop() {
				i++
				edited := strings.Replace(string(orig), "\n---\n", fmt.Sprintf("\n---\nRedigert %d.\n\n", i), 1)
				start := time.Now()
				if err := os.WriteFile(post, []byte(edited), 0o644); err != nil {
					b.Fatal(err)
				}
				for e := range ev {
					if strings.HasPrefix(e, "reload") {
						break
					}
					if strings.HasPrefix(e, "problem") {
						b.Fatal(e)
					}
				}
				times = append(times, time.Since(start))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms/edit")
		})
	}
}
