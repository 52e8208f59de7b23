package search

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A split index puts its terms into shards by prefix, so that a query stem
// loads the terms it can match and few others. A stem matches a term that
// starts with it, or (rule 4 of match.go) that holds it after the term's
// first minStem letters: so the strings searched are the terms and their
// suffixes from their letter minStem on (of at least minInfix letters), and
// a stem finds its terms among the strings that start with it: terms in
// the shards of terms, compounds in the shards of suffixes, which only a
// stem of at least minInfix letters loads.
//
// Each kind of string is sorted and cut into shards like a trie: the strings under
// a prefix are one shard, keyed by the prefix, if the postings of their
// terms take at most maxShard bytes; else they are split by the letter
// after the prefix, and the strings equal to the prefix go to a shard of
// their own, keyed by the prefix and exactCut ("al$"). The manifest lists
// the keys; Shards tells which a stem loads.

// exactCut ends the key of a shard of the strings equal to its prefix.
const exactCut = "$"

// key is a string searched by prefix and the term it stands for.
type key struct{ s, term string }

// split returns the files of a split index: the manifest with the keys of
// the shards of terms ("keys") and of suffixes ("infix"), a shard per key
// (ShardName) and the pages in chunks of chunkSize (ChunkName).
func split(head []byte, terms []string, postings postingSet, pages []*page) []File {
	var strs, suffixes []key
	for _, t := range terms {
		strs = append(strs, key{t, t})
		rs := []rune(t)
		for p := minStem; p+minInfix <= len(rs); p++ {
			suffixes = append(suffixes, key{string(rs[p:]), t})
		}
	}
	sort.Slice(suffixes, func(i, j int) bool { return suffixes[i].s < suffixes[j].s })
	manifest := append(append(head, `,"chunk":`...), strconv.Itoa(chunkSize)...)
	var files []File
	for _, c := range []struct {
		field, kind string
		strs        []key
	}{{"keys", prefixShard, strs}, {"infix", infixShard, suffixes}} {
		keys, shards := cut(c.strs, c.kind, postings)
		files = append(files, shards...)
		manifest = append(append(append(manifest, `,"`...), c.field...), `":[`...)
		for i, k := range keys {
			if i > 0 {
				manifest = append(manifest, ',')
			}
			manifest = append(append(append(manifest, '"'), k...), '"')
		}
		manifest = append(manifest, ']')
	}
	files = append(files, File{ManifestName, append(manifest, '}')})
	for i := 0; i < len(pages); i += chunkSize {
		files = append(files, File{ChunkName(i / chunkSize), appendPages(nil, pages[i:min(i+chunkSize, len(pages))])})
	}
	return files
}

// The kinds of shard: of terms, found by their start, and of suffixes,
// found inside compounds.
const (
	prefixShard = "t"
	infixShard  = "i"
)

// cut cuts the strings strs, sorted, into shards of the terms they stand
// for, and returns their keys, sorted, and their files.
func cut(strs []key, kind string, postings postingSet) ([]string, []File) {
	var keys []string
	var files []File
	shard := func(k string, strs []key) {
		keys = append(keys, k)
		var ts []string
		for _, s := range strs {
			ts = append(ts, s.term)
		}
		slices.Sort(ts)
		files = append(files, File{ShardName(kind, k), appendTerms(nil, slices.Compact(ts), postings)})
	}
	var under func(prefix string, strs []key)
	under = func(prefix string, strs []key) {
		size, seen := 0, map[string]bool{}
		for _, s := range strs {
			if !seen[s.term] {
				seen[s.term] = true
				size += len(postings.of(s.term)) + 1
			}
		}
		if size <= maxShard || strs[len(strs)-1].s == prefix {
			shard(prefix, strs)
			return
		}
		i := 0
		for i < len(strs) && strs[i].s == prefix {
			i++
		}
		if i > 0 {
			shard(prefix+exactCut, strs[:i])
		}
		for i < len(strs) {
			_, n := utf8.DecodeRuneInString(strs[i].s[len(prefix):])
			next := prefix + strs[i].s[len(prefix):len(prefix)+n]
			j := i
			for j < len(strs) && strings.HasPrefix(strs[j].s, next) {
				j++
			}
			under(next, strs[i:j])
			i = j
		}
	}
	if len(strs) > 0 {
		under("", strs)
	}
	sort.Strings(keys)
	return keys, files
}

// Shards returns the keys of the shards (of keys, sorted) that hold the
// terms a query stem can match: the shard whose prefix starts the stem, or
// else the shards under the stem. A stem of fewer than minPrefix letters
// matches only itself: it needs the shard of the strings equal to it.
func Shards(keys []string, stem string) []string {
	has := func(k string) bool {
		i := sort.SearchStrings(keys, k)
		return i < len(keys) && keys[i] == k
	}
	for i := range len(stem) + 1 {
		if (i == len(stem) || utf8.RuneStart(stem[i])) && has(stem[:i]) {
			return []string{stem[:i]}
		}
	}
	if utf8.RuneCountInString(stem) < minPrefix {
		if has(stem + exactCut) {
			return []string{stem + exactCut}
		}
		return nil
	}
	lo := sort.SearchStrings(keys, stem)
	hi := lo
	for hi < len(keys) && strings.HasPrefix(keys[hi], stem) {
		hi++
	}
	return keys[lo:hi]
}

// ShardName is the file of the shard of a kind (prefixShard, infixShard)
// and key: the key's letters a-z and 0-9 as they are, any other as _, its
// code point in hex and _.
func ShardName(kind, key string) string {
	var b strings.Builder
	b.WriteString("index/" + kind + "-")
	for _, r := range key {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteString("_" + strconv.FormatInt(int64(r), 16) + "_")
		}
	}
	b.WriteString(".json")
	return b.String()
}

// ChunkName is the file of the nth chunk of pages.
func ChunkName(n int) string { return "index/p-" + strconv.Itoa(n) + ".json" }
