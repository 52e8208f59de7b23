package serve

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"sats/internal/build"
	"sats/internal/model"
)

// writeSite writes the minimal test site and a news post into a temporary
// folder.
func writeSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	a, err := txtar.ParseFile("../../testdata/minimal-site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	a.Files = append(a.Files, txtar.File{Name: "content/nyheter/post.md", Data: []byte("---\ntitle: Første versjon\ndate: 2024-01-01\n---\nTekst.\n")})
	for _, f := range a.Files {
		writeFile(t, dir, f.Name, string(f.Data))
	}
	return dir
}

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func newServer(t *testing.T, dir string) (*Server, *httptest.Server) {
	t.Helper()
	opts := build.Options{Model: model.Options{Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}}
	s := New(os.DirFS(dir), opts, http.Header{"X-Content-Type-Options": {"nosniff"}}, io.Discard)
	if err := s.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// events connects to the event stream and returns a channel of event names
// and data.
func events(t *testing.T, ts *httptest.Server) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return eventStream(t, ctx, ts.URL)
}

// eventStream connects to the server's event stream and sends each event as
// "name data".
func eventStream(t testing.TB, ctx context.Context, base string) <-chan string {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/_sats/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan string, 16)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var name string
		for sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(line, "event: "); ok {
				name = n
			} else if d, ok := strings.CutPrefix(line, "data: "); ok {
				ch <- name + " " + d
			}
		}
	}()
	return ch
}

func next(t *testing.T, ch <-chan string) string {
	t.Helper()
	select {
	case e := <-ch:
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event")
		return ""
	}
}

func TestEditShowsNewContentAndReloads(t *testing.T) {
	dir := writeSite(t)
	s, ts := newServer(t, dir)
	ev := events(t, ts)
	if e := next(t, ev); !strings.HasPrefix(e, "ok") {
		t.Fatalf("first event %q", e)
	}
	code, body := get(t, ts.URL+"/nyheter/post/")
	if code != 200 || !strings.Contains(body, "Første versjon") || !strings.Contains(body, liveScript) {
		t.Fatalf("%d %s", code, body)
	}
	writeFile(t, dir, "content/nyheter/post.md", "---\ntitle: Andre versjon\ndate: 2024-01-01\n---\nTekst.\n")
	if err := s.Rebuild([]string{"content/nyheter/post.md"}); err != nil {
		t.Fatal(err)
	}
	if e := next(t, ev); !strings.HasPrefix(e, "reload") {
		t.Errorf("event %q, want reload", e)
	}
	if _, body := get(t, ts.URL+"/nyheter/post/"); !strings.Contains(body, "Andre versjon") {
		t.Errorf("page after the edit: %s", body)
	}
}

func TestBrokenEditKeepsTheLastGoodPageAndShowsTheProblem(t *testing.T) {
	dir := writeSite(t)
	s, ts := newServer(t, dir)
	ev := events(t, ts)
	next(t, ev)
	writeFile(t, dir, "content/nyheter/post.md", "---\ntitle: Ødelagt\ndate: 2024-13-01\n---\n")
	if err := s.Rebuild([]string{"content/nyheter/post.md"}); err == nil {
		t.Fatal("broken edit built")
	}
	e := next(t, ev)
	if !strings.HasPrefix(e, "problem") || !strings.Contains(e, `content/nyheter/post.md:3:7`) {
		t.Errorf("event %q, want a problem at content/nyheter/post.md:3:7", e)
	}
	if _, body := get(t, ts.URL+"/nyheter/post/"); !strings.Contains(body, "Første versjon") {
		t.Errorf("the last good page is not served: %s", body)
	}
	// A tab opened now learns of the problem at once.
	if e := next(t, events(t, ts)); !strings.HasPrefix(e, "problem") {
		t.Errorf("new tab got %q", e)
	}
	writeFile(t, dir, "content/nyheter/post.md", "---\ntitle: Fikset\ndate: 2024-01-01\n---\n")
	if err := s.Rebuild([]string{"content/nyheter/post.md"}); err != nil {
		t.Fatal(err)
	}
	if e := next(t, ev); !strings.HasPrefix(e, "reload") {
		t.Errorf("event %q after the fix, want reload", e)
	}
	if _, body := get(t, ts.URL+"/nyheter/post/"); !strings.Contains(body, "Fikset") {
		t.Errorf("fixed page: %s", body)
	}
}

func TestTraversalIsRefused(t *testing.T) {
	_, ts := newServer(t, writeSite(t))
	for _, p := range []string{"/../data/site.yaml", "/%2e%2e/data/site.yaml", "/nyheter/..%2f..%2fdata/site.yaml", "/a%5c..%5cb"} {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+p, nil)
		req.URL.RawPath = p
		req.URL.Opaque = p
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 200 || strings.Contains(string(b), "baseURL") {
			t.Errorf("%s: %d %q", p, resp.StatusCode, b)
		}
	}
}

func TestServingBasics(t *testing.T) {
	_, ts := newServer(t, writeSite(t))
	resp, err := http.Get(ts.URL + "/nyheter/post")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/nyheter/post/" {
		t.Errorf("no redirect to the slash URL: %s", resp.Request.URL.Path)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("headers are not sent")
	}
	if code, _ := get(t, ts.URL+"/finnes-ikke/"); code != 404 {
		t.Errorf("missing page: %d", code)
	}
	if code, body := get(t, ts.URL+"/_sats/live.js"); code != 200 || !strings.Contains(body, "EventSource") {
		t.Errorf("live.js: %d", code)
	}
}

