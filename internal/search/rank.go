package search

import (
	"encoding/json"
	"fmt"
	"maps"
	"sort"
	"unicode/utf8"
)

// The ranking of results, the reference of the script's search function.
// Each query word scores by the best field it matches in, weighted
// fieldTitle, fieldAbout (summary and applicant · focus area) or fieldText,
// times one more than how it matched (sameWord, prefixMatch, inCompound).
// A page must match every query word, or one in its title, summary or
// applicant. Among pages of equal score, the one
// with the shorter title (in words) comes first, as the closest match; then
// the newest; then by title.
const (
	fieldTitle = 100
	fieldAbout = 10
	fieldText  = 1
)

// Result is a page of an index as the ranking sees it.
type Result struct {
	URL   string `json:"u"`
	Title string `json:"t"`
	Date  string `json:"d"`
	Sum   string `json:"s"`
	Meta  string `json:"m"`
	Text  string `json:"x"`
}

// manifest is the file of an index the script loads first: the whole index
// (Terms and Pages), or the keys of its shards and the size of its chunks.
type manifest struct {
	N     int               `json:"n"`
	Terms map[string]string `json:"terms"`
	Pages []Result          `json:"pages"`
	Chunk int               `json:"chunk"`
	Keys  []string          `json:"keys"`  // of the shards of terms
	Infix []string          `json:"infix"` // of the shards of suffixes
}

// Reader reads the files of a search index (Index) the way the script
// does: the manifest first, then the shards and chunks a query needs.
type Reader struct {
	files  map[string][]byte
	m      manifest
	shards map[string]map[string]string
	chunks map[int][]Result
}

// Open reads the manifest of an index, from its files by name.
func Open(files map[string][]byte) (*Reader, error) {
	r := &Reader{files: files, shards: map[string]map[string]string{}, chunks: map[int][]Result{}}
	if err := json.Unmarshal(files[ManifestName], &r.m); err != nil {
		return nil, fmt.Errorf("%s: %v", ManifestName, err)
	}
	return r, nil
}

// Rank returns the pages of a search index (the files of Index, by name)
// that match query, best first.
func Rank(files map[string][]byte, query string) ([]Result, error) {
	r, err := Open(files)
	if err != nil {
		return nil, err
	}
	return r.Rank(query)
}

// terms returns the terms where stem looks: all of a whole index, or those
// of the shards of the stem (Shards).
func (r *Reader) terms(stem string) (map[string]string, error) {
	if r.m.Pages != nil {
		return r.m.Terms, nil
	}
	out := map[string]string{}
	for _, name := range r.shardsOf(stem) {
		t, ok := r.shards[name]
		if !ok {
			if err := json.Unmarshal(r.files[name], &t); err != nil {
				return nil, fmt.Errorf("%s: %v", name, err)
			}
			r.shards[name] = t
		}
		maps.Copy(out, t)
	}
	return out, nil
}

// shardsOf returns the files of the shards where stem looks: of terms that
// start with it, and of suffixes if it is long enough to be found inside
// a compound.
func (r *Reader) shardsOf(stem string) []string {
	var names []string
	for _, k := range Shards(r.m.Keys, stem) {
		names = append(names, ShardName(prefixShard, k))
	}
	if utf8.RuneCountInString(stem) >= minInfix {
		for _, k := range Shards(r.m.Infix, stem) {
			names = append(names, ShardName(infixShard, k))
		}
	}
	return names
}

// page returns the entry of the page of id.
func (r *Reader) page(id int) (Result, error) {
	if r.m.Pages != nil {
		return r.m.Pages[id], nil
	}
	n := id / r.m.Chunk
	c, ok := r.chunks[n]
	if !ok {
		if err := json.Unmarshal(r.files[ChunkName(n)], &c); err != nil {
			return Result{}, fmt.Errorf("%s: %v", ChunkName(n), err)
		}
		r.chunks[n] = c
	}
	return c[id%r.m.Chunk], nil
}

// Rank returns the pages that match query, best first. It does what the
// script's search does: it reads the shard of each query stem, matches the
// stem with each term of it (wordMatch), scores the pages of the postings
// of the terms matched, and orders them by score, then by id (the order of
// equals).
func (r *Reader) Rank(query string) ([]Result, error) {
	ids, err := r.rankIDs(query)
	if err != nil {
		return nil, err
	}
	out := make([]Result, len(ids))
	for i, id := range ids {
		if out[i], err = r.page(id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// rankIDs returns the ids of the pages that match query, best first.
func (r *Reader) rankIDs(query string) ([]int, error) {
	stems := queryStems(query)
	hits := map[int][]int{} // by page id: how each stem matched in each field
	for i, s := range stems {
		terms, err := r.terms(s)
		if err != nil {
			return nil, err
		}
		n := utf8.RuneCountInString(s)
		for t, post := range terms {
			h := wordMatchN(t, s, n)
			if h == noMatch {
				continue
			}
			id := 0
			for _, v := range numbers(post) {
				id += v / 3
				if hits[id] == nil {
					hits[id] = make([]int, 3*len(stems))
				}
				hits[id][3*i+v%3] = max(hits[id][3*i+v%3], h)
			}
		}
	}
	type scored struct{ id, score int }
	var found []scored
	for id, h := range hits {
		if s := score(h, len(stems)); s > 0 {
			found = append(found, scored{id, s})
		}
	}
	sort.Slice(found, func(i, j int) bool {
		if found[i].score != found[j].score {
			return found[i].score > found[j].score
		}
		return found[i].id < found[j].id
	})
	ids := make([]int, len(found))
	for i, f := range found {
		ids[i] = f.id
	}
	return ids, nil
}

// score is the score of a page for the n stems of a query, from how each
// stem matched in each of its fields (hits[3*i+field]): 0 when the page is
// not found, that is when a stem does not match it and none matches its
// title, summary or applicant.
func score(hits []int, n int) int {
	total, missing, inTitle := 0, false, false
	for i := 0; i < n; i++ {
		h, w := hits[3*i], fieldTitle
		if h == noMatch {
			h, w = hits[3*i+1], fieldAbout
		}
		if h == noMatch {
			h, w = hits[3*i+2], fieldText
		}
		if h == noMatch {
			missing = true
			continue
		}
		inTitle = inTitle || w >= fieldAbout
		total += w * (h + 1)
	}
	if missing && !inTitle {
		return 0
	}
	return total
}

// Loads returns the files the script loads to show the first shown results
// of query: the manifest, the shard of each query stem, and the chunks that
// hold those results. It is how the size of a query is measured.
func (r *Reader) Loads(query string, shown int) ([]string, error) {
	names := []string{ManifestName}
	if r.m.Pages != nil {
		return names, nil
	}
	seen := map[string]bool{}
	for _, s := range queryStems(query) {
		for _, name := range r.shardsOf(s) {
			if !seen[name] {
				seen[name] = true
				names = append(names, name)
			}
		}
	}
	res, err := r.rankIDs(query)
	if err != nil {
		return nil, err
	}
	for _, id := range res[:min(shown, len(res))] {
		if name := ChunkName(id / r.m.Chunk); !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	return names, nil
}
