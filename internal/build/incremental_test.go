package build

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"sats/internal/model"
)

func newsSite(n int) fstest.MapFS {
	fsys := siteFS(testData)
	for i := range n {
		fsys[fmt.Sprintf("content/nyheter/post-%03d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\ntitle: Post %d\ndate: 2024-01-%02d\ntags: [t%d]\nprojects: [fjellfond]\n---\nTekst %d.\n", i, i%28+1, i%3, i)}
	}
	return fsys
}

// sameFiles fails unless two builds produced exactly the same files.
func sameFiles(t *testing.T, got, want *State) {
	t.Helper()
	g, w := got.Files(), want.Files()
	if !slices.Equal(g, w) {
		t.Fatalf("file lists differ:\nincremental %v\nfull        %v", g, w)
	}
	for _, name := range w {
		a, _ := got.File(name)
		b, _ := want.File(name)
		sameBytes(t, name, "incremental", a, "full", b)
	}
}

// sameBytes fails, showing where, unless two versions of a file are equal.
func sameBytes(t *testing.T, name, aName string, a []byte, bName string, b []byte) {
	t.Helper()
	if string(a) == string(b) {
		return
	}
	i := 0
	for i < min(len(a), len(b)) && a[i] == b[i] {
		i++
	}
	from := max(i-80, 0)
	t.Errorf("%s differs at byte %d:\n%s: …%s…\n%s: …%s…",
		name, i, aName, a[from:min(i+160, len(a))], bName, b[from:min(i+160, len(b))])
}

func TestIncrementalRebuildEqualsFullBuild(t *testing.T) {
	opts := Options{Model: model.Options{Now: testNow}}
	edits := []struct {
		name   string
		change func(fstest.MapFS) []string
		most   int // at most this many Markdown files may be converted again
	}{
		{"edit a post's text", func(f fstest.MapFS) []string {
			f["content/nyheter/post-003.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Post 3\ndate: 2024-01-04\ntags: [t0]\nprojects: [fjellfond]\n---\nNy tekst.\n")}
			return []string{"content/nyheter/post-003.md"}
		}, 1},
		{"retitle a post", func(f fstest.MapFS) []string {
			f["content/nyheter/post-004.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Helt ny tittel\ndate: 2024-01-05\ntags: [t1]\nprojects: [fjellfond]\n---\nTekst 4.\n")}
			return []string{"content/nyheter/post-004.md"}
		}, 1},
		{"add a post", func(f fstest.MapFS) []string {
			f["content/nyheter/ny.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Ny\ndate: 2025-01-01\n---\nNy.\n")}
			return []string{"content/nyheter/ny.md"}
		}, 1},
		{"remove a post", func(f fstest.MapFS) []string {
			delete(f, "content/nyheter/post-001.md")
			return []string{"content/nyheter/post-001.md"}
		}, 0},
		{"edit a data file", func(f fstest.MapFS) []string {
			f["data/municipalities.yaml"] = &fstest.MapFile{Data: []byte("municipalities:\n  - {id: al, name: Ål, areaKm2: 1176}\n  - {id: gol, name: Gol}\n")}
			return []string{"data/municipalities.yaml"}
		}, 0},
		{"edit a layout", func(f fstest.MapFS) []string {
			f["layouts/news.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<h1>Nyhet: {{.Title}}</h1>{{end}}`)}
			return []string{"layouts/news.html"}
		}, 0},
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			fsys := newsSite(30)
			prev, _, err := Rebuild(fsys, nil, nil, opts)
			if err != nil {
				t.Fatal(err)
			}
			changed := e.change(fsys)
			inc, res, err := Rebuild(fsys, prev, changed, opts)
			if err != nil {
				t.Fatal(err)
			}
			full, _, err := Rebuild(maps.Clone(fsys), nil, nil, opts)
			if err != nil {
				t.Fatal(err)
			}
			sameFiles(t, inc, full)
			if res.Converted > e.most {
				t.Errorf("converted %d Markdown files again, want at most %d", res.Converted, e.most)
			}
		})
	}
}

func TestBrokenEditKeepsNothingAndFixRecovers(t *testing.T) {
	opts := Options{Model: model.Options{Now: testNow}}
	fsys := newsSite(3)
	prev, _, err := Rebuild(fsys, nil, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	fsys["content/nyheter/post-001.md"] = &fstest.MapFile{Data: []byte("---\ntitle: [\n---\n")}
	if _, _, err := Rebuild(fsys, prev, []string{"content/nyheter/post-001.md"}, opts); err == nil {
		t.Fatal("a broken edit built")
	}
	fsys["content/nyheter/post-001.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Fikset\ndate: 2024-01-02\n---\n")}
	fixed, _, err := Rebuild(fsys, prev, []string{"content/nyheter/post-001.md"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := fixed.File("nyheter/post-001/index.html"); !contains(data, "Fikset") {
		t.Errorf("fixed page: %s", data)
	}
}

func contains(b []byte, s string) bool { return strings.Contains(string(b), s) }

// repositoryFS copies the repository's site into memory, so a test can edit it.
func repositoryFS(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	root := os.DirFS("../..")
	for _, dir := range []string{"content", "data", "layouts", "static"} {
		err := fs.WalkDir(root, dir, func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(root, name)
			fsys[name] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return fsys
}

// The repository's layouts use every template function; a rebuild that keeps
// the parsed layouts must give the functions the new site, not the old one.
func TestIncrementalRebuildOfTheRepositorySiteEqualsFullBuild(t *testing.T) {
	opts := Options{Model: model.Options{Now: testNow}}
	edits := []struct {
		name string
		file string
		edit func(string) string
	}{
		{"rename the organisation", "data/organisation.yaml", func(s string) string {
			return strings.Replace(s, "\nname: ", "\nname: Nytt navn på ", 1)
		}},
		{"edit a news post", "", nil},
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			fsys := repositoryFS(t)
			file := e.file
			if file == "" {
				names, _ := fs.Glob(fsys, "content/nyheter/*.md")
				file = names[0]
			}
			prev, _, err := Rebuild(fsys, nil, nil, opts)
			if err != nil {
				t.Fatal(err)
			}
			data := string(fsys[file].Data)
			if e.edit != nil {
				data = e.edit(data)
			} else {
				data += "\nEt nytt avsnitt.\n"
			}
			fsys[file] = &fstest.MapFile{Data: []byte(data)}
			inc, _, err := Rebuild(fsys, prev, []string{file}, opts)
			if err != nil {
				t.Fatal(err)
			}
			full, _, err := Rebuild(maps.Clone(fsys), nil, nil, opts)
			if err != nil {
				t.Fatal(err)
			}
			sameFiles(t, inc, full)
		})
	}
}
