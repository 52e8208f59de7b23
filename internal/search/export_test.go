package search

// For the tests of package search_test, which build the repository's site.
var (
	Matches   = matches
	PlainText = plainText
	RunScript = runScript
	Words     = words
)
