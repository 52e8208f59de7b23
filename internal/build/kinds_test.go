package build

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"sats/internal/model"
)

// docBlock is a code block of the documentation with the file it belongs to.
type docBlock struct {
	path string
	text string
}

// blockPath is the line above a code block that names its file: it ends with
// the path in backquotes and a colon.
var blockPath = regexp.MustCompile("`([^`]+)`:$")

// exampleBlocks returns the code blocks of the section «Adding a kind of page»
// of docs/content-model.md whose preceding line names their file.
func exampleBlocks(t *testing.T) []docBlock {
	t.Helper()
	data, err := os.ReadFile("../../docs/content-model.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n## Adding a kind of page\n")
	if !ok {
		t.Fatal("docs/content-model.md has no section «Adding a kind of page»")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var blocks []docBlock
	lines := strings.Split(section, "\n")
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "```") || i < 2 {
			continue
		}
		start := i + 1
		for i++; i < len(lines) && lines[i] != "```"; i++ {
		}
		above := strings.TrimSpace(lines[start-2])
		if above == "" { // a blank line between the naming line and the block
			above = strings.TrimSpace(lines[start-3])
		}
		m := blockPath.FindStringSubmatch(above)
		if m != nil {
			blocks = append(blocks, docBlock{m[1], strings.Join(lines[start:i], "\n") + "\n"})
		}
	}
	return blocks
}

// fields makes text comparable whatever its indentation.
func fields(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestAddingAKindOfPageAsDocumented builds the worked example of
// docs/content-model.md («Adding a kind of page»): its Go and schema excerpts
// must be in the files they name, and its site files, added to this
// repository's site, must give the pages, feeds, sitemap entries and search
// entries the table of page kinds promises for events.
func TestAddingAKindOfPageAsDocumented(t *testing.T) {
	blocks := exampleBlocks(t)
	if len(blocks) < 8 {
		t.Fatalf("found %d named code blocks in «Adding a kind of page», want the whole example", len(blocks))
	}
	fsys := repositoryFS(t)
	for _, b := range blocks {
		switch {
		case strings.HasPrefix(b.path, "internal/"):
			src, err := os.ReadFile("../../" + b.path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(fields(string(src)), fields(b.text)) {
				t.Errorf("the example's excerpt of %s is not in that file; update docs/content-model.md:\n%s", b.path, b.text)
			}
		case b.path == "data/site.yaml":
			addSections(t, fsys, b.text)
		case strings.HasPrefix(b.path, "data/i18n/"):
			f := fsys[b.path]
			if f == nil {
				t.Fatalf("%s: no such file in the site", b.path)
			}
			fsys[b.path] = &fstest.MapFile{Data: append(append([]byte(nil), f.Data...), b.text...)}
		case fsys[b.path] != nil:
			t.Errorf("the example replaces %s; it should only add files", b.path)
		default:
			fsys[b.path] = &fstest.MapFile{Data: []byte(b.text)}
		}
	}
	out := &Memory{}
	res, err := Build(fsys, out, Options{Model: model.Options{Now: testNow}})
	if err != nil {
		t.Fatalf("the worked example does not build:\n%v", err)
	}
	b := &testBuild{t: t, out: out, result: res}
	b.file("arrangementer/index.html", "<h1>Arrangementer</h1>", `href="/arrangementer/naeringsfrokost/"`, "Ål kulturhus")
	b.file("arrangementer/naeringsfrokost/index.html", "<h1>Næringsfrokost</h1>", "Ål kulturhus", `datetime="2025-03-14"`, "Alle arrangementer")
	b.file("arrangementer/index.xml", "<link>https://www.satspahallingdal.no/arrangementer/naeringsfrokost/</link>")
	b.file("arrangementer/atom.xml", "https://www.satspahallingdal.no/arrangementer/naeringsfrokost/")
	b.file("sitemap.xml", "<loc>https://www.satspahallingdal.no/arrangementer/naeringsfrokost/</loc>", "<loc>https://www.satspahallingdal.no/arrangementer/</loc>")
	b.noFile("en/arrangementer/index.html") // the English settings have no events section
	ix := readIndex(t, out.Files["sok/index.json"])
	found := false
	for _, p := range ix.Pages {
		found = found || (p.URL == "/arrangementer/naeringsfrokost/" && p.Kind == "event")
	}
	if !found || ix.Kinds["event"] != "Arrangement" {
		kinds, _ := json.Marshal(ix.Kinds)
		t.Errorf("the search index has no event labelled Arrangement (kinds %s)", kinds)
	}
	if p := res.Site.PageByURL("/arrangementer/naeringsfrokost/"); p == nil || p.Section != res.Site.Sections[model.KindEventList] {
		t.Error("the event is not below the events' list page")
	}
}

// addSections adds the keys of a sections: fragment to the site's settings.
func addSections(t *testing.T, fsys fstest.MapFS, fragment string) {
	t.Helper()
	keys, ok := strings.CutPrefix(fragment, "sections:\n")
	site := string(fsys["data/site.yaml"].Data)
	if !ok || !strings.Contains(site, "\nsections:\n") {
		t.Fatalf("cannot add %q to data/site.yaml: both need a block sections:", fragment)
	}
	site = strings.Replace(site, "\nsections:\n", "\nsections:\n"+keys, 1)
	fsys["data/site.yaml"] = &fstest.MapFile{Data: []byte(site)}
}
