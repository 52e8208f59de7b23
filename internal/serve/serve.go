// Package serve owns the preview server: it builds the site into memory,
// serves it over HTTP, watches the site's folders and rebuilds what an edit
// affects, and tells open browser tabs to reload.
//
// The server always serves the last site that built without problems. A
// rebuild makes a complete new build.State beside it and swaps it in with one
// atomic store, so a request never sees a half-built site. When an edit breaks
// the build, the old site stays up and every open tab shows the problems in an
// overlay (sent over Server-Sent Events); fixing the file removes it.
//
// Pages are served with a small script, /_sats/live.js, added before
// </body>; `sats build` output never has it.
package serve

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"io/fs"
	"maps"
	"mime"
	"net"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"sats/internal/build"
	"sats/internal/diag"
)

//go:embed live.js live.css
var liveFiles embed.FS

// DefaultDebounce is how long the server waits after a file event for more
// before it rebuilds: long enough to see an editor's save-by-rename, or a git
// checkout of many files, as one change.
const DefaultDebounce = 15 * time.Millisecond

// liveScript is what every served page gets before </body>.
const liveScript = `<script src="/_sats/live.js" defer></script>`

// Server previews one site.
type Server struct {
	fsys    fs.FS
	opts    build.Options
	log     io.Writer
	headers http.Header // sent with every response
	// fixedNow: the caller set the build time (tests); else each rebuild
	// uses the current time.
	fixedNow bool
	lang     diag.Lang // of the messages: the log, the overlay, the page shown while no build succeeded

	state   atomic.Pointer[build.State]
	problem atomic.Pointer[shown] // what the overlay shows; nil when there is nothing to show

	// served fires when the first page after a rebuild has been served:
	// the background check waits for it (or for checkDelay), so that the
	// reloading tab is answered first.
	served     atomic.Pointer[signal]
	checkDelay time.Duration

	mu      sync.Mutex          // serialises rebuilds
	pending map[string]bool     // changed since the last good build
	checks  sync.WaitGroup      // checks of built states under way
	clients map[chan event]bool // open event streams
	cmu     sync.Mutex
}

// shown is what the overlay shows: a heading and the problems.
type shown struct {
	title, message string
}

// signal is closed once.
type signal struct {
	once sync.Once
	c    chan struct{}
}

func (s *signal) fire() { s.once.Do(func() { close(s.c) }) }

type event struct {
	name string
	data string
}

// New returns a server for the site in fsys. Headers are added to every
// response (the site's security headers). Log receives one line per rebuild.
func New(fsys fs.FS, opts build.Options, headers http.Header, log io.Writer) *Server {
	opts.Render.Inject = liveScript
	return &Server{fsys: fsys, opts: opts, log: log, headers: headers, fixedNow: !opts.Model.Now.IsZero(), checkDelay: 500 * time.Millisecond,
		lang: diag.Norwegian, pending: map[string]bool{}, clients: map[chan event]bool{}}
}

// SetLang sets the language of the server's messages (Norwegian unless set):
// call it before Rebuild and Run.
func (s *Server) SetLang(l diag.Lang) { s.lang = l }

// Rebuild builds the site again after the files in changed were edited (all
// of it when changed is nil or there is no good build yet). On success the
// new site is served, open tabs reload, and the rest of the site is made and
// checked in the background (Wait waits for that): the problems the
// publishing build would report then show in the overlay and the terminal.
// On failure the old site stays and tabs show the problems. It returns the
// build's error.
func (s *Server) Rebuild(changed []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	start := time.Now()
	for _, c := range changed {
		s.pending[c] = true
	}
	prev := s.state.Load()
	var paths []string
	if prev != nil {
		paths = slices.Sorted(maps.Keys(s.pending))
	}
	if !s.fixedNow {
		s.opts.Model.Now = time.Now() // scheduled posts appear while the server runs
	}
	next, res, err := build.Rebuild(s.fsys, prev, paths, s.opts)
	took := time.Since(start)
	var what any = strings.Join(changed, ", ")
	if len(changed) == 0 {
		what = diag.Msg("site")
	}
	if err != nil {
		msg := diag.Problems(err).In(s.lang)
		sh := &shown{s.lang.Sprintf("The site does not build – fix the problem and the page reloads"), msg}
		s.problem.Store(sh)
		fmt.Fprintln(s.log, s.lang.Sprintf("%s → build failed in %s:\n%s", what, ms(took), msg))
		s.broadcast(event{"problem", sh.json()})
		return err
	}
	s.pending = map[string]bool{}
	s.state.Store(next)
	if prev != nil {
		prev.Stop()
	}
	s.problem.Store(nil)
	pages := 0
	for _, site := range res.Site.All {
		pages += len(site.Pages)
	}
	fmt.Fprintln(s.log, s.lang.Sprintf("%s → %d pages ready in %s (%d Markdown files converted)", what, pages, ms(took), res.Converted))
	served := &signal{c: make(chan struct{})}
	s.served.Store(served)
	s.broadcast(event{"reload", "{}"})
	s.checks.Add(1)
	go func() {
		defer s.checks.Done()
		select {
		case <-served.c:
		case <-time.After(s.checkDelay):
		}
		s.check(next, s.opts)
	}()
	return nil
}

