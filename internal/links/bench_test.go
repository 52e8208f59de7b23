package links

import (
	"fmt"
	"strings"
	"testing"
)

// benchPage is a page like a results page of the site: a menu, text with
// links, a table and an inline SVG chart, about 60 kB.
func benchPage() []byte {
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang=nb><head><meta charset=utf-8><title>Resultater</title><link rel=stylesheet href=/css/site.1a2b3c.css></head><body><header><nav aria-label=Hovudmeny><ul>`)
	for i := range 8 {
		fmt.Fprintf(&b, `<li><a href=/seksjon-%d/>Seksjon %d</a>`, i, i)
	}
	b.WriteString(`</ul></nav></header><main id=innhold>`)
	for i := range 40 {
		fmt.Fprintf(&b, `<h2 id=del-%d>Del %d</h2><p>Tekst med <a href="/nyheter/post-%d/">en lenke</a>, <a href=#del-%d>et anker</a> og <a href="https://andre.no/x?a=1&amp;b=2">en annen vert</a>. Mer tekst som fyller avsnittet ut til en vanlig lengde for en side.</p>`, i, i, i, i)
	}
	b.WriteString(`<figure><svg xmlns=http://www.w3.org/2000/svg viewBox="0 0 800 400" role=img aria-labelledby=t1><title id=t1>Diagram</title>`)
	for i := range 60 {
		fmt.Fprintf(&b, `<rect x=%d y=10 width=10 height=%d fill=#174e5a></rect><text x=%d y=395>Kategori %d</text>`, i*12, 100+i, i*12, i)
	}
	b.WriteString(`</svg></figure><table><tr><th>A<th>B`)
	for i := range 50 {
		fmt.Fprintf(&b, `<tr><td>Rad %d<td>%d`, i, i*7)
	}
	b.WriteString(`</table></main><footer><a href=/om/>Om</a> <a href=mailto:post@example.org>E-post</a></footer></body></html>`)
	return []byte(b.String())
}

// BenchmarkScan scans one page, as the links step does for every page.
func BenchmarkScan(b *testing.B) {
	page := benchPage()
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		Scan(page, "https://example.org/", "/resultater/")
	}
}
