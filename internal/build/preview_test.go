package build

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"sats/internal/model"
)

// edit is one change to the repository's site, made the way staff make it:
// a file written, added or removed.
type edit struct {
	name string
	file string
	// change returns the new content of file; "" removes it. It fails the
	// test when the file no longer has what it changes.
	change func(t *testing.T, old string) string
}

// apply makes the edit in fsys.
func (e edit) apply(t *testing.T, fsys fstest.MapFS) {
	t.Helper()
	old := ""
	if f := fsys[e.file]; f != nil {
		old = string(f.Data)
	}
	if data := e.change(t, old); data == "" {
		delete(fsys, e.file)
	} else {
		fsys[e.file] = &fstest.MapFile{Data: []byte(data)}
	}
}

// replaceFirst replaces the first match of pattern.
func replaceFirst(pattern, repl string) func(*testing.T, string) string {
	re := regexp.MustCompile(pattern)
	return func(t *testing.T, s string) string {
		t.Helper()
		loc := re.FindStringSubmatchIndex(s)
		if loc == nil {
			t.Fatalf("no %q in the file: the test site has changed; update the edit", pattern)
		}
		return s[:loc[0]] + string(re.ExpandString(nil, repl, s, loc)) + s[loc[1]:]
	}
}

func appendText(text string) func(*testing.T, string) string {
	return func(_ *testing.T, s string) string { return s + text }
}

func setTo(text string) func(*testing.T, string) string {
	return func(*testing.T, string) string { return text }
}

func remove(*testing.T, string) string { return "" }

