package load

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestParseDocumentKeepsFileLines(t *testing.T) {
	src := "\ufeff---\r\ntitle: Hei\r\ndate: 2024-03-08\r\n---\r\n\r\nFørste linje.\r\n"
	clean, err := cleanText("content/a.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ParseDocument("content/a.md", clean, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Front.Title != "Hei" {
		t.Errorf("title = %q", doc.Front.Title)
	}
	if doc.BodyLine != 5 {
		t.Errorf("body starts at line %d, want 5", doc.BodyLine)
	}
	if strings.Contains(string(BodyOf(doc)), "\r") {
		t.Error("body still has CR characters")
	}
}

func TestParseDocumentProblems(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"no front matter", "Bare tekst.\n", "content/a.md:1: no front matter; start the file with a line ---"},
		{"unclosed front matter", "---\ntitle: Hei\n", "content/a.md:1: the front matter is not closed"},
		{"impossible date", "---\ntitle: Hei\ndate: 2023-02-29\n---\n", `content/a.md:3:7: "2023-02-29" is not a real date`},
		{"text for a list", "---\ntitle: Hei\ntags:\n  a: b\n---\n", "content/a.md:4:3: expected a list"},
		{"number for a flag", "---\ntitle: Hei\ndraft: kanskje\n---\n", `content/a.md:3:8: expected true or false, found "kanskje"`},
		{"key twice", "---\ntitle: Hei\ntitle: Hallo\n---\n", `content/a.md:3:1: key "title" is given twice`},
		{"tab indentation", "---\ntitle: Hei\n\tdate: 2024-01-01\n---\n", "content/a.md:3:1: invalid YAML: a tab in the indentation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseDocument("content/a.md", []byte(tt.src), time.UTC)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestDatesWithoutZoneAreInTheSiteZone(t *testing.T) {
	oslo, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		t.Skip("no time zone data")
	}
	doc, err := ParseDocument("content/a.md", []byte("---\ntitle: x\ndate: 2025-06-24T09:00:00\n---\n"), oslo)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2025, 6, 24, 7, 0, 0, 0, time.UTC); !doc.Front.Date.Equal(want) {
		t.Errorf("date = %v, want %v", doc.Front.Date.UTC(), want)
	}
}

func TestInvalidUTF8IsReportedAtItsLine(t *testing.T) {
	_, err := cleanText("content/a.md", []byte("---\ntitle: ok\n---\nblå \xff\n"))
	if err == nil || !strings.Contains(err.Error(), "content/a.md:4:5: the file is not valid UTF-8") {
		t.Errorf("err = %v", err)
	}
}

func TestDataFileProblems(t *testing.T) {
	site := "title: T\nbaseURL: https://example.org/\nlanguage: nb\nsections: {news: n, reports: r, projects: p, focusAreas: f, municipalities: m, results: res, tags: t}\n"
	fsys := fstest.MapFS{
		"data/site.yaml":       {Data: []byte(site)},
		"data/prosjekter.yaml": {Data: []byte("x: 1\n")},
		"data/projects.yaml":   {Data: []byte("projects:\n  - id: a\n    titel: A\n    support: s\n")},
		"data/results.yaml":    {Data: []byte("figures:\n  - id: f\n    title: F\n    series:\n      - {id: s, label: S, values: [1, 2,5]}\n")},
	}
	_, err := Load(fsys, sectionSchemas())
	for _, want := range []string{
		"data/prosjekter.yaml: unknown data file; did you mean projects.yaml?",
		`data/projects.yaml:3:5: unknown key "titel"; did you mean "title"?`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("problems do not contain %q; got:\n%v", want, err)
		}
	}
	// The misspelt key is the one mistake: "title" is not reported missing too.
	if err != nil && strings.Contains(err.Error(), `missing key "title"`) {
		t.Errorf("a misspelt key is also reported missing:\n%v", err)
	}
}

func TestSymlinksAndStrayFilesAreRefused(t *testing.T) {
	site := "title: T\nbaseURL: https://example.org/\nlanguage: nb\nsections: {news: n, reports: r, projects: p, focusAreas: f, municipalities: m, results: res, tags: t}\n"
	fsys := fstest.MapFS{
		"data/site.yaml":    {Data: []byte(site)},
		"content/bilde.png": {Data: []byte("png")},
		"static/lenke":      {Data: []byte("/etc/passwd"), Mode: 0o777 | 1<<27}, // fs.ModeSymlink
		"content/stor.md":   {Data: make([]byte, MaxFileSize+1)},
	}
	_, err := Load(fsys, sectionSchemas())
	for _, want := range []string{
		"content/bilde.png: content/ holds only Markdown (.md) pages",
		"static/lenke: symbolic links are not allowed",
		"content/stor.md: file is 4.1 MB, more than the 4 MB allowed",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("problems do not contain %q; got:\n%v", want, err)
		}
	}
}

// TestSettingsAreNotReadThroughALink: the data folder and site.yaml are
// checked before the settings are read from them.
func TestSettingsAreNotReadThroughALink(t *testing.T) {
	link := &fstest.MapFile{Data: []byte("/etc"), Mode: fs.ModeSymlink | 0o777}
	for name, fsys := range map[string]fstest.MapFS{
		"data":           {"data": link},
		"data/site.yaml": {"data/site.yaml": link},
	} {
		_, err := Load(fsys, sectionSchemas())
		if err == nil || !strings.HasPrefix(err.Error(), name+": symbolic links are not allowed") {
			t.Errorf("%s as a link: %v", name, err)
		}
	}
	fifo := fstest.MapFS{"data/site.yaml": {Mode: fs.ModeNamedPipe}}
	if _, err := Load(fifo, sectionSchemas()); err == nil || !strings.Contains(err.Error(), "site.yaml is not a regular file") {
		t.Errorf("site.yaml as a pipe: %v", err)
	}
}

func FuzzParseDocument(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: Hei\ndate: 2024-03-08\ntags: [a, b]\n---\nTekst\n",
		"---\n---\n",
		"\n\n---\ntitle: x\n---",
		"---\ntitle: [\n---\n",
		"---\nattachments:\n  - {title: a, file: b}\n---\n",
		"no front matter",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		clean, err := cleanText("content/a.md", src)
		if err != nil {
			return
		}
		doc, _ := ParseDocument("content/a.md", clean, time.UTC)
		if doc != nil && doc.BodyLine < 1 {
			t.Errorf("body line %d", doc.BodyLine)
		}
	})
}

func FuzzDecodeData(f *testing.F) {
	for _, s := range []string{
		"projects:\n  - id: a\n    title: A\n    support: s\n    municipalities: [x, y]\n",
		"figures:\n  - id: f\n    title: F\n    totals: {a: 1}\n    series: [{id: a, label: A, values: [1, null]}]\n",
		"a: &x [1]\nb: *x\n",
		"- - -",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		var p ProjectsFile
		decodeYAML("data/projects.yaml", src, 0, time.UTC, &p)
		var r Results
		decodeYAML("data/results.yaml", src, 0, time.UTC, &r)
	})
}
