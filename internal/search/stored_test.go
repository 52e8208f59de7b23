package search

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode"

	"sats/internal/model"
)

// mapStore is a Store in memory that counts what it gave.
type mapStore struct {
	values map[[32]byte][]byte
	gave   int
}

func (m *mapStore) Get(k [32]byte) ([]byte, bool) {
	v, ok := m.values[k]
	if ok {
		m.gave++
	}
	return v, ok
}

func (m *mapStore) Put(k [32]byte, v []byte) { m.values[k] = v }

// An index made with the pages a store kept is the index made from nothing;
// a page whose source changed is made again, and a damaged value too.
func TestIndexFromStoreIsTheSame(t *testing.T) {
	var srcs []source
	for i := range 40 {
		srcs = append(srcs, source{kind: model.KindNews, title: fmt.Sprint("Post ", i), url: fmt.Sprintf("/p%d/", i),
			date: fmt.Sprintf("2024-01-%02d", 1+i%28), summary: "Om fjellet og bygda", content: fmt.Sprintf("<p>Tekst nummer %d om arbeidsplasser.</p>", i)})
	}
	kinds := map[model.Kind]string{model.KindNews: "Nyhet"}
	files := func(store Store) map[string]string {
		t.Helper()
		fs, _, err := assemble(slices.Clone(srcs), kinds, nil, store, 0)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, f := range fs {
			out[f.Name] = string(f.Data)
		}
		return out
	}
	store := &mapStore{values: map[[32]byte][]byte{}}
	want := files(nil)
	if got := files(store); !maps.Equal(got, want) || store.gave != 0 {
		t.Fatalf("first index differs, or the empty store gave %d pages", store.gave)
	}
	if got := files(store); !maps.Equal(got, want) || store.gave != len(srcs) {
		t.Errorf("index from the store differs, or the store gave %d of %d pages", store.gave, len(srcs))
	}
	srcs[3].content = "<p>Ny tekst om kraftverket.</p>"
	store.gave = 0
	files(store)
	if store.gave != len(srcs)-1 {
		t.Errorf("after one page changed the store gave %d pages, want %d", store.gave, len(srcs)-1)
	}
	for k, v := range store.values {
		store.values[k] = v[:len(v)-1]
	}
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
