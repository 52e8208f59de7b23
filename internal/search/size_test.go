package search_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"sats/internal/bench/synthsite"
	"sats/internal/build"
	"sats/internal/model"
	"sats/internal/search"
)

// maxQueryBytes is what a query may load at most, gzipped: the manifest,
// the shards of its words and the chunks of the results it shows first.
const maxQueryBytes = 100_000

// shown is how many results the script shows first (SHOWN in search.js).
const shown = 10

// TestQueriesLoadLittle builds a synthetic site of 2,000 news posts
// (SATS_SEARCH_POSTS=10000 for more) and checks that each query of
// TestQueries loads at most maxQueryBytes, gzipped, to show its first
// results.
func TestQueriesLoadLittle(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a synthetic site of 2,000 posts")
	}
	n := 2000
	if v := os.Getenv("SATS_SEARCH_POSTS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	if err := synthsite.Write("../..", dir, n, 1); err != nil {
		t.Fatal(err)
	}
	out := &build.Memory{}
	if _, err := build.Build(os.DirFS(dir), out, build.Options{Model: model.Options{Now: siteNow}}); err != nil {
		t.Fatalf("the synthetic site does not build:\n%v", err)
	}
	files := map[string][]byte{}
	total := 0
	for name, data := range out.Files {
		if rest, ok := strings.CutPrefix(name, "sok/"); ok && (rest == search.ManifestName || strings.HasPrefix(rest, "index/")) {
			files[rest] = data
			total += len(data)
		}
	}
	t.Logf("%d posts: the index is %d files, %d bytes", n, len(files), total)
	r, err := search.Open(files)
	if err != nil {
		t.Fatal(err)
	}
	gzipped := map[string]int{}
	var sizes []int
	worst, worstSize := "", 0
	for _, q := range queries {
		names, err := r.Loads(q.q, shown)
		if err != nil {
			t.Fatal(err)
		}
		size := 0
		for _, name := range names {
			if _, ok := gzipped[name]; !ok {
				gzipped[name] = gzipSize(t, files[name])
			}
			size += gzipped[name]
		}
		if size > maxQueryBytes {
			t.Errorf("searching %q loads %d bytes gzipped (%s), want at most %d", q.q, size, strings.Join(names, " "), maxQueryBytes)
		}
		sizes = append(sizes, size)
		if size > worstSize {
			worst, worstSize = q.q+": "+strings.Join(names, " "), size
		}
	}
	slices.Sort(sizes)
	t.Logf("%d queries load, gzipped: median %d bytes, max %d bytes (%s); the manifest is %d bytes", len(sizes), sizes[len(sizes)/2], sizes[len(sizes)-1], worst, gzipped[search.ManifestName])
}

func gzipSize(t *testing.T, data []byte) int {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}
