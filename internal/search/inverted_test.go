package search

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"sats/internal/cache"
	"sats/internal/model"
)

// vocabulary is the words of the test pages: a few common, most rare.
var vocabulary = strings.Fields("og i på kommune fjell bygd arbeid plass næring reiseliv hytte skog kraft " +
	"vann jord fond trainee gründer bedrift kurs samling region rapport tiltak søknad tilskudd ungdom " +
	"skole kultur turisme landbruk energi bredbånd vei bane buss handel marked eksport")

func randomText(r *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		// Squared: the first words are the common ones.
		f := r.Float64()
		ws[i] = vocabulary[int(f*f*float64(len(vocabulary)))]
	}
	return strings.Join(ws, " ")
}

func randomSources(r *rand.Rand, n int) []source {
	var srcs []source
	for i := range n {
		srcs = append(srcs, source{kind: model.KindNews, title: fmt.Sprintf("Post %d %s", i, randomText(r, 1+i%3)), url: fmt.Sprintf("/p%d/", i),
			date: fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28), summary: randomText(r, 4),
			content: "<p>" + randomText(r, 10+r.IntN(40)) + "</p>"})
	}
	return srcs
}

// An index made from the inverted index of the build before (in a store,
// or in the preview's cache) is the index made from nothing, whatever
// changed in between: a page's text, a word no page had before, the last
// page with a word, a summary, a title (which numbers the pages anew), a
// page added or removed, many pages changed, a damaged store.
func TestIncrementalIndexIsTheSame(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	srcs := randomSources(r, 60)
	edits := []struct {
		name string
		edit func([]source) []source
	}{
		{"nothing", func(s []source) []source { return s }},
		{"one text", func(s []source) []source { s[7].content += " skog og kraft"; return s }},
		{"a new word", func(s []source) []source { s[12].content = "<p>Vindmølle i fjellet</p>"; return s }},
		{"the last page with a word", func(s []source) []source { s[12].content = "<p>Bare fjell</p>"; return s }},
		{"three texts", func(s []source) []source {
			for _, i := range []int{3, 30, 59} {
				s[i].content = "<p>" + randomText(r, 30) + "</p>"
			}
			return s
		}},
		{"a summary", func(s []source) []source { s[20].summary = "Kraft og vann"; return s }},
		{"a word from the text to the title", func(s []source) []source { s[21].title = "Post 21 vindmølle"; return s }},
		{"a title", func(s []source) []source { s[40].title = "A"; return s }},
		{"a page added", func(s []source) []source {
			return append(s, source{kind: model.KindNews, title: "Ny", url: "/ny/", content: "<p>Ny side om bygd</p>"})
		}},
		{"a page removed", func(s []source) []source { return slices.Delete(s, 5, 6) }},
		{"many texts", func(s []source) []source {
			for i := range s {
				if i%3 == 0 {
					s[i].content = "<p>" + randomText(r, 20) + "</p>"
				}
			}
			return s
		}},
	}
	for _, maxWhole := range []int{MaxWhole, 0} {
		store := &cache.Memory{}
		var prev *Cache
		srcs := slices.Clone(srcs)
		for _, e := range edits {
			srcs = e.edit(srcs)
			want := testIndexWith(t, slices.Clone(srcs), nil, maxWhole)
			if got := testIndexWith(t, slices.Clone(srcs), store, maxWhole); !maps.Equal(got, want) {
				t.Errorf("maxWhole %d, %s: the index made with the store differs from the index made from nothing", maxWhole, e.name)
			}
			files, next, err := assemble(slices.Clone(srcs), map[model.Kind]string{model.KindNews: "Nyhet"}, prev, nil, "nb", maxWhole)
			if err != nil {
				t.Fatal(err)
			}
			if got := fileMap(files); !maps.EqualFunc(got, want, func(a []byte, b string) bool { return string(a) == b }) {
				t.Errorf("maxWhole %d, %s: the index made with the preview's cache differs from the index made from nothing", maxWhole, e.name)
			}
			prev = next
		}
		store.Damage()
		want := testIndexWith(t, slices.Clone(srcs), nil, maxWhole)
		if got := testIndexWith(t, slices.Clone(srcs), store, maxWhole); !maps.Equal(got, want) {
			t.Errorf("maxWhole %d: the index made with a damaged store differs", maxWhole)
		}
	}
}

