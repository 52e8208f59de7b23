package serve

import (
	"net"
	"net/http"
	"path"
	"strings"
	"time"
)

// Timeouts of the preview's connections: a client gets ReadHeaderTimeout to
// send a request's headers, and a keep-alive connection with no request on
// it is closed after IdleTimeout. There is no write timeout: the stream of
// reload events stays open as long as the tab.
const (
	ReadHeaderTimeout = 5 * time.Second
	IdleTimeout       = 30 * time.Second
)

// newHTTPServer returns the preview's HTTP server for a listener at addr:
// h behind Guard, with the timeouts above.
func newHTTPServer(h http.Handler, addr string) *http.Server {
	return &http.Server{
		Handler:           Guard(h, addr),
		ReadHeaderTimeout: ReadHeaderTimeout,
		IdleTimeout:       IdleTimeout,
	}
}

// Guard wraps the preview's handler so that it answers only requests
// addressed to the server itself, at addr (host:port, as the listener has
// it).
//
// The preview shows drafts. A page on another site could otherwise read them
// through DNS rebinding: its own host name made to point at 127.0.0.1, so
// that the browser sends the preview requests with Host: evil.example. So the
// Host header must name this server: localhost or an IP address of it (any IP
// address when it listens on all of them, as with -bind 0.0.0.0), never
// another DNS name, and the port it listens on. Other requests get 403.
//
// A path that is not clean (//nyheter, /a/./b) is redirected to its clean
// form, which starts with a single slash: a redirect to //nyheter/ would send
// the browser to the host "nyheter".
func Guard(h http.Handler, addr string) http.Handler {
	bindHost, bindPort, err := net.SplitHostPort(addr)
	bindIP := net.ParseIP(bindHost)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err != nil || !hostAllowed(r.Host, bindIP, bindPort) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("X-Content-Type-Options", "nosniff")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte("403 forbidden: this preview answers only to its own address, such as http://" + net.JoinHostPort("127.0.0.1", bindPort) + "/\n"))
			return
		}
		if clean := cleanPath(r.URL.Path); clean != r.URL.Path && !strings.Contains(r.URL.Path, "..") {
			if r.URL.RawQuery != "" {
				clean += "?" + r.URL.RawQuery
			}
			w.Header().Set("Location", clean)
			w.WriteHeader(http.StatusMovedPermanently)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// hostAllowed reports whether a request's Host header names the server bound
// to ip and port.
func hostAllowed(hostport string, ip net.IP, port string) bool {
	host, p, err := net.SplitHostPort(hostport)
	if err != nil {
		host, p = hostport, "80" // no port: the default one
	}
	if p != port {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	hip := net.ParseIP(host)
	switch {
	case hip == nil:
		return false // a DNS name: the one way a page of another site gets here
	case hip.IsLoopback(), ip == nil || ip.IsUnspecified():
		return true
	}
	return hip.Equal(ip)
}

// cleanPath returns p with no empty, . or .. elements, keeping a final slash:
// a path with a single slash at its start.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	c := path.Clean("/" + p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
}
