package serve

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"sats/internal/build"
	"sats/internal/diag"
	"sats/internal/model"
)

// TestMessagesAreInTheServersLanguage: the page shown while the site does not
// build, the overlay's event and the log are Norwegian by default and
// English when set.
func TestMessagesAreInTheServersLanguage(t *testing.T) {
	tests := []struct {
		lang                      diag.Lang
		heading, problem, overlay string
		logLine                   string
	}{
		{diag.Norwegian, "<h1>Nettstedet kan ikke bygges</h1>", `content/nyheter/post.md:3:7: "2024-02-30" er ikke en dato som finnes`,
			"Nettstedet kan ikke bygges – rett feilen, så lastes siden på nytt", "nettstedet → byggingen feilet etter "},
		{diag.English, "<h1>The site does not build</h1>", `content/nyheter/post.md:3:7: "2024-02-30" is not a real date`,
			"The site does not build – fix the problem and the page reloads", "site → build failed in "},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			dir := writeSite(t)
			writeFile(t, dir, "content/nyheter/post.md", "---\ntitle: Ødelagt\ndate: 2024-02-30\n---\n")
			var log strings.Builder
			opts := build.Options{Model: model.Options{Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}}
			s := New(os.DirFS(dir), opts, http.Header{}, &log)
			if tt.lang != diag.Norwegian {
				s.SetLang(tt.lang)
			}
			if err := s.Rebuild(nil); err == nil {
				t.Fatal("the broken site built")
			}
			if !strings.HasPrefix(log.String(), tt.logLine) || !strings.Contains(log.String(), tt.problem) {
				t.Errorf("log:\n%s\nwant a line starting %q with %q", log.String(), tt.logLine, tt.problem)
			}
			ts := httptest.NewServer(s)
			t.Cleanup(ts.Close)
			code, body := get(t, ts.URL+"/")
			if code != http.StatusServiceUnavailable || !strings.Contains(body, tt.heading) ||
				!strings.Contains(body, "<html lang="+string(tt.lang)+">") || !strings.Contains(body, strings.ReplaceAll(tt.problem, `"`, "&#34;")) {
				t.Errorf("no-site page: %d\n%s", code, body)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			e := next(t, eventStream(t, ctx, ts.URL))
			data, ok := strings.CutPrefix(e, "problem ")
			var ev struct{ Title, Message string }
			if !ok || json.Unmarshal([]byte(data), &ev) != nil || ev.Title != tt.overlay || !strings.HasPrefix(ev.Message, tt.problem) {
				t.Errorf("event %q, want the title %q and the problem %q", e, tt.overlay, tt.problem)
			}
		})
	}
}
