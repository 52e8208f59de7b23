// Command sats builds, checks and previews the website in the current folder
// (content/, data/, layouts/, static/).
//
// Usage:
//
//	sats build [-source DIR] [-o DIR] [-drafts] [-future] [-expired] [-v] [-format text|github]
//	sats check [-source DIR] [-drafts] [-future] [-expired] [-format text|github]
//	sats serve [-source DIR] [-port 1313] [-bind 127.0.0.1]
//	sats new news|report|project "Tittel"
//	sats help
//
// Messages are in Norwegian bokmål; -lang en on any command, or SATS_LANG=en
// in the environment, writes them in English.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	_ "time/tzdata"

	"sats/internal/diag" // dates mean the site's time zone whatever the machine's is
)

const usage = `sats builds the website from content/, data/, layouts/ and static/.

Usage:

	sats build [flags]           build the site into public/ (or -o DIR)
	sats check [flags]           run every check of a build, write nothing
	sats serve [flags]           preview the site at http://127.0.0.1:1313, rebuilding on every save
	sats new KIND "Tittel"       create a draft: KIND is news, report or project
	sats help                    show this text

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
	case "serve":
		return runServe(args, stdout, stderr)
	case "new":
		return runNew(args, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		printFlags(stdout)
		return 0
	}
	envLang().Fprintf(stderr, "sats: unknown command %q; run 'sats help' for the commands\n", cmd)
	return 2
}

type flags struct {
	source, out             string
	drafts, future, expired bool
	verbose                 bool
	format                  string // how problems are printed: text or github
	port                    int
	bind                    string
	cpuProfile, memProfile  string // build: where to write pprof profiles
	lang                    diag.Lang
}

// envLang is the language of messages when no -lang flag says: SATS_LANG,
// else Norwegian.
func envLang() diag.Lang { return diag.LangFromEnv(os.Getenv) }

// langFlag is the value of -lang: a language for messages.
type langFlag struct{ l *diag.Lang }

func (f langFlag) String() string {
	if f.l == nil {
		return ""
	}
	return string(*f.l)
}

func (f langFlag) Set(s string) error {
	l, ok := diag.ParseLang(s)
	if !ok {
		return diag.Msg("unknown language %q; use nb or en", s)
	}
	*f.l = l
	return nil
}

func newFlagSet(name string, f *flags, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	f.lang = envLang()
	fs.Var(langFlag{&f.lang}, "lang", "the language of messages: nb (Norwegian, the default) or en; or set "+diag.LangEnv+"=en")
	fs.StringVar(&f.source, "source", ".", "the site's folder")
	fs.StringVar(&f.out, "o", "", "the output folder (default: public/ in the site's folder)")
	fs.BoolVar(&f.drafts, "drafts", false, "include pages with draft: true (serve: default true)")
	fs.BoolVar(&f.future, "future", false, "include pages dated in the future (serve: default true)")
	fs.BoolVar(&f.expired, "expired", false, "include pages whose expiryDate has passed")
	fs.BoolVar(&f.verbose, "v", false, "print the time of each build step")
	fs.StringVar(&f.format, "format", "text", "build, check: print problems as text, or as github annotations (::error file=…,line=…::…) for GitHub Actions")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "build: write a CPU profile of the build to this file (go tool pprof)")
	fs.StringVar(&f.memProfile, "memprofile", "", "build: write a heap profile taken at the end of the build to this file")
	fs.IntVar(&f.port, "port", 1313, "serve: the port")
	fs.StringVar(&f.bind, "bind", "127.0.0.1", "serve: the address to listen on (0.0.0.0 for the local network)")
	return fs
}

func printFlags(w io.Writer) {
	fs := newFlagSet("sats", &flags{}, w)
	fs.PrintDefaults()
}

// parse parses the flags of a command that takes no arguments.
func parse(cmd string, args []string, f *flags, stderr io.Writer) bool {
	fs := newFlagSet(cmd, f, stderr)
	if err := fs.Parse(args); err != nil {
		return false
	}
	if fs.NArg() > 0 {
		f.lang.Fprintf(stderr, "sats %s: unexpected argument %q; see 'sats help'\n", cmd, fs.Arg(0))
		return false
	}
	return true
}