// firstFile is the first file of a folder, sorted, other than _index.
func firstFile(fsys fstest.MapFS, dir string, n int) string {
	var names []string
	for name := range fsys {
		if strings.HasPrefix(name, dir+"/") && strings.HasSuffix(name, ".md") && !strings.Contains(name, "_index") && !strings.Contains(name, ".en.") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names[n]
}

// The preview shows what gets published: after every edit of a sequence
// that touches every kind of input of the real site, each file the preview
// (a State rebuilt edit by edit) gives is byte for byte the file that
// `sats build -drafts -future` writes from the same files, and the two have
// the same files.
func TestPreviewEqualsBuildAfterEveryEdit(t *testing.T) {
	fsys := repositoryFS(t)
	opts := Options{Model: model.Options{Now: testNow, Drafts: true, Future: true}}
	edits := repositoryEdits(fsys)
	prev, _, err := Rebuild(fsys, nil, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range edits {
		ok := t.Run(fmt.Sprintf("%02d %s", i+1, e.name), func(t *testing.T) {
			e.apply(t, fsys)
			next, _, err := Rebuild(fsys, prev, []string{e.file}, opts)
			if err != nil {
				t.Fatal(err)
			}
			prev.Stop()
			prev = next
			if err := next.Complete(); err != nil {
				t.Fatalf("the preview reports problems: %v", err)
			}
			var built Memory
			if _, err := Build(maps.Clone(fsys), &built, opts); err != nil {
				t.Fatal(err)
			}
			sameAsBuild(t, next, built.Files)
		})
		if !ok {
			break // the edits build on each other
		}
	}
}

// repositoryEdits is a sequence of edits of the repository's site that
// touches every kind of input; each builds on the ones before.
func repositoryEdits(fsys fstest.MapFS) []edit {
	post, other := firstFile(fsys, "content/nyheter", 0), firstFile(fsys, "content/nyheter", 1)
	return []edit{
		{"rename a municipality", "data/municipalities.yaml", replaceFirst(`(?m)^(    name: )(.+)$`, "${1}${2} kommune")},
		{"rename a focus area", "data/focus_areas.yaml", replaceFirst(`(?m)^(    name: )(.+)$`, "${1}Nytt navn for ${2}")},
		{"retitle a project", "data/projects.yaml", replaceFirst(`(?m)^(    title: )(.+)$`, "${1}${2} (nytt navn)")},
		{"add a project", "data/projects.yaml", appendText("  - id: nytt-testprosjekt\n    title: Nytt testprosjekt\n    applicant: Testbedriften AS\n    focusArea: \"\"\n    support: sokbare-midler\n    municipalities: []\n    summary: Et prosjekt lagt til i en test.\n")},
		{"remove the project again", "data/projects.yaml", replaceFirst(`(?s)  - id: nytt-testprosjekt\n.*$`, "")},
		{"retitle a post", post, replaceFirst(`(?m)^title: (.+)$`, "title: Ny tittel – ${1}")},
		{"redate a post", post, replaceFirst(`(?m)^date: .+$`, "date: 2020-01-15")},
		{"add a post", "content/nyheter/en-ny-nyhet.md", setTo("---\ntitle: En ny nyhet\ndate: 2025-05-05\nsummary: Lagt til i en test.\ntags: [strategi, ny-merkelapp]\n---\n\nTekst med lenker til [en annen nyhet](" + strings.TrimPrefix(other, "content/nyheter/") + ") og [en til](" + strings.TrimPrefix(post, "content/nyheter/") + ").\n")},
		{"give a post a new address", post, replaceFirst(`(?m)^title: `, "slug: ny-adresse\ntitle: ")},
		{"schedule a post in the future", "content/nyheter/planlagt.md", setTo("---\ntitle: Planlagt nyhet\ndate: 2030-01-01\nsummary: Kommer senere.\n---\n\nTekst.\n")},
		{"make a post a draft", other, replaceFirst(`(?m)^title: `, "draft: true\ntitle: ")},
		{"remove a post", "content/nyheter/en-ny-nyhet.md", remove},
		{"edit a layout", "layouts/news.html", replaceFirst(`\{\{define "main"\}\}`, `{{define "main"}}<p class="test">Endret mal</p>`)},
		{"edit a partial", "layouts/partials/footer.html", replaceFirst(`</footer>`, `<p>Endret bunntekst</p></footer>`)},
		{"edit an interface string", "data/i18n/nb.yaml", replaceFirst(`(?m)^([a-zA-Z]+: )"?([^"\n]+)"?$`, `${1}"${2} (endret)"`)},
		{"edit the stylesheet", "static/css/site.css", appendText("\n.test { color: #000; }\n")},
		{"add a static file", "static/dokumenter/test.txt", setTo("En fil.\n")},
		{"edit a figure", "data/results.yaml", replaceFirst(`(?m)^(    title: )(.+)$`, "${1}${2} (endret)")},
		{"edit the settings", "data/site.yaml", replaceFirst(`(?m)^(title: )(.+)$`, "${1}${2} – test")},
		{"edit an English page", "content/om.en.md", appendText("\nAn added paragraph.\n")},
		{"rename the organisation", "data/organisation.yaml", replaceFirst(`(?m)^(name: )(.+)$`, "${1}Nytt navn på ${2}")},
	}
}

// sameAsBuild fails unless a State gives exactly the files of a build.
func sameAsBuild(t *testing.T, st *State, built map[string][]byte) {
	t.Helper()
	got, want := st.Files(), slices.Sorted(maps.Keys(built))
	if !slices.Equal(got, want) {
		t.Fatalf("file lists differ:\npreview %v\nbuild   %v", got, want)
	}
	for _, name := range want {
		a, _ := st.File(name)
		sameBytes(t, name, "preview", a, "build", built[name])
	}
}

// A link written in a text to a page that expires would break the build on
// the day the page goes; the build says so now, with the date. A page that
// expires no later than the page it links to is fine, and so are the lists
// the layouts make (they drop the page when it expires).
func TestLinkToAnExpiringPageIsReportedNow(t *testing.T) {
	const target = `
-- content/nyheter/kort.md --
---
title: Kortvarig
date: 2025-01-01
expiryDate: 2026-03-01
---
Tekst.
`
	buildSite(t, target+`
-- content/nyheter/lenker.md --
---
title: Lenker
date: 2025-02-01
---
Se [denne](kort.md).
`).fails("content/nyheter/lenker.md", "expires on 2026-03-01", "content/nyheter/kort.md")
	buildSite(t, target+`
-- content/nyheter/lenker.md --
---
title: Lenker
date: 2025-02-01
expiryDate: 2026-02-01
---
Se [denne](kort.md).
`).ok()
	buildSite(t, target).ok()
}
