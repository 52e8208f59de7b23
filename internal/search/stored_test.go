package search

import (
	"fmt"
	"maps"
	"math/rand/v2"
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
		if got := newNormalWords().of(s); !slices.Equal(got, want) {
			t.Errorf("of(%q) = %q, want %q", s, got, want)
		}
	}
}

// A page's terms are the normalized words of its fields, each with the best
// field it is in, also when the pages before it (with the same
// normalWords) had the same pieces of text in other fields.
func TestPageTermsAreTheBestField(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	nw := newNormalWords()
	for i, src := range randomSources(r, 30) {
		if i%2 == 0 {
			src.meta, src.extra = randomText(r, 3), randomText(r, 5)
		}
		p, err := makePage(src, nw)
		if err != nil {
			t.Fatal(err)
		}
		best := map[string]uint8{}
		fields := []string{src.title, src.summary + " " + src.meta, plainText(src.content) + " " + src.extra}
		for f := len(fields) - 1; f >= 0; f-- {
			for _, w := range words(Normalize(fields[f])) {
				best[w] = uint8(f)
			}
		}
		terms := strings.Fields(p.terms)
		if len(terms) != len(best) || len(p.fields) != len(terms) {
			t.Fatalf("page %d: %d terms and %d fields, want %d", i, len(terms), len(p.fields), len(best))
		}
		for k, w := range terms {
			if f, ok := best[w]; !ok || f != p.fields[k] {
				t.Errorf("page %d: term %q in field %d, want %d (%v)", i, w, p.fields[k], f, ok)
			}
		}
		if p.titleWords != len(words(Normalize(src.title))) {
			t.Errorf("page %d: %d title words, want %d", i, p.titleWords, len(words(Normalize(src.title))))
		}
	}
}
