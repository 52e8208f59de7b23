package load

import (
	"os"
	"reflect"
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
	if store.Gave != len(want.Docs) {
		t.Errorf("the store gave %d of %d documents", store.Gave, len(want.Docs))
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
