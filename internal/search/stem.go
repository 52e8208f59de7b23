package search

import (
	"strings"
	"unicode/utf8"
)

// Stem strips the inflection and derivation endings of a normalized word by
// the suffix rules of the Snowball Norwegian stemmer
// (https://snowballstem.org/algorithms/norwegian/stemmer.html), for words
// already folded by Normalize: its vowels are a, e, i, o, u and y (æ, ø and
// å have become ae, o and a). The stem is always a prefix of the word:
//
//   - R1 is the part of the word after the first consonant that follows a
//     vowel, but not before its fourth letter. Only endings inside R1 go.
//   - Step 1 removes the longest of the endings of mainEndings; an -s only
//     after a letter of sEnding, or after a k that follows a consonant; and
//     -erte and -ert become -er. One rule is ours: -erne becomes -er too, so
//     that the plural of an agent noun in -er keeps its stem (gründerne →
//     grunder, which starts gründere and gründer).
//   - Step 2 removes the t of a final -dt or -vt in R1.
//   - Step 3 removes the longest of the endings of otherEndings.
//
// So kvinne, kvinner, kvinnelig and kvinnelige give kvinn; gründer and
// gründere give grund and grunder (both prefixes of gründer); kommune and
// kommunene give kommun. static/js/search.js has the same rules.
func Stem(word string) string {
	r1 := region1(word)
	n := utf8.RuneCountInString(word)
	// inR1 reports whether the ASCII ending e is at the end of the word and
	// inside R1.
	inR1 := func(w string, e string) bool {
		return strings.HasSuffix(w, e) && utf8.RuneCountInString(w)-len(e) >= r1
	}
	if r1 >= n {
		return word
	}
	// Step 1.
	if e := longest(word, mainEndings, inR1); e != "" {
		switch e {
		case "s":
			if sAfter(word[:len(word)-1]) {
				word = word[:len(word)-1]
			}
		case "erte", "ert", "erne":
			word = word[:len(word)-len(e)] + "er"
		default:
			word = word[:len(word)-len(e)]
		}
	}
	// Step 2.
	if inR1(word, "dt") || inR1(word, "vt") {
		word = word[:len(word)-1]
	}
	// Step 3.
	if e := longest(word, otherEndings, inR1); e != "" {
		word = word[:len(word)-len(e)]
	}
	return word
}

// mainEndings are the endings of step 1, longest first.
var mainEndings = []string{
	"hetenes",
	"hetene", "hetens",
	"heten", "heter", "endes",
	"ande", "ende", "edes", "enes", "erte", "erne",
	"ede", "ane", "ene", "ens", "ers", "ets", "het", "ast", "ert",
	"en", "ar", "er", "as", "es", "et",
	"a", "e", "s",
}

// otherEndings are the endings of step 3, longest first.
var otherEndings = []string{"hetslov", "eleg", "elig", "elov", "slov", "leg", "eig", "lig", "els", "lov", "ig"}

// sEnding are the letters after which step 1 removes a final -s.
const sEnding = "bcdfghjlmnoprtvyz"

const vowels = "aeiouy"

// longest returns the first of endings (longest first) that ok accepts.
func longest(word string, endings []string, ok func(w, e string) bool) string {
	for _, e := range endings {
		if ok(word, e) {
			return e
		}
	}
	return ""
}

// sAfter reports whether a final -s may go after rest: after a letter of
// sEnding, or after a k that follows a letter other than a vowel.
func sAfter(rest string) bool {
	last, size := utf8.DecodeLastRuneInString(rest)
	if last < utf8.RuneSelf && strings.IndexByte(sEnding, byte(last)) >= 0 {
		return true
	}
	if last != 'k' {
		return false
	}
	before, size2 := utf8.DecodeLastRuneInString(rest[:len(rest)-size])
	return size2 > 0 && !isVowel(before)
}

func isVowel(r rune) bool { return r < utf8.RuneSelf && strings.IndexByte(vowels, byte(r)) >= 0 }

// region1 returns where R1 starts, in letters: after the first non-vowel
// that follows a vowel, and at least after the third letter. A word of
// fewer than three letters, or without a vowel followed by a non-vowel, has
// no R1 (its length is returned).
func region1(word string) int {
	rs := []rune(word)
	if len(rs) < 3 {
		return len(rs)
	}
	for i := 1; i < len(rs); i++ {
		if isVowel(rs[i-1]) && !isVowel(rs[i]) {
			return max(i+1, 3)
		}
	}
	return len(rs)
}
