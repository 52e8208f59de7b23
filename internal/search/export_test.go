package search

import (
	"html/template"

	"sats/internal/model"
)

// For the tests of package search_test, which build the repository's site.
var (
	Matches   = matches
	PlainText = plainText
	RunScript = runScript
	Words     = words
)

// SplitIndex returns the files of the site's index, split however small.
func SplitIndex(s *model.Site, content func(*model.Page) template.HTML) (map[string][]byte, error) {
	files, _, err := index(s, content, nil, nil, nil, 0)
	return fileMap(files), err
}

// Endings returns every ending the stemmer knows, and the rewritten ones.
func Endings() []string {
	out := append([]string{"dt", "vt", "erte", "ert", "erne"}, mainEndings...)
	return append(out, otherEndings...)
}

func fileMap(files []File) map[string][]byte {
	out := map[string][]byte{}
	for _, f := range files {
		out[f.Name] = f.Data
	}
	return out
}
