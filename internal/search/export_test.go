package search

// For the tests of package search_test, which build the repository's site.
var (
	Matches   = matches
	PlainText = plainText
	RunScript = runScript
	Words     = words
)

// Endings returns every ending the stemmer knows, and the rewritten ones.
func Endings() []string {
	out := append([]string{"dt", "vt", "erte", "ert", "erne"}, mainEndings...)
	return append(out, otherEndings...)
}
