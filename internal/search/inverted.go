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
	for t, news := range again {
		var prev []byte // the numbers of the term's postings before
		if p := v.postings.of(t); p != nil {
			prev = p[len(t)+4 : len(p)-1]
		} else {
			added = added || len(news) > 0
		}
		json := append(append(append(make([]byte, 0, len(t)+len(prev)+16), '"'), t...), `":"`...)
		json = splice(json, prev, changed, news)
		part := postings.parts[postings.part(t)]
		if len(json) == len(t)+4 {
			if _, had := part[t]; had {
				delete(part, t)
				removed = true
			}
			continue
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

// posting is a page's posting of a term: its id and the best field.
type posting struct{ id, field int }

// splice appends to dst the numbers of postings old (as appendNumber wrote
// them) without those of the pages changed, and with news; both ascending
// by id, and news only of changed pages. The runs of old between changes
// are copied as they are: an edit costs a read of the postings of its
// terms, not a decoding and encoding of them.
func splice(dst, old []byte, changed []int, news []posting) []byte {
	last := 0     // the id of the last posting written
	id, n := 0, 0 // the id of the posting of old being read, and its number so far
	fresh := true // the number being read is relative to last: it can be copied
	run, start := 0, 0
	ci := 0
	for i, c := range old {
		d := digitValue(c)
		n = n<<5 | d&31
		if d >= 32 {
			continue
		}
		id += n / 3
		field := n % 3
		n = 0
		end := i + 1
		for ; len(news) > 0 && news[0].id < id; news = news[1:] {
			dst = append(dst, old[run:start]...)
			dst = appendNumber(dst, 3*(news[0].id-last)+news[0].field)
			last, run, fresh = news[0].id, start, false
		}
		for ci < len(changed) && changed[ci] < id {
			ci++
		}
		switch {
		case ci < len(changed) && changed[ci] == id:
			dst = append(dst, old[run:start]...)
			run, fresh = end, false
		case fresh:
			last = id
		default:
			dst = append(dst, old[run:start]...)
			dst = appendNumber(dst, 3*(id-last)+field)
			last, run, fresh = id, end, true
		}
		start = end
	}
	dst = append(dst, old[run:]...)
	for _, p := range news {
		dst = appendNumber(dst, 3*(p.id-last)+p.field)
		last = p.id
	}
	return dst
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
