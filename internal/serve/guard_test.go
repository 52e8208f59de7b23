package serve

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"sats/internal/build"
)

func TestGuardAnswersOnlyItsOwnAddress(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "page") })
	tests := []struct {
		bound, host string
		want        int
	}{
		// Bound to the loopback address, as sats serve is by default.
		{"127.0.0.1:1313", "127.0.0.1:1313", 200},
		{"127.0.0.1:1313", "localhost:1313", 200},
		{"127.0.0.1:1313", "LOCALHOST:1313", 200},
		{"127.0.0.1:1313", "[::1]:1313", 200},
		{"127.0.0.1:1313", "evil.example:1313", 403},           // DNS rebinding
		{"127.0.0.1:1313", "localhost.evil.example:1313", 403}, // a name that starts like localhost
		{"127.0.0.1:1313", "127.0.0.1.nip.io:1313", 403},
		{"127.0.0.1:1313", "127.0.0.1:8080", 403}, // another port
		{"127.0.0.1:1313", "127.0.0.1", 403},      // port 80
		{"127.0.0.1:1313", "192.168.1.20:1313", 403},
		{"127.0.0.1:1313", "", 403},
		{"127.0.0.1:80", "localhost", 200},
		// Bound to all addresses (-bind 0.0.0.0): any IP address of the machine.
		{"0.0.0.0:1313", "192.168.1.20:1313", 200},
		{"0.0.0.0:1313", "[fe80::1]:1313", 200},
		{"0.0.0.0:1313", "localhost:1313", 200},
		{"0.0.0.0:1313", "min-maskin.local:1313", 403},
		{"[::]:1313", "10.0.0.2:1313", 200},
		{"[::]:1313", "evil.example:1313", 403},
		// Bound to one address of the local network.
		{"192.168.1.20:1313", "192.168.1.20:1313", 200},
		{"192.168.1.20:1313", "192.168.1.21:1313", 403},
		{"[::1]:1313", "[::1]:1313", 200},
		{"[::1]:1313", "[::2]:1313", 403},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.Host = tt.host
		w := httptest.NewRecorder()
		Guard(ok, tt.bound).ServeHTTP(w, r)
		if w.Code != tt.want {
			t.Errorf("bound to %s, Host %q: status %d, want %d", tt.bound, tt.host, w.Code, tt.want)
		}
		if w.Code == 403 && (strings.Contains(w.Body.String(), "page") || !strings.Contains(w.Body.String(), "only to its own address")) {
			t.Errorf("bound to %s, Host %q: body %q", tt.bound, tt.host, w.Body.String())
		}
	}
}

func TestGuardRedirectsNeverLeaveTheHost(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "page "+r.URL.Path) })
	tests := []struct {
		target   string
		location string // "" when the request is passed on
	}{
		{"/nyheter/", ""},
		{"/nyheter", ""},
		{"/", ""},
		{"//nyheter", "/nyheter"},
		{"//nyheter/", "/nyheter/"},
		{"///evil.example/", "/evil.example/"},
		{"/nyheter//side/2/", "/nyheter/side/2/"},
		{"/./om/", "/om/"},
		{"//nyheter?q=a", "/nyheter?q=a"},
		{"/a/../b", ""}, // left to the handler, which refuses ..
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "http://127.0.0.1:1313"+tt.target, nil)
		r.URL.Path, r.URL.RawQuery, _ = strings.Cut(tt.target, "?")
		w := httptest.NewRecorder()
		Guard(ok, "127.0.0.1:1313").ServeHTTP(w, r)
		loc := w.Header().Get("Location")
		if tt.location == "" {
			if w.Code != 200 || loc != "" {
				t.Errorf("%s: status %d, Location %q; want it passed on", tt.target, w.Code, loc)
			}
			continue
		}
		if w.Code != http.StatusMovedPermanently || loc != tt.location {
			t.Errorf("%s: status %d, Location %q; want 301 to %q", tt.target, w.Code, loc, tt.location)
		}
		if strings.HasPrefix(loc, "//") || strings.Contains(loc, ":") {
			t.Errorf("%s: the redirect to %q leaves the host", tt.target, loc)
		}
	}
}

// TestServerRedirectToFolderStaysOnTheHost runs the server's own folder
// redirect (/nyheter → /nyheter/) behind the guard, for a doubled slash.
func TestServerRedirectToFolderStaysOnTheHost(t *testing.T) {
	a, err := txtar.ParseFile("../../testdata/minimal-site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	site := fstest.MapFS{}
	for _, f := range a.Files {
		site[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	s := New(site, build.Options{}, nil, io.Discard)
	if err := s.Rebuild(nil); err != nil {
		t.Fatal(err)
	}
	h := Guard(s, "127.0.0.1:1313")
	for _, target := range []string{"//nyheter", "/nyheter"} {
		loc := target
		for range 3 { // follow the redirects on this host
			r := httptest.NewRequest("GET", "/", nil)
			r.Host = "127.0.0.1:1313"
			r.URL.Path = loc
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusMovedPermanently {
				break
			}
			loc = w.Header().Get("Location")
			if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") {
				t.Fatalf("%s: redirected to %q, off the host", target, loc)
			}
		}
		if loc != "/nyheter/" {
			t.Errorf("%s: ended at %q, want /nyheter/", target, loc)
		}
	}
}

// TestIdleConnectionsAreClosed opens a keep-alive connection to the
// preview's HTTP server, makes one request and leaves it idle: the server
// must close it.
func TestIdleConnectionsAreClosed(t *testing.T) {
	if IdleTimeout <= 0 || IdleTimeout > 2*time.Minute || ReadHeaderTimeout <= 0 {
		t.Fatalf("timeouts %v, %v: idle connections must be closed within minutes", IdleTimeout, ReadHeaderTimeout)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "page") }), l.Addr().String())
	if srv.IdleTimeout != IdleTimeout || srv.ReadHeaderTimeout != ReadHeaderTimeout {
		t.Fatalf("the server's timeouts are %v and %v", srv.IdleTimeout, srv.ReadHeaderTimeout)
	}
	srv.IdleTimeout = 100 * time.Millisecond // the same mechanism, quicker
	go func() { _ = srv.Serve(l) }()
	defer srv.Close()

	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: "+l.Addr().String()+"\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Close {
		t.Fatalf("status %d, close %v: want a kept-alive 200", resp.StatusCode, resp.Close)
	}
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := br.ReadByte(); err != io.EOF {
		t.Errorf("reading the idle connection: %v, want EOF (closed by the server)", err)
	}
}
