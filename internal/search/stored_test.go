package search

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode"

	"sats/internal/cache"
	"sats/internal/model"
)

// An index made with the pages a store kept is the index made from nothing;
// a page whose source changed is made again, and a damaged value too.
func TestIndexFromStoreIsTheSame(t *testing.T) {
	var srcs []source
	for i := range 40 {
		srcs = append(srcs, source{kind: model.KindNews, title: fmt.Sprint("Post ", i), url: fmt.Sprintf("/p%d/", i),
			date: fmt.Sprintf("2024-01-%02d", 1+i%28), summary: "Om fjellet og bygda", content: fmt.Sprintf("<p>Tekst nummer %d om arbeidsplasser.</p>", i)})
	}
	files := func(store cache.Values) map[string]string {
		t.Helper()
		return testIndexWith(t, slices.Clone(srcs), store, 0)
	}
	store := &cache.Memory{}
	want := files(nil)
	if got := files(store); !maps.Equal(got, want) || store.Gave != 0 {
		t.Fatalf("first index differs, or the empty store gave %d pages", store.Gave)
	}
	// The store gives every page, and the inverted index.
	if got := files(store); !maps.Equal(got, want) || store.Gave != len(srcs)+1 {
		t.Errorf("index from the store differs, or the store gave %d values, want %d", store.Gave, len(srcs)+1)
	}
	srcs[3].content = "<p>Ny tekst om kraftverket.</p>"
	store.Gave = 0
	files(store)
	// Every page but the changed one, the inverted index, and the changed
	// page as it was, whose terms are made again.
	if store.Gave != len(srcs)+1 {
		t.Errorf("after one page changed the store gave %d values, want %d", store.Gave, len(srcs)+1)
	}
	store.Damage()
	want = files(nil)
	if got := files(store); !maps.Equal(got, want) {
		t.Error("an index made from damaged values differs")
	}
}

// normalWords.of gives the words of each piece of text between spaces, in
// order, however the text starts and ends.
func TestNormalWordsOfPieces(t *testing.T) {
	for _, s := range []string{"", " ", "Blåbær", "  to  ord ", "ett\u00a0to\ttre\n", "ende", "ÆØÅ æøå", "a\xffb c", "x "} {
		var want []string
		for _, piece := range strings.FieldsFunc(s, unicode.IsSpace) {
			want = append(want, words(Normalize(piece))...)
		}
		if got := (normalWords{}).of(s); !slices.Equal(got, want) {
			t.Errorf("of(%q) = %q, want %q", s, got, want)
		}
	}
}