// check makes every file of a built state and checks it as the publishing
// build would: the links of the preview's own pages, then the whole build
// without drafts and scheduled posts. What it finds goes to the overlay and
// the terminal, unless a newer build has replaced the state by then.
func (s *Server) check(st *build.State, opts build.Options) {
	var problems diag.List
	problems.Append(st.Complete())
	pub := opts
	pub.Model.Drafts, pub.Model.Future, pub.Model.Expired = false, false, false
	pub.Render.Inject = ""
	problems.Append(st.Check(pub))
	if s.state.Load() != st {
		return // replaced: its problems are the next build's to tell
	}
	err := problems.Err()
	if err == nil {
		return
	}
	sh := &shown{s.lang.Sprintf("The preview shows this, but publishing it would fail – fix the problem and the page reloads"), diag.Problems(err).In(s.lang)}
	if !s.problem.CompareAndSwap(nil, sh) {
		return
	}
	fmt.Fprintln(s.log, s.lang.Sprintf("the publishing build would fail (sats build):\n%s", sh.message))
	s.broadcast(event{"problem", sh.json()})
}

// Wait waits for the checks of built states under way.
func (s *Server) Wait() { s.checks.Wait() }

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}

// json is the data of a problem event: the overlay's heading and the
// problems, in the server's language.
func (sh *shown) json() string {
	b, _ := json.Marshal(map[string]string{"message": sh.message, "title": sh.title})
	return string(b)
}

func (s *Server) broadcast(e event) {
	s.cmu.Lock()
	defer s.cmu.Unlock()
	for c := range s.clients {
		select {
		case c <- e:
		default: // a slow client misses an event rather than slowing rebuilds
		}
	}
}

// ServeHTTP serves the current site, the live-reload script and its events.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for k, v := range s.headers {
		w.Header()[k] = v
	}
	w.Header().Set("Cache-Control", "no-store")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if strings.Contains(p, "..") || strings.Contains(r.URL.RawPath, "..") || strings.ContainsRune(p, '\\') || strings.ContainsRune(p, 0) {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	switch p {
	case "/_sats/events":
		s.events(w, r)
		return
	case "/_sats/live.js", "/_sats/live.css":
		data, _ := liveFiles.ReadFile(strings.TrimPrefix(p, "/_sats/"))
		w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(p)))
		_, _ = w.Write(data)
		return
	}
	st := s.state.Load()
	if st == nil {
		s.noSite(w)
		return
	}
	name := strings.TrimPrefix(path.Clean(p), "/")
	if strings.HasSuffix(p, "/") || name == "" {
		name = path.Join(name, "index.html")
	}
	data, ok, err := st.Open(name)
	if err != nil {
		s.failed(w, err)
		return
	}
	if !ok {
		if _, isDir, _ := st.Open(path.Join(name, "index.html")); isDir {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		if nf, ok := st.File("404.html"); ok {
			_, _ = w.Write(nf)
		}
		return
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = http.DetectContentType(data)
	}
	w.Header().Set("Content-Type", ct)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
	if sig := s.served.Load(); sig != nil && strings.HasSuffix(name, ".html") {
		sig.fire()
	}
}

// failed answers a request for a file that cannot be made (a layout that
// fails on this page, say): the page of problems.
func (s *Server) failed(w http.ResponseWriter, err error) {
	s.problemPage(w, http.StatusInternalServerError, s.lang.Sprintf("This page does not build"), diag.Problems(err).In(s.lang))
}

// noSite answers while no build has succeeded yet: a page that shows the
// problems and reloads when they are fixed.
func (s *Server) noSite(w http.ResponseWriter) {
	msg := s.lang.Sprintf("building…")
	if p := s.problem.Load(); p != nil {
		msg = p.message
	}
	s.problemPage(w, http.StatusServiceUnavailable, s.lang.Sprintf("The site does not build"), msg)
}

// problemPage answers with a page of problems that reloads when they are
// fixed.
func (s *Server) problemPage(w http.ResponseWriter, code int, title, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	fmt.Fprintf(w, "<!doctype html><html lang=%s><meta charset=utf-8><title>sats: %s</title><link rel=stylesheet href=/_sats/live.css><body class=sats-nosite><h1>%s</h1><pre>%s</pre>%s</body></html>",
		s.lang, html.EscapeString(title), html.EscapeString(title), html.EscapeString(msg), liveScript)
}

// events streams reload and problem events to one browser tab.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	c := make(chan event, 4)
	s.cmu.Lock()
	s.clients[c] = true
	s.cmu.Unlock()
	defer func() {
		s.cmu.Lock()
		delete(s.clients, c)
		s.cmu.Unlock()
	}()
	fmt.Fprint(w, "retry: 500\n\n")
	if p := s.problem.Load(); p != nil {
		fmt.Fprintf(w, "event: problem\ndata: %s\n\n", p.json())
	} else {
		fmt.Fprint(w, "event: ok\ndata: {}\n\n")
	}
	fl.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case e := <-c:
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
			fl.Flush()
		}
	}
}

// Run serves on addr until ctx ends, rebuilding as files change.
func (s *Server) Run(ctx context.Context, addr string, root string, debounce time.Duration) error {
	w, err := newWatcher(root)
	if err != nil {
		return err
	}
	defer w.close()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := newHTTPServer(s, l.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	go w.loop(ctx, debounce, func(changed []string) { _ = s.Rebuild(changed) })
	select {
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
		return nil
	case err := <-errc:
		return err
	}
}
