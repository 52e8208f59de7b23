package render

import (
	"strings"
	"testing"
)

func TestFeedURL(t *testing.T) {
	for _, tt := range []struct{ url, kind, want string }{
		{"/nyheter/", feedRSS, "/nyheter/index.xml"},
		{"/nyheter/", feedAtom, "/nyheter/atom.xml"},
		{"/emner/ål/", "rss", "/emner/ål/index.xml"},
	} {
		if got, err := feedURL(tt.url, tt.kind); err != nil || got != tt.want {
			t.Errorf("feedURL(%q, %q) = %q, %v; want %q", tt.url, tt.kind, got, err, tt.want)
		}
	}
	// A layout that asks for a feed there is none of fails, naming the kinds.
	if _, err := feedURL("/nyheter/", "json"); err == nil || !strings.Contains(err.Error(), `"rss" or "atom"`) {
		t.Errorf(`feedURL of "json": %v; want an error naming rss and atom`, err)
	}
}
