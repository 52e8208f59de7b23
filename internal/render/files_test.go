package render

import (
	"bytes"
	"testing"
)

// The sitemap written by hand is the one encoding/xml writes.
func TestSitemapXMLIsTheMarshalled(t *testing.T) {
	urls := []sitemapURL{
		{Loc: "https://example.org/", Lastmod: "2024-03-08"},
		{Loc: "https://example.org/s%C3%B8k/?q=a&b=<c>"},
		{Loc: "https://example.org/nyheter/\"x\"/", Lastmod: "2021"},
	}
	for _, list := range [][]sitemapURL{nil, urls} {
		want, err := marshalXML(urlset{URLs: list})
		if err != nil {
			t.Fatal(err)
		}
		if got := sitemapXML(list); !bytes.Equal(got, want) {
			t.Errorf("sitemap:\n got %s\nwant %s", got, want)
		}
	}
}
