package diag

import (
	"strings"
	"testing"
)

func TestFormatGitHubWritesOneCommandPerProblem(t *testing.T) {
	problems := List{
		Errorf(Pos{Path: "content/om.md", Line: 3, Col: 1}, "unknown key %q; did you mean %q?", "tittel", "title"),
		Errorf(Pos{Path: "data/site.yaml", Line: 4}, "invalid YAML: tab; indent with spaces"),
		Errorf(Pos{Path: "content/stor.md"}, "file is 5 MB"),
		Errorf(Pos{Path: "content/x.md", Col: 4}, "a column without a line"),
		Errorf(Pos{}, "no position"),
		Errorf(Pos{Path: "content/a,b:c%.md", Line: 1, Col: 2}, "100%% sure\nsecond line\r"),
	}
	var b strings.Builder
	if err := FormatGitHub(&b, problems, English); err != nil {
		t.Fatal(err)
	}
	want := `::error file=content/om.md,line=3,col=1::unknown key "tittel"; did you mean "title"?
::error file=data/site.yaml,line=4::invalid YAML: tab; indent with spaces
::error file=content/stor.md,line=1::file is 5 MB
::error file=content/x.md,line=1::a column without a line
::error::no position
::error file=content/a%2Cb%3Ac%25.md,line=1,col=2::100%25 sure%0Asecond line%0D
`
	if got := b.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestFormatGitHubWritesTheLanguage(t *testing.T) {
	problems := List{Errorf(Pos{Path: "content/om.md", Line: 3, Col: 8}, "expected true or false, found %s", `"kanskje"`)}
	var b strings.Builder
	if err := FormatGitHub(&b, problems, Norwegian); err != nil {
		t.Fatal(err)
	}
	if want := "::error file=content/om.md,line=3,col=8::skal være true eller false, men fant \"kanskje\"\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}
