// Command sats builds the website in the current folder (content/, data/,
// layouts/, static/) into public/.
//
// Usage:
//
//	sats build [-source DIR] [-o DIR] [-drafts] [-future] [-expired] [-v]
//	sats check [-source DIR] [-drafts] [-future] [-expired]
//	sats help
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
	_ "time/tzdata" // dates mean the site's time zone whatever the machine's is

	"sats/internal/build"
	"sats/internal/diag"
	"sats/internal/write"
)

const usage = `sats builds the website from content/, data/, layouts/ and static/.

Usage:

	sats build [flags]   build the site into public/ (or -o DIR)
	sats check [flags]   run every check of a build, write nothing
	sats help            show this text

Flags:
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		printFlags(stderr)
		return 2
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "build", "check":
		return runBuild(cmd, args, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		printFlags(stdout)
		return 0
	}
	fmt.Fprintf(stderr, "sats: unknown command %q; run 'sats help' for the commands\n", cmd)
	return 2
}

type flags struct {
	source, out             string
	drafts, future, expired bool
	verbose                 bool
}

func newFlagSet(name string, f *flags, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.source, "source", ".", "the site's folder")
	fs.StringVar(&f.out, "o", "", "the output folder (default: public/ in the site's folder)")
	fs.BoolVar(&f.drafts, "drafts", false, "include pages with draft: true")
	fs.BoolVar(&f.future, "future", false, "include pages dated in the future")
	fs.BoolVar(&f.expired, "expired", false, "include pages whose expiryDate has passed")
	fs.BoolVar(&f.verbose, "v", false, "print the time of each build step")
	return fs
}

func printFlags(w io.Writer) {
	fs := newFlagSet("sats", &flags{}, w)
	fs.PrintDefaults()
}

func runBuild(cmd string, args []string, stdout, stderr io.Writer) int {
	var f flags
	fs := newFlagSet(cmd, &f, stderr)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sats %s: unexpected argument %q; flags come before nothing else (see 'sats help')\n", cmd, fs.Arg(0))
		return 2
	}
	if _, err := os.Stat(filepath.Join(f.source, "data", "site.yaml")); err != nil {
		fmt.Fprintf(stderr, "sats: %s has no data/site.yaml; run sats in the site's folder or give -source DIR\n", f.source)
		return 1
	}
	out := f.out
	if out == "" {
		out = filepath.Join(f.source, "public")
	}
	var target build.Target = build.Discard{}
	if cmd == "build" {
		dir, err := write.Begin(out)
		if err != nil {
			fmt.Fprintf(stderr, "sats: %v\n", err)
			return 1
		}
		target = dir
	}
	opts := build.Options{}
	opts.Model.Drafts, opts.Model.Future, opts.Model.Expired = f.drafts, f.future, f.expired
	opts.Model.Now = time.Now()
	res, err := build.Build(os.DirFS(f.source), target, opts)
	if f.verbose || err != nil {
		printSteps(stderr, res)
	}
	if err != nil {
		problems := diag.Problems(err)
		for _, p := range problems {
			fmt.Fprintln(stderr, p.Error())
		}
		what := "build failed"
		if cmd == "check" {
			what = "check failed"
		}
		fmt.Fprintf(stderr, "sats: %s: %d problem(s); nothing was written\n", what, len(problems))
		return 1
	}
	printLeftOut(stdout, res)
	if cmd == "check" {
		fmt.Fprintf(stdout, "sats: check passed: %d pages, no problems\n", res.Pages)
		return 0
	}
	fmt.Fprintf(stdout, "sats: %s\n", res.Summary(out))
	return 0
}

func printSteps(w io.Writer, res *build.Result) {
	if res == nil {
		return
	}
	for _, s := range res.Steps {
		fmt.Fprintf(w, "  %-10s %8.1f ms\n", s.Name, float64(s.Duration.Microseconds())/1000)
	}
}

func printLeftOut(w io.Writer, res *build.Result) {
	s := res.Site
	if s == nil {
		return
	}
	for _, l := range s.LeftOut {
		switch l.Reason {
		case "future":
			fmt.Fprintf(w, "left out (scheduled for %s): %s\n", l.Date.In(s.Location).Format("2006-01-02 15:04 MST"), l.Path)
		case "draft":
			fmt.Fprintf(w, "left out (draft): %s\n", l.Path)
		case "expired":
			fmt.Fprintf(w, "left out (expired): %s\n", l.Path)
		}
	}
	if !s.NextChange.IsZero() {
		fmt.Fprintf(w, "next scheduled change: %s\n", s.NextChange.In(s.Location).Format(time.RFC3339))
	}
}


