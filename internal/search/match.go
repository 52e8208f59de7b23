package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The matching rules. static/js/search.js implements the same rules in the
// browser; TestScriptMatchesGo runs it against the table of match_test.go.
//
//  1. Normalize: lower case; æ → ae, ø → o, œ → oe, ß → ss, and every other
//     letter without its accents (å → a, é → e, ü → u).
//  2. Words are runs of letters and digits.
//  3. Stem: strip the longest of the endings below from a query word, if at
//     least minStem letters remain.
//  4. A query word matches a word of the text when the stem is a prefix of
//     it: "arbeidsplassene" → "arbeidsplass" matches "arbeidsplassar". A stem
//     of fewer than minPrefix letters matches only the same word: "ål"
//     finds Ål, not "alle".
//  5. A query matches a text when every query word of at least minWord
//     letters matches some word of the text.

// endings are the inflection endings of bokmål and nynorsk nouns (and some
// other words) that Stem strips, longest first: definite and plural forms
// (-en, -et, -a, -ene, -ane, -er, -ar, -e) and their genitives (-s, -ens,
// -ets, -enes, -anes, -ers, -ars).
var endings = [...]string{"enes", "anes", "ene", "ane", "ens", "ets", "ers", "ars", "ar", "er", "en", "et", "a", "e", "s"}

const (
	minStem   = 3 // letters a stem keeps at least
	minWord   = 2 // shorter query words are ignored
	minPrefix = 3 // shorter query words match whole words only
)

// folds are the letters that lose more than an accent.
var folds = map[rune]string{'æ': "ae", 'ø': "o", 'œ': "oe", 'ß': "ss", 'đ': "d", 'ð': "d", 'þ': "th", 'ł': "l"}

// Normalize folds text for matching: lower case, æ → ae, ø → o, å → a, and
// accents removed (é → e), so that "Ål" and "al", "Bærum" and "baerum" are
// the same.
func Normalize(s string) string {
	if ascii(s) {
		return strings.ToLower(s) // nothing to fold: the common case, without copies
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		if f, ok := folds[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	// Decompose, then drop the combining marks (U+0300–U+036F): å → a + ˚ → a.
	d := norm.NFD.String(b.String())
	b.Reset()
	for _, r := range d {
		if r < 0x300 || r > 0x36f {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Stem strips one inflection ending from a normalized word, so that the
// forms of a noun share a prefix: arbeidsplassene, arbeidsplassar and
// arbeidsplassen all give arbeidsplass; jenta and jente give jent.
func Stem(word string) string {
	n := utf8.RuneCountInString(word)
	for _, e := range endings {
		if strings.HasSuffix(word, e) && n-len(e) >= minStem {
			return word[:len(word)-len(e)]
		}
	}
	return word
}

// words splits normalized text into words: runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// matches reports whether every word of query matches a word of text, by the
// rules above. It is the reference the script's tests are checked against.
func matches(query, text string) bool {
	tw := words(Normalize(text))
	found := false
	for _, q := range words(Normalize(query)) {
		if utf8.RuneCountInString(q) < minWord {
			continue
		}
		stem := Stem(q)
		hit := false
		for _, w := range tw {
			if wordMatches(w, stem) {
				hit = true
				break
			}
		}
		if !hit {
			return false
		}
		found = true
	}
	return found
}

// wordMatches reports whether a normalized word of a text matches the stem of
// a query word (rule 4).
func wordMatches(word, stem string) bool {
	if utf8.RuneCountInString(stem) < minPrefix {
		return word == stem
	}
	return strings.HasPrefix(word, stem)
}
