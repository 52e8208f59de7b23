package links

import (
	"slices"
	"strings"
	"testing"

	"sats/internal/diag"
)

const base = "https://example.org/"

func TestScanMakesLinksSiteRelative(t *testing.T) {
	page := `<html><body id="top">
<a href="/om/">om</a>
<a href="https://example.org/nyheter/a/#del-2">absolutt</a>
<a href="#top">topp</a>
<a href="bilder/kart.png">relativ</a>
<img src="../felles/logo.svg" alt="">
<a href="./../c/..">opp</a>
<img srcset="/a.png 1x, /b.png 2x" alt="">
<a href="https://andre.no/">annen vert</a>
<a href="//cdn.example.net/x.js">protokoll-relativ</a>
<a href="mailto:post@example.org">e-post</a>
<a href="/s%C3%B8k/?q=a&amp;b=c">søk</a>
<h2 id="del-1">Del 1</h2>
</body></html>`
	d := Scan([]byte(page), base, "/nyheter/b/")
	want := []string{"/om/", "/nyheter/a/#del-2", "/nyheter/b/#top", "/nyheter/b/bilder/kart.png", "/nyheter/felles/logo.svg", "/nyheter/", "/a.png", "/b.png", "/søk/"}
	if !slices.Equal(d.Links, want) {
		t.Errorf("links:\n got %q\nwant %q", d.Links, want)
	}
	if want := []string{"top", "del-1"}; !slices.Equal(d.IDs, want) {
		t.Errorf("ids = %q, want %q", d.IDs, want)
	}
}

// TestScanReadsInlineSVGTagByTag: a lone quote in a chart's text does not
// hide what follows the chart, and links and ids inside the chart count.
func TestScanReadsInlineSVGTagByTag(t *testing.T) {
	page := `<p id=før><svg viewBox="0 0 10 10"><title id=t>Skjermer på 27"</title>` +
		`<a xlink:href="/lenke-i-svg/"><text>Skjerm 27"</text></a><a href='/b/'>x</a></svg>` +
		`<MATH><mi>"</mi></MATH><p id=etter><a href="/etter/">etter</a>` +
		`<svgx id=ikke-svg></svgx><a href='/sitat/"x"/'>sitat</a>`
	d := Scan([]byte(page), base, "/")
	if want := []string{"/lenke-i-svg/", "/b/", "/etter/", `/sitat/"x"/`}; !slices.Equal(d.Links, want) {
		t.Errorf("links = %q, want %q", d.Links, want)
	}
	if want := []string{"før", "t", "etter", "ikke-svg"}; !slices.Equal(d.IDs, want) {
		t.Errorf("ids = %q, want %q", d.IDs, want)
	}
	if string(foreignAsHTML([]byte("<p>ingen</p>"))) != "<p>ingen</p>" {
		t.Error("a page without SVG was changed")
	}
}

func TestCheckerReportsEachBrokenTargetOnce(t *testing.T) {
	c := NewChecker()
	c.AddFile("css/site.css")
	c.AddPage("/", "index.html", &Doc{Links: []string{"/om/", "/om", "/finnes-ikke/", "/om/#mangler", "/om/#del-1", "/css/site.css"}})
	c.AddPage("/om/", "om/index.html", &Doc{IDs: []string{"del-1"}, Links: []string{"/finnes-ikke/", "/finnes-ikke/"}})
	c.AddFile("gammel/index.html") // a file whose links are not checked
	got := c.Check()
	want := []Broken{
		{Target: "/finnes-ikke/", From: []string{"/", "/om/"}, Reason: diag.Msg("no such page or file")},
		{Target: "/om", From: []string{"/"}, Reason: diag.Msg("the page's URL ends with a slash: %s/", "/om")},
		{Target: "/om/#mangler", From: []string{"/"}, Reason: diag.Msg("the page has no element with id %s", "mangler")},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d broken links, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i].Target != want[i].Target || got[i].Reason.Error() != want[i].Reason.Error() || !slices.Equal(got[i].From, want[i].From) {
			t.Errorf("got  %+v\nwant %+v", got[i], want[i])
		}
	}
}

// FuzzScanAndCheck feeds arbitrary HTML through Scan and the Checker. Neither
// may panic; every link is site-relative; a page's links to its own ids are
// never broken; the report is sorted and the same when asked twice.
func FuzzScanAndCheck(f *testing.F) {
	for _, s := range []struct{ page, self string }{
		{`<a href="/om/">x</a><h2 id="a">A</h2><a href="#a">a</a>`, "/"},
		{`<img src="bilder/x.png" srcset="a.png 1x,, b.png 2x"><a href='../y/#z'>`, "/nyheter/a/"},
		{`<a href="https://example.org/x/#&amp;y">`, "/x/"},
		{`<a href="javascript:alert(1)"><a href="//evil/"><a href=mailto:a@b>`, "/"},
		{`<a href="%zz"><a href="/a b/#c d"><a href=" ">`, "/p"},
		{`<p id=x><a href=#x><a href=#y></p`, "/side"},
		{"<a href=\"/\u00e5/\">", ""},
	} {
		f.Add([]byte(s.page), s.self)
	}
	f.Fuzz(func(t *testing.T, page []byte, self string) {
		if !strings.HasPrefix(self, "/") {
			self = "/" + self
		}
		d := Scan(page, base, self)
		for _, l := range d.Links {
			if !strings.HasPrefix(l, "/") {
				t.Errorf("link %q is not site-relative", l)
			}
		}
		selfFile := strings.TrimPrefix(self, "/")
		if selfFile == "" || strings.HasSuffix(selfFile, "/") {
			selfFile += "index.html"
		}
		c := NewChecker()
		c.AddPage(self, selfFile, d)
		broken := c.Check()
		if !slices.IsSortedFunc(broken, func(a, b Broken) int { return strings.Compare(a.Target, b.Target) }) {
			t.Error("broken links are not sorted by target")
		}
		for _, b := range broken {
			if !slices.IsSorted(b.From) || len(b.From) == 0 {
				t.Errorf("pages of %q: %q", b.Target, b.From)
			}
			if p, frag, ok := strings.Cut(b.Target, "#"); ok && p == self && slices.Contains(d.IDs, frag) {
				t.Errorf("link %q to an id of the page itself is reported broken: %s", b.Target, b.Reason)
			}
		}
		if again := c.Check(); len(again) != len(broken) {
			t.Errorf("a second Check gave %d broken links, the first %d", len(again), len(broken))
		}
	})
}
