package search

import (
	"errors"
	"html/template"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"sats/internal/cache"
	"sats/internal/model"
	"sats/internal/pool"
)

// File is a file of a search index, named from the directory of its search
// page: ManifestName, and when the index is split, shards and chunks under
// "index/".
type File struct {
	Name string
	Data []byte
}

const (
	// ManifestName is the file of the index the script loads first.
	ManifestName = "index.json"
	// MaxWhole is the size in bytes, before compression, up to which an
	// index is one file; a larger one is split.
	MaxWhole = 256 << 10
	// chunkSize is how many pages a chunk of a split index holds: the
	// results shown first are often each in a chunk of its own.
	chunkSize = 4
	// maxShard is the size in bytes up to which the terms under a prefix
	// are one shard; a larger shard is split by the letter after the
	// prefix, unless it holds the terms of one string.
	maxShard = 24 << 10
)

// Fields of a posting, best first: a page's term is listed under the best
// field it is in.
const (
	inTitle = iota
	inAbout
	inText
)

// Cache keeps the pages of an index for the next build of the same site
// (the preview server), and the index as inverted (inverted.go): a page's
// entry and terms are made again only when what they are made of has
// changed, and only the postings of the terms of changed pages. The zero
// Cache is empty.
type Cache struct {
	pages map[string]cached // by URL
	state *inverted         // the index as inverted, for the next build
}

type cached struct {
	src  source
	key  [32]byte // src.key()
	page *page
}

// page is a page of the index: its entry as JSON, what orders it among
// equals, and its terms with the best field each is in.
type page struct {
	json       []byte
	titleWords int
	date       string
	title      string
	terms      string  // sorted, between spaces: one string is smaller than many
	fields     []uint8 // fields[i] is the best field of the ith term
}

func makePage(src source, nw *normalWords) (*page, error) {
	e, body := src.entry()
	data, err := marshal(e)
	if err != nil {
		return nil, err
	}
	nw.next()
	best := make(map[string]uint8, 256)
	nw.add(best, src.title, inTitle)
	nw.add(best, src.summary, inAbout)
	nw.add(best, src.meta, inAbout)
	nw.add(best, body, inText)
	nw.add(best, src.extra, inText)
	ts := make([]string, 0, len(best))
	for w := range best {
		ts = append(ts, w)
	}
	sort.Strings(ts)
	p := &page{json: data, titleWords: len(nw.of(src.title)), date: src.date, title: src.title,
		terms: strings.Join(ts, " "), fields: make([]uint8, len(ts))}
	for i, w := range ts {
		p.fields[i] = best[w]
	}
	return p, nil
}

// before reports whether page a comes before page b among results of equal
// score (rank.go): the shorter title in words, then the newest, then by
// title.
func before(a, b *page) bool {
	if a.titleWords != b.titleWords {
		return a.titleWords < b.titleWords
	}
	if a.date != b.date {
		return a.date > b.date
	}
	return a.title < b.title
}

// Index returns the files of the search index of the site's pages, whose
// converted Markdown content returns. With the cache of the previous build
// (the preview) or a store that outlives the program (`sats build`; nil for
// none) it makes only the pages that changed, and the postings of their
// terms; it returns the cache for the next build. The store keeps each page
// of the index under the SHA-256 of its source (stored.go), and the
// inverted index under the site's language. sums, if not nil, gives the
// SHA-256 of a page's content when it is known, so that the key of the page
// in the store is made without hashing the content again.
func Index(s *model.Site, content func(*model.Page) template.HTML, sums func(*model.Page) ([32]byte, bool), prev *Cache, store cache.Values) ([]File, *Cache, error) {
	return index(s, content, sums, prev, store, MaxWhole)
}

func index(s *model.Site, content func(*model.Page) template.HTML, sums func(*model.Page) ([32]byte, bool), prev *Cache, store cache.Values, maxWhole int) ([]File, *Cache, error) {
	kindNames := map[model.Kind]string{}
	var srcs []source
	for _, p := range s.Pages {
		key := label(s, p.Kind)
		if key == "" || p.Layout == Layout || p.Lang != s.Lang {
			continue
		}
		kindNames[p.Kind] = s.T(key)
		src := sourceOf(s, p, content(p))
		if sums != nil {
			if sum, ok := sums(p); ok {
				src.contentSum = string(sum[:])
			}
		}
		srcs = append(srcs, src)
	}
	return assemble(srcs, kindNames, prev, store, s.Lang, maxWhole)
}

