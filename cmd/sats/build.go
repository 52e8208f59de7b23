package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"sats/internal/build"
	"sats/internal/diag"
	"sats/internal/load"
	"sats/internal/render"
	"sats/internal/write"
)

// imageCacheDir keeps resized images between builds, and buildCacheDir
// what `sats build` keeps for the next build (build.Cache), in the site's
// folder (git-ignored).
const (
	cacheDir      = ".cache"
	imageCacheDir = cacheDir + "/images"
	buildCacheDir = cacheDir + "/build"
	// oldPageCacheDir is where an earlier version of sats kept its page
	// cache; it is removed.
	oldPageCacheDir = cacheDir + "/pages"
)

// siteExists reports, with a message, whether dir holds a site.
func siteExists(dir string, stderr io.Writer, l diag.Lang) bool {
	if _, err := os.Stat(filepath.Join(dir, "data", "site.yaml")); err != nil {
		l.Fprintf(stderr, "sats: %s has no data/site.yaml; run sats in the site's folder or give -source DIR\n", dir)
		return false
	}
	return true
}

// runBuild runs `sats build` and `sats check`.
func runBuild(cmd string, f *flags, stdout, stderr io.Writer) int {
	if f.format != "text" && f.format != "github" {
		f.lang.Fprintf(stderr, "sats %s: unknown -format %q; use text or github\n", cmd, f.format)
		return 2
	}
	if !siteExists(f.source, stderr, f.lang) {
		return 1
	}
	out := f.out
	if out == "" {
		out = filepath.Join(f.source, "public")
	}
	var target build.Target = build.Discard{}
	if cmd == "build" {
		if err := write.CheckPlace(out, f.source, load.ContentDir, load.DataDir, load.LayoutDir, load.StaticDir, cacheDir); err != nil {
			f.lang.Fprintf(stderr, "sats: %v\n", err)
			return 1
		}
		dir, err := write.Update(out)
		if err != nil {
			f.lang.Fprintf(stderr, "sats: %v\n", err)
			return 1
		}
		target = dir
	}
	opts := build.Options{}
	opts.Model.Drafts, opts.Model.Future, opts.Model.Expired = f.drafts, f.future, f.expired
	opts.Model.Now = time.Now()
	opts.Render.Images = render.DirCache(filepath.Join(f.source, imageCacheDir))
	if cmd == "check" {
		opts.Render.Images = render.ReadOnly(opts.Render.Images) // a check writes nothing
	} else {
		_ = os.RemoveAll(filepath.Join(f.source, oldPageCacheDir))
		c, err := build.OpenCache(filepath.Join(f.source, buildCacheDir), os.DirFS(out))
		if err != nil {
			_ = target.Abort()
			f.lang.Fprintf(stderr, "sats: %v\n", err)
			return 1
		}
		defer c.Close()
		opts.Cache = c
	}
	defer paceGC(smallHeap).stop()
	stop, perr := startProfiles(f.cpuProfile, f.memProfile)
	if perr != nil {
		f.lang.Fprintf(stderr, "sats: %v\n", perr)
		return 1
	}
	res, err := build.Build(os.DirFS(f.source), target, opts)
	if perr := stop(); perr != nil {
		f.lang.Fprintf(stderr, "sats: %v\n", perr)
	}
	if f.verbose {
		printSteps(stderr, res)
		if dir, ok := target.(*write.Dir); ok && err == nil {
			mode := "whole"
			if dir.Updating() {
				mode = "updated in place"
			}
			fmt.Fprintf(stderr, "  %-10s %8d written, %d kept (%s)\n", "output", dir.Written(), dir.Kept(), mode)
		}
		if taken, made := opts.Cache.Stats(); taken+made > 0 {
			fmt.Fprintf(stderr, "  %-10s %8d values taken, %d made\n", "cache", taken, made)
		}
	}
	if err != nil {
		problems := diag.Problems(err)
		if f.format == "github" {
			_ = diag.FormatGitHub(stdout, problems, f.lang) // workflow commands are read from stdout
		}
		for _, p := range problems {
			fmt.Fprintln(stderr, p.In(f.lang)) // in the log as well, with file:line:col
		}
		if cmd == "check" {
			f.lang.Fprintf(stderr, "sats: check failed: %d problem(s); nothing was written\n", len(problems))
		} else {
			f.lang.Fprintf(stderr, "sats: build failed: %d problem(s); nothing was written\n", len(problems))
		}
		return 1
	}
	printLeftOut(stdout, res, f.lang)
	if cmd == "check" {
		f.lang.Fprintf(stdout, "sats: check passed: %d pages, no problems\n", res.Pages)
		return 0
	}
	f.lang.Fprintf(stdout, "sats: %s\n", res.Summary(out))
	return 0
}

func printSteps(w io.Writer, res *build.Result) {
	if res == nil {
		return
	}
	for _, s := range res.Steps {
		fmt.Fprintf(w, "  %-10s %8.1f ms\n", s.Name, float64(s.Duration.Microseconds())/1000)
	}
	if res.Kept > 0 {
		fmt.Fprintf(w, "  %-10s %8d of %d pages\n", "kept", res.Kept, res.Pages)
	}
	fmt.Fprintf(w, "  %-10s %8d documents\n", "converted", res.Converted)
}

func printLeftOut(w io.Writer, res *build.Result, lang diag.Lang) {
	s := res.Site
	if s == nil {
		return
	}
	for _, l := range s.LeftOut {
		switch l.Reason {
		case "future":
			lang.Fprintf(w, "left out (scheduled for %s): %s\n", l.Date.In(s.Location).Format("2006-01-02 15:04 MST"), l.Path)
		case "draft":
			lang.Fprintf(w, "left out (draft): %s\n", l.Path)
		case "expired":
			lang.Fprintf(w, "left out (expired): %s\n", l.Path)
		default:
			lang.Fprintf(w, "left out (%s): %s\n", l.Reason, l.Path)
		}
	}
	if !s.NextChange.IsZero() {
		lang.Fprintf(w, "next scheduled change: %s\n", s.NextChange.In(s.Location).Format(time.RFC3339))
	}
}

// startProfiles starts the CPU profile when cpu is set; the returned stop
// ends it and writes a heap profile to mem when that is set.
func startProfiles(cpu, mem string) (stop func() error, err error) {
	var cf *os.File
	if cpu != "" {
		if cf, err = os.Create(cpu); err != nil {
			return nil, diag.Msg("cannot write the CPU profile: %w", err)
		}
		if err = pprof.StartCPUProfile(cf); err != nil {
			cf.Close()
			return nil, diag.Msg("cannot start the CPU profile: %w", err)
		}
	}
	return func() error {
		var errs []error
		if cf != nil {
			pprof.StopCPUProfile()
			errs = append(errs, cf.Close())
		}
		if mem != "" {
			mf, err := os.Create(mem)
			if err != nil {
				return diag.Msg("cannot write the heap profile: %w", err)
			}
			errs = append(errs, pprof.Lookup("allocs").WriteTo(mf, 0), mf.Close())
		}
		return errors.Join(errs...)
	}, nil
}
