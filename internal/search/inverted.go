package search

import (
	"bytes"
	"maps"
	"slices"
	"strings"

	"sats/internal/cache"
)

// An edit changes few pages, and a page's terms touch few postings: the
// next build of an index starts from the inverted index of the one before
// (an inverted), kept in the preview's Cache and in the store under a key
// of its own (stateKey), and makes again only the postings of the terms of
// the pages that changed. It is used only when it is the index of the same
// pages in the same order but for a few: every page it was made of is
// named by its key in the store (source.key), and each page id whose key
// is another now is a changed page, whose old terms and new terms are the
// terms made again. Anything else (pages added, removed or in another
// order, too many changed, a changed page's old record gone from the store)
// inverts the whole index anew. Either way the postings are the ones
// invert gives (TestIncrementalIndexIsTheSame).

// inverted is an index as invert made it, and the pages it was made of.
type inverted struct {
	keys     []byte // the store key of each page (32 bytes each), by page id
	terms    []string
	postings postingSet
}

const stateFormat = "sats-search-state-1"

// stateKey is where a store keeps the inverted index of the named index
// (its site's language) for the next build.
func stateKey(name string) [32]byte { return cache.Key(stateFormat, name) }

func (v *inverted) encode() []byte {
	size := len(v.keys) + 16
	for _, t := range v.terms {
		size += 2*len(t) + len(v.postings.of(t)) + 8
	}
	var e cache.Encoder
	e.Grow(size)
	e.Blob(v.keys)
	e.Uint(uint64(len(v.terms)))
	for _, t := range v.terms {
		e.String(t)
		e.Blob(v.postings.of(t))
	}
	return e.Bytes()
}

// decodeInverted returns the inverted index encode wrote, or nil if value
// is not one. Its strings are slices of value.
func decodeInverted(value []byte) *inverted {
	d := cache.NewDecoder(value)
	v := &inverted{keys: d.Bytes()}
	n := d.Uint()
	if !d.OK() || len(v.keys)%32 != 0 || n > uint64(len(value)) {
		return nil
	}
	v.terms = make([]string, 0, n)
	v.postings = newPostingSet()
	for range n {
		t, p := d.Bytes(), d.Bytes()
		if !d.OK() || !isPosting(t, p) {
			return nil
		}
		term := string(t) // a term is short; the postings stay in the value
		if k := len(v.terms); k > 0 && v.terms[k-1] >= term {
			return nil
		}
		v.terms = append(v.terms, term)
		v.postings.parts[v.postings.part(term)][term] = p
	}
	return v
}

// isPosting reports whether p is the postings of term t as invert writes
// them: "t":"…".
func isPosting(t, p []byte) bool {
	return len(p) > len(t)+5 && p[0] == '"' && bytes.HasPrefix(p[1:], t) &&
		bytes.HasPrefix(p[1+len(t):], []byte(`":"`)) && p[len(p)-1] == '"'
}

// update returns the terms and postings of pages, whose store keys are keys
// (32 bytes each, by page id), made from v and the pages that changed since;
// old gives the page of the index under a key, or nil. ok is false when v
// cannot be used.
func (v *inverted) update(keys []byte, pages []*page, old func([32]byte) *page) (terms []string, postings postingSet, ok bool) {
	if v == nil || len(v.keys) != len(keys) || len(keys) != 32*len(pages) {
		return nil, postingSet{}, false
	}
	var changed []int
	for id := range pages {
		if !bytes.Equal(keys[32*id:32*id+32], v.keys[32*id:32*id+32]) {
			if changed = append(changed, id); len(changed) > 1+len(pages)/8 {
				return nil, postingSet{}, false
			}
		}
	}
	if len(changed) == 0 {
		return v.terms, v.postings, true
	}
	// The terms to make again, each with its new postings among the
	// changed pages, by ascending id.
	type posting struct{ id, field int }
	again := map[string][]posting{}
	for _, id := range changed {
		p := old([32]byte(v.keys[32*id : 32*id+32]))
		if p == nil {
			return nil, postingSet{}, false
		}
		eachTerm(p, func(t string, _ uint8) {
			if _, ok := again[t]; !ok {
				again[t] = nil
			}
		})
		eachTerm(pages[id], func(t string, field uint8) {
			again[t] = append(again[t], posting{id, int(field)})
		})
	}
	postings = postingSet{parts: make([]map[string][]byte, len(v.postings.parts))}
	for w, part := range v.postings.parts {
		postings.parts[w] = maps.Clone(part)
	}
	added, removed := false, false
	isChanged := func(id int) bool { _, found := slices.BinarySearch(changed, id); return found }
	for t, news := range again {
		var list []posting
		if prev := v.postings.of(t); prev != nil {
			id := 0
			eachNumber(prev[len(t)+4:len(prev)-1], func(n int) {
				id += n / 3
				if !isChanged(id) {
					list = append(list, posting{id, n % 3})
				}
			})
		} else {
			added = added || len(news) > 0
		}
		list = append(list, news...)
		slices.SortFunc(list, func(a, b posting) int { return a.id - b.id })
		part := postings.parts[postings.part(t)]
		if len(list) == 0 {
			if _, had := part[t]; had {
				delete(part, t)
				removed = true
			}
			continue
		}
		json := append(append(append(make([]byte, 0, len(t)+4+2*len(list)), '"'), t...), `":"`...)
		last := 0
		for _, p := range list {
			json = appendNumber(json, 3*(p.id-last)+p.field)
			last = p.id
		}
		part[t] = append(json, '"')
	}
	terms = v.terms
	if added || removed {
		terms = make([]string, 0, len(v.terms)+len(again))
		for _, part := range postings.parts {
			for t := range part {
				terms = append(terms, t)
			}
		}
		slices.Sort(terms)
	}
	return terms, postings, true
}

// eachTerm calls f with each term of page p and the best field it is in.
func eachTerm(p *page, f func(t string, field uint8)) {
	rest := p.terms
	for k := range p.fields {
		t, after, _ := strings.Cut(rest, " ")
		rest = after
		f(t, p.fields[k])
	}
}

// eachNumber calls f with each number appendNumber wrote in b.
func eachNumber(b []byte, f func(int)) {
	n := 0
	for _, c := range b {
		d := digitValue(c)
		n = n<<5 | d&31
		if d < 32 {
			f(n)
			n = 0
		}
	}
}

// digitValue is the index of c in digits.
func digitValue(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return 26 + int(c-'a')
	case c >= '0' && c <= '9':
		return 52 + int(c-'0')
	case c == '-':
		return 62
	}
	return 63
}
