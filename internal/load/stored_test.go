package load

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sats/internal/cache"
	"testing"
	"time"
)

// Every document of the real site, taken from the store, is the document
// parsed from its file, field for field; an edited file is parsed again.
func TestStoredDocumentsAreTheParsedOnes(t *testing.T) {
	fsys := os.DirFS("../..")
	want, err := Load(fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	store := &cache.Memory{}
	for range 2 {
		store.Gave = 0
		got, err := LoadStored(fsys, nil, store)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Docs) != len(want.Docs) {
			t.Fatalf("%d documents, want %d", len(got.Docs), len(want.Docs))
		}
		for i, d := range got.Docs {
			if _, ok := SourceSum(d); !ok {
				t.Errorf("%s has no source sum", d.Path)
			}
			d := *d
			d.sum = [32]byte{} // a document loaded without a store has none
			if !reflect.DeepEqual(&d, want.Docs[i]) {
				t.Errorf("%s differs:\n got %+v\nwant %+v", d.Path, d.Front, want.Docs[i].Front)
			}
		}
	}
	if store.Gave < len(want.Docs) {
		t.Errorf("the store gave %d values for %d documents", store.Gave, len(want.Docs))
	}
}

// Times in every zone a front matter can give, and values of every kind,
// come back as they were written.
func TestStoredFrontMatterRoundTrip(t *testing.T) {
	src := `---
title: Tid
date: 2024-03-08T10:30:00+02:00
lastmod: 2024-03-09T08:00:00Z
expiryDate: 2030-01-01
tags: [a, b]
weight: -3
draft: true
projects: [p1]
source: {doc: d1, at: "kap. 2"}
---
Tekst.
`
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Skip(err)
	}
	for _, loc := range []*time.Location{time.UTC, oslo} {
		in := &Input{Location: loc, store: &cache.Memory{}, bySection: map[string]string{}}
		want, err := ParseDocument("content/nyheter/tid.md", []byte(src), loc)
		if err != nil {
			t.Fatal(err)
		}
		want.front = nil
		key := in.docKey(want.Path, []byte(src))
		in.keepDocument(key, want)
		got := in.storedDocument(key, want.Path, []byte(src))
		if got == nil || !reflect.DeepEqual(got, want) {
			t.Errorf("in %v:\n got %+v\nwant %+v", loc, got, want)
		}
		if got != nil && (got.Front.Date.IsZero() || got.Front.Lastmod.IsZero() || got.Front.ExpiryDate.IsZero()) {
			t.Errorf("a time was lost: %+v", got.Front)
		}
	}
}

// countFS counts the files opened through it, and passes Lstat on.
type countFS struct {
	fsys  fs.FS
	opens int
}

func (c *countFS) Open(name string) (fs.File, error) {
	c.opens++
	return c.fsys.Open(name)
}

func (c *countFS) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(c.fsys, name) }

func (c *countFS) ReadLink(name string) (string, error) { return fs.ReadLink(c.fsys, name) }

// A file the file system says has not changed since it was read is not
// read again; one that changed is, even when its size and modification
// time are put back; one that changed just before it was read is read
// every time (its facts could hide a change in the same tick).
func TestUnchangedFilesAreNotRead(t *testing.T) {
	if _, _, ok := statFacts(mustStat(t, ".")); !ok && runtime.GOOS != "linux" {
		t.Skip("no file system facts here")
	}
	dir := t.TempDir()
	name := "content/nyheter/a.md"
	file := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(text string, mtime time.Time) {
		t.Helper()
		if err := os.WriteFile(file, []byte("---\ntitle: "+text+"\n---\nTekst.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(file, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-time.Hour).Truncate(time.Second)
	write("Første", long)
	// The file's change time is now: the first reading is too close to it.
	cfs := &countFS{fsys: os.DirFS(dir)}
	in := &Input{FS: cfs, Location: time.UTC, store: &cache.Memory{}, bySection: map[string]string{}}
	read := func(wantTitle string, wantOpens int) {
		t.Helper()
		cfs.opens = 0
		doc, err := in.readDocument(name)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Front.Title != wantTitle || cfs.opens != wantOpens {
			t.Errorf("title %q after %d opens, want %q after %d", doc.Front.Title, cfs.opens, wantTitle, wantOpens)
		}
	}
	// Read just after the change (within cache.RacyAge), a file is read
	// every time.
	_, changed, _ := statFacts(mustStat(t, file))
	in.now = func() time.Time { return time.Unix(0, changed).Add(10 * time.Millisecond) }
	read("Første", 1)
	read("Første", 1)
	// Read an hour later, a file is read once.
	in.now = func() time.Time { return time.Now().Add(time.Hour) }
	read("Første", 1)
	read("Første", 0)
	// The same size and modification time, other content: read.
	write("Annen!", long)
	read("Annen!", 1)
	read("Annen!", 0)
	// In another time zone the dates read differently: read.
	if oslo, err := time.LoadLocation("Europe/Oslo"); err == nil {
		in.Location = oslo
		read("Annen!", 1)
	}
}

func mustStat(t *testing.T, name string) fs.FileInfo {
	t.Helper()
	info, err := os.Lstat(name)
	if err != nil {
		t.Fatal(err)
	}
	return info
}
