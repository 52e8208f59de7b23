package main

import (
	"context"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"

	"sats/internal/build"
	"sats/internal/headers"
	"sats/internal/render"
	"sats/internal/serve"
)

func runServe(_ string, f *flags, stdout, stderr io.Writer) int {
	if !siteExists(f.source, stderr, f.lang) {
		return 1
	}
	opts := build.Options{}
	opts.Model.Drafts, opts.Model.Future, opts.Model.Expired = f.drafts, f.future, f.expired
	opts.Render.Images = render.DirCache(filepath.Join(f.source, imageCacheDir))
	// What the last `sats build` kept is read, never written: the preview
	// keeps its own results in memory.
	if c, err := build.OpenCache(filepath.Join(f.source, buildCacheDir), nil); err == nil {
		opts.Cache = c.ReadOnly()
	}
	srv := serve.New(os.DirFS(f.source), opts, headers.SecurityHeader(), stdout)
	srv.SetLang(f.lang)
	_ = srv.Rebuild(nil) // a broken site is still served: the page shows the problems
	addr := net.JoinHostPort(f.bind, strconv.Itoa(f.port))
	f.lang.Fprintf(stdout, "sats: serving http://%s/ — edit content/, data/, layouts/ or static/ and the page reloads; Ctrl+C stops\n", addr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := srv.Run(ctx, addr, f.source, serve.DefaultDebounce); err != nil {
		f.lang.Fprintf(stderr, "sats: %v\n", err)
		return 1
	}
	return 0
}