func TestRequestsDuringRebuildsGetWholePages(t *testing.T) {
	dir := writeSite(t)
	s, ts := newServer(t, dir)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan string, 100)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				_, body := get(t, ts.URL+"/nyheter/post/")
				if !strings.HasSuffix(strings.TrimSpace(body), "</html>") || !(strings.Contains(body, "Versjon A") || strings.Contains(body, "Versjon B") || strings.Contains(body, "Første versjon")) {
					errs <- body
					return
				}
			}
		}()
	}
	for i := range 20 {
		title := "Versjon A"
		if i%2 == 1 {
			title = "Versjon B"
		}
		writeFile(t, dir, "content/nyheter/post.md", "---\ntitle: "+title+"\ndate: 2024-01-01\n---\n"+strings.Repeat("Tekst. ", 2000)+"\n")
		if err := s.Rebuild([]string{"content/nyheter/post.md"}); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for body := range errs {
		t.Errorf("partial or unexpected page: %.200s", body)
	}
}

func TestWatcherRebuildsOnSaveAndNewFolders(t *testing.T) {
	dir := writeSite(t)
	s, ts := newServer(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w, err := newWatcher(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	go w.loop(ctx, 10*time.Millisecond, func(c []string) { _ = s.Rebuild(c) })
	ev := events(t, ts)
	next(t, ev)

	// Save by rename, as many editors do.
	writeFile(t, dir, "content/nyheter/.post.md.swp", "---\ntitle: Lagret\ndate: 2024-01-01\n---\n")
	if err := os.Rename(filepath.Join(dir, "content/nyheter/.post.md.swp"), filepath.Join(dir, "content/nyheter/post.md")); err != nil {
		t.Fatal(err)
	}
	if e := next(t, ev); !strings.HasPrefix(e, "reload") {
		t.Fatalf("event %q", e)
	}
	if _, body := get(t, ts.URL+"/nyheter/post/"); !strings.Contains(body, "Lagret") {
		t.Errorf("after save: %s", body)
	}
	// A page in a new folder (a new section's _index.md does not exist here,
	// so use a new free page written after its folder was made).
	writeFile(t, dir, "content/om.md", "---\ntitle: Om oss\n---\nNy side.\n")
	if e := next(t, ev); !strings.HasPrefix(e, "reload") {
		t.Fatalf("event %q", e)
	}
	if code, body := get(t, ts.URL+"/om/"); code != 200 || !strings.Contains(body, "Ny side.") {
		t.Errorf("new page: %d %s", code, body)
	}
}

// The preview shows drafts and scheduled posts, and so a link to one works
// there; the publishing build leaves them out, and the link breaks it. The
// preview says so as soon as the page is saved, as it does for a link to a
// page that will expire: that one would break the site on the day.
func TestPreviewSaysWhatThePublishingBuildWillRefuse(t *testing.T) {
	tests := []struct {
		name, target, want string
	}{
		{"a link to a draft", "---\ntitle: Utkast\ndate: 2024-02-01\ndraft: true\n---\nTekst.\n",
			"ingen publisert side kommer fra content/nyheter/maal.md"},
		{"a link to a scheduled post", "---\ntitle: Planlagt\ndate: 2031-02-01\n---\nTekst.\n",
			"ingen publisert side kommer fra content/nyheter/maal.md"},
		{"a link to a page that expires", "---\ntitle: Kortvarig\ndate: 2024-02-01\nexpiryDate: 2026-03-01\n---\nTekst.\n",
			"post.md:5:5: lenke til /nyheter/maal/, som utløper 2026-03-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t)
			writeFile(t, dir, "content/nyheter/maal.md", tt.target)
			writeFile(t, dir, "content/nyheter/post.md", "---\ntitle: Med lenke\ndate: 2024-01-01\n---\nLes [denne](maal.md).\n")
			opts := build.Options{Model: model.Options{Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Drafts: true, Future: true}}
			s := New(os.DirFS(dir), opts, nil, io.Discard)
			if err := s.Rebuild(nil); err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(s)
			t.Cleanup(ts.Close) // after the event streams are closed
			if code, body := get(t, ts.URL+"/nyheter/post/"); code != 200 || !strings.Contains(body, `href="/nyheter/maal/"`) {
				t.Fatalf("the preview's page: %d %s", code, body)
			}
			s.Wait()
			if e := next(t, events(t, ts)); !strings.HasPrefix(e, "problem") || !strings.Contains(e, tt.want) || !strings.Contains(e, "content/nyheter/post.md") {
				t.Errorf("event %q, want a problem in content/nyheter/post.md saying %q", e, tt.want)
			}
			// Linking elsewhere fixes it.
			writeFile(t, dir, "content/nyheter/post.md", "---\ntitle: Med lenke\ndate: 2024-01-01\n---\nLes [forsiden](../_index.md).\n")
			if err := s.Rebuild([]string{"content/nyheter/post.md"}); err != nil {
				t.Fatal(err)
			}
			s.Wait()
			if e := next(t, events(t, ts)); !strings.HasPrefix(e, "ok") {
				t.Errorf("after the fix: event %q, want ok", e)
			}
		})
	}
}