// assemble makes the files of the index of the pages of srcs: one file if
// it is at most maxWhole bytes, else split. name names the index in the
// store: its site's language.
func assemble(srcs []source, kindNames map[model.Kind]string, prev *Cache, store cache.Values, name string, maxWhole int) ([]File, *Cache, error) {
	pages := make([]*page, len(srcs))
	keys := make([][32]byte, len(srcs))
	errs := make([]error, len(srcs))
	pool.EachWith(len(srcs), newNormalWords, func(nw *normalWords, i int) {
		if prev != nil {
			if c, ok := prev.pages[srcs[i].url]; ok && c.src == srcs[i] {
				pages[i], keys[i] = c.page, c.key
				return
			}
		}
		keys[i] = srcs[i].key()
		if store != nil {
			if v, ok := store.Get(keys[i]); ok {
				if pages[i] = decodePage(v); pages[i] != nil {
					return
				}
			}
		}
		pages[i], errs[i] = makePage(srcs[i], nw)
		if store != nil && errs[i] == nil {
			store.Put(keys[i], pages[i].encode())
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	next := &Cache{pages: make(map[string]cached, len(srcs))}
	for i, p := range pages {
		next.pages[srcs[i].url] = cached{srcs[i], keys[i], p}
	}
	kindsJSON, err := marshal(kindNames)
	if err != nil {
		return nil, nil, err
	}
	pages, idKeys := numbered(pages, keys)
	terms, postings := invertFrom(pages, idKeys, prev, store, name)
	next.state = &inverted{keys: idKeys, terms: terms, postings: postings}
	if store != nil {
		store.Put(stateKey(name), next.state.encode())
	}
	size := 0
	for _, t := range terms {
		size += len(postings.of(t)) + 1
	}
	for _, p := range pages {
		size += len(p.json) + 1
	}
	head := append(append(append([]byte(`{"v":2,"kinds":`), kindsJSON...), `,"n":`...), strconv.Itoa(len(pages))...)
	if size <= maxWhole {
		buf := make([]byte, 0, size+len(head)+32)
		buf = append(append(buf, head...), `,"terms":`...)
		buf = appendTerms(buf, terms, postings)
		buf = append(buf, `,"pages":`...)
		buf = appendPages(buf, pages)
		return []File{{ManifestName, append(buf, '}')}}, next, nil
	}
	return split(head, terms, postings, pages), next, nil
}

// numbered returns the pages in the order of their ids, and their keys in
// the same order, 32 bytes each. Page ids follow the order of equals, so
// that results are ordered by score and id alone.
func numbered(pages []*page, keys [][32]byte) ([]*page, []byte) {
	order := make([]int, len(pages))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return before(pages[order[i]], pages[order[j]]) })
	byID := make([]*page, len(pages))
	idKeys := make([]byte, 0, 32*len(pages))
	for id, i := range order {
		byID[id] = pages[i]
		idKeys = append(idKeys, keys[i][:]...)
	}
	return byID, idKeys
}

// invertFrom returns invert(pages), made from the inverted index of the
// previous build (inverted.go) when it can be: the preview's, or else the
// store's.
func invertFrom(pages []*page, keys []byte, prev *Cache, store cache.Values, name string) ([]string, postingSet) {
	var state *inverted
	if prev != nil {
		state = prev.state
	}
	if state == nil && store != nil {
		if v, ok := store.Get(stateKey(name)); ok {
			state = decodeInverted(v)
		}
	}
	old := func(key [32]byte) *page {
		if store == nil {
			return nil
		}
		v, ok := store.Get(key)
		if !ok {
			return nil
		}
		return decodePage(v)
	}
	if prev != nil {
		var byKey map[[32]byte]*page // made when first asked
		inStore := old
		old = func(key [32]byte) *page {
			if byKey == nil {
				byKey = make(map[[32]byte]*page, len(prev.pages))
				for _, c := range prev.pages {
					byKey[c.key] = c.page
				}
			}
			if p := byKey[key]; p != nil {
				return p
			}
			return inStore(key)
		}
	}
	if terms, postings, ok := state.update(keys, pages, old); ok {
		return terms, postings
	}
	return invert(pages)
}

// invert returns the terms of the pages, sorted, and the postings of each
// as JSON: "term":"…", a number for each page that has the term, ascending
// by page id: 3 × (the id − the id before, or 0) + the best field the term
// is in (inTitle, inAbout, inText), each number written by appendNumber.
// The terms are shared out among the processors by their first byte; each
// reads every page's terms and lists its own.
func invert(pages []*page) ([]string, postingSet) {
	type posting struct {
		last int // the id of the page before, or 0
		json []byte
	}
	set := newPostingSet()
	terms := make([][]string, len(set.parts))
	var wg sync.WaitGroup
	for w := range set.parts {
		wg.Go(func() {
			lists := map[string]*posting{}
			for id, p := range pages {
				rest := p.terms
				for k := range p.fields {
					t, after, _ := strings.Cut(rest, " ")
					rest = after
					if set.part(t) != w {
						continue
					}
					l := lists[t]
					if l == nil {
						// A term is letters and digits: nothing in it needs escaping.
						l = &posting{json: append(append(append(make([]byte, 0, len(t)+8), '"'), t...), `":"`...)}
						lists[strings.Clone(t)] = l
					}
					l.json = appendNumber(l.json, 3*(id-l.last)+int(p.fields[k]))
					l.last = id
				}
			}
			out := make(map[string][]byte, len(lists))
			for t, l := range lists {
				terms[w] = append(terms[w], t)
				out[t] = append(l.json, '"')
			}
			set.parts[w] = out
		})
	}
	wg.Wait()
	all := slices.Concat(terms...)
	sort.Strings(all)
	return all, set
}

// postingSet holds the postings of every term as JSON, in parts by the
// term's first byte.
type postingSet struct{ parts []map[string][]byte }

// newPostingSet returns an empty set of a part for each processor.
func newPostingSet() postingSet {
	s := postingSet{parts: make([]map[string][]byte, min(runtime.GOMAXPROCS(0), 8))}
	for w := range s.parts {
		s.parts[w] = map[string][]byte{}
	}
	return s
}

func (s postingSet) part(t string) int {
	if t == "" {
		return 0
	}
	return int(t[0]) % len(s.parts)
}

// of returns the postings of term t.
func (s postingSet) of(t string) []byte { return s.parts[s.part(t)][t] }

// digits are the characters of the numbers of postings: each holds five
// bits of the number, most significant first, plus 32 in all but the last.
const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

func appendNumber(b []byte, n int) []byte {
	var tmp [13]byte
	i := len(tmp) - 1
	tmp[i] = digits[n&31]
	for n >>= 5; n > 0; n >>= 5 {
		i--
		tmp[i] = digits[32+n&31]
	}
	return append(b, tmp[i:]...)
}

// Postings returns the page ids of the postings of a term, as the index
// writes them.
func Postings(s string) []int {
	var ids []int
	id := 0
	for _, v := range numbers(s) {
		id += v / 3
		ids = append(ids, id)
	}
	return ids
}

// numbers decodes the numbers of postings written by appendNumber.
func numbers(s string) []int {
	var out []int
	n := 0
	for i := 0; i < len(s); i++ {
		c := strings.IndexByte(digits, s[i])
		n = n<<5 | c&31
		if c < 32 {
			out = append(out, n)
			n = 0
		}
	}
	return out
}

func appendTerms(buf []byte, terms []string, postings postingSet) []byte {
	buf = append(buf, '{')
	for i, t := range terms {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, postings.of(t)...)
	}
	return append(buf, '}')
}

func appendPages(buf []byte, pages []*page) []byte {
	buf = append(buf, '[')
	for i, p := range pages {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, p.json...)
	}
	return append(buf, ']')
}
