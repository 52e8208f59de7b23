package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The matching rules. static/js/search.js implements the same rules in the
// browser; TestScriptMatchesGo runs it against the tables of match_test.go,
// and TestQueries runs both on the repository's site with real queries.
//
//  1. Normalize: lower case; æ → ae, ø → o, œ → oe, ß → ss, and every other
//     letter without its accents (å → a, é → e, ü → u).
//  2. Words are runs of letters and digits.
//  3. Stem: the suffix rules of the Snowball Norwegian stemmer (stem.go),
//     which work for bokmål and nynorsk: kvinne, kvinner, kvinnelig and
//     kvinnelige all give kvinn; kommunene and kommunar give kommun.
//  4. A query word matches a word of the text in one of three ways, best
//     first: the same word (its stem is the query's stem); a word that
//     starts with the stem ("kvinne" finds "kvinnegnist", "arbeid" finds
//     "arbeidsplassane"); or, for a stem of at least minInfix letters, a
//     compound that holds it after its first minStem letters ("plass" finds
//     "arbeidsplass", "fond" finds "fjellfond"). A stem of fewer than
//     minPrefix letters matches only the same word: "ål" finds Ål, not
//     "alle".
//  5. The words of a query searched for are those of at least minWord
//     letters that are not stop words ("og", "hvor", "the"), unless the
//     query has nothing else. A query matches a text when every one of them
//     matches some word of the text.
//  6. Ranking (rank.go): each query word scores by where it matched best
//     (title, then summary and applicant, then text) and how (same word,
//     prefix, inside a compound). A page is also found when only some of
//     the words match, if one of them is in its title, summary or
//     applicant: «kvinnelige gründere» finds Kvinnegnist, though its page
//     never says «gründer».

const (
	minStem   = 3 // letters a stem keeps at least
	minWord   = 2 // shorter query words are ignored
	minPrefix = 3 // shorter query words match whole words only
	minInfix  = 4 // shorter stems are not looked for inside compounds
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

// words splits normalized text into words: runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// How a query word matches a word of a text (rule 4): the better, the
// higher.
const (
	noMatch     = 0
	inCompound  = 1 // the stem is inside the word, after its first part
	prefixMatch = 2 // the word starts with the stem
	sameWord    = 3 // the word is a form of the query word
)

// matches reports whether every word of query matches a word of text, by the
// rules above. It is the reference the script's tests are checked against.
func matches(query, text string) bool {
	tw := words(Normalize(text))
	qs := queryStems(query)
	for _, stem := range qs {
		if best(tw, stem) == noMatch {
			return false
		}
	}
	return len(qs) > 0
}

// queryStems returns the stems of the words of a query that are searched
// for (rule 5).
func queryStems(query string) []string {
	var out, stops []string
	for _, q := range words(Normalize(query)) {
		switch {
		case utf8.RuneCountInString(q) < minWord:
		case stopWords[q]:
			stops = append(stops, Stem(q))
		default:
			out = append(out, Stem(q))
		}
	}
	if len(out) == 0 {
		return stops
	}
	return out
}

// stopWords are normalized words too common to search for, in bokmål,
// nynorsk and English: static/js/search.js has the same list.
var stopWords = map[string]bool{
	"og": true, "pa": true, "av": true, "for": true, "til": true, "med": true, "om": true, "fra": true, "som": true, "er": true, "var": true,
	"har": true, "en": true, "ei": true, "et": true, "den": true, "det": true, "de": true, "der": true, "at": true, "ikkje": true, "ikke": true,
	"seg": true, "sin": true, "sitt": true, "sine": true, "hva": true,
	"hvem": true, "hvor": true, "hvordan": true, "hvilke": true, "kva": true, "kven": true, "kvar": true, "korleis": true, "nar": true, "mange": true, "mye": true, "kor": true, "meg": true, "deg": true, "vi": true,
	"oss": true, "dei": true, "du": true, "eg": true, "jeg": true, "man": true, "skal": true, "kan": true, "vil": true, "the": true, "of": true,
	"and": true, "in": true, "on": true, "to": true, "by": true, "with": true, "an": true, "is": true, "are": true, "was": true, "were": true,
	"what": true, "who": true, "where": true, "how": true, "which": true,
	"many": true, "much": true,
	"alt": true, "alle": true, "all": true,
}

// best returns how well the best of the normalized words ws matches stem.
func best(ws []string, stem string) int {
	b := noMatch
	for _, w := range ws {
		if m := wordMatch(w, stem); m > b {
			if b = m; b == sameWord {
				break
			}
		}
	}
	return b
}

// wordMatch tells how a normalized word of a text matches the stem of a
// query word (rule 4).
func wordMatch(word, stem string) int {
	return wordMatchN(word, stem, utf8.RuneCountInString(stem))
}

// wordMatchN is wordMatch for a stem of n letters.
func wordMatchN(word, stem string, n int) int {
	switch {
	case n < minPrefix:
		if word == stem {
			return sameWord
		}
		return noMatch
	case strings.HasPrefix(word, stem):
		if word == stem || Stem(word) == stem {
			return sameWord
		}
		return prefixMatch
	case n >= minInfix && infix(word, stem):
		return inCompound
	}
	return noMatch
}

// infix reports whether stem occurs in word after its first minStem letters.
func infix(word, stem string) bool {
	i := 0
	for k := 0; k < minStem && i < len(word); k++ {
		_, size := utf8.DecodeRuneInString(word[i:])
		i += size
	}
	return strings.Contains(word[i:], stem)
}