// update starts from the inverted index before when few pages changed,
// and gives the postings invert gives; it refuses pages numbered anew, and
// a changed page whose old entry is gone.
func TestUpdateInvertsOnlyWhatChanged(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	srcs := randomSources(r, 40)
	numberedPages := func(srcs []source) ([]*page, []byte, map[[32]byte]*page) {
		pages := make([]*page, len(srcs))
		keys := make([][32]byte, len(srcs))
		byKey := map[[32]byte]*page{}
		for i, src := range srcs {
			p, err := makePage(src, newNormalWords())
			if err != nil {
				t.Fatal(err)
			}
			pages[i], keys[i] = p, src.key()
			byKey[keys[i]] = p
		}
		pages, idKeys := numbered(pages, keys)
		return pages, idKeys, byKey
	}
	pages, keys, olds := numberedPages(srcs)
	terms, postings := invert(pages)
	state := &inverted{keys: keys, terms: terms, postings: postings}
	if got := decodeInverted(state.encode()); got == nil || !slices.Equal(got.terms, terms) || !slices.Equal(got.keys, keys) {
		t.Fatal("the inverted index does not come back from the store as it was")
	}
	old := func(k [32]byte) *page { return olds[k] }

	srcs[9].content = "<p>Vindmølle og kraft</p>"
	srcs[17].summary = "Skog"
	pages, keys, _ = numberedPages(srcs)
	wantTerms, wantPostings := invert(pages)
	gotTerms, gotPostings, ok := state.update(keys, pages, old)
	if !ok {
		t.Fatal("update refused two changed pages")
	}
	if !slices.Equal(gotTerms, wantTerms) {
		t.Errorf("terms after update differ from invert's")
	}
	for _, term := range wantTerms {
		if g, w := string(gotPostings.of(term)), string(wantPostings.of(term)); g != w {
			t.Errorf("postings of %q: update %s, invert %s", term, g, w)
		}
	}
	if _, _, ok := state.update(keys, pages, func([32]byte) *page { return nil }); ok {
		t.Error("update used an inverted index without the changed pages' old entries")
	}
	srcs[2].title = "Aaa"
	pages, keys, _ = numberedPages(srcs)
	if _, _, ok := state.update(keys, pages, old); ok {
		t.Error("update used an inverted index of pages numbered otherwise")
	}
	if decodeInverted(state.encode()[:40]) != nil {
		t.Error("a cut inverted index was read")
	}
}

// splice gives the postings that decoding, changing and encoding give, for
// random lists, changed pages and new postings.
func TestSpliceIsDecodeAndEncode(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	encode := func(ps []posting) []byte {
		var b []byte
		last := 0
		for _, p := range ps {
			b = appendNumber(b, 3*(p.id-last)+p.field)
			last = p.id
		}
		return b
	}
	for range 2000 {
		n := 1 + r.IntN(200)
		var old []posting
		for id := range n {
			if r.IntN(3) == 0 {
				old = append(old, posting{id, r.IntN(3)})
			}
		}
		var changed []int
		var news []posting
		for id := range n {
			if r.IntN(20) == 0 {
				changed = append(changed, id)
				if r.IntN(2) == 0 {
					news = append(news, posting{id, r.IntN(3)})
				}
			}
		}
		var want []posting
		for _, p := range old {
			if !slices.Contains(changed, p.id) {
				want = append(want, p)
			}
		}
		want = append(want, news...)
		slices.SortFunc(want, func(a, b posting) int { return a.id - b.id })
		got := splice([]byte("x"), encode(old), changed, news)
		if string(got) != "x"+string(encode(want)) {
			t.Fatalf("splice(%v, changed %v, news %v) = %q, want %q", old, changed, news, got[1:], encode(want))
		}
	}
}
