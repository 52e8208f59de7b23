// Command sats builds, checks and previews the website in the current folder
// (content/, data/, layouts/, static/).
//
// Usage:
//
//	sats build [-source DIR] [-o DIR] [-drafts] [-future] [-expired] [-v] [-format text|github] [-cpuprofile FILE] [-memprofile FILE]
//	sats check [-source DIR] [-drafts] [-future] [-expired] [-format text|github]
//	sats serve [-source DIR] [-port 1313] [-bind 127.0.0.1] [-drafts=true] [-future=true] [-expired]
//	sats new [-source DIR] news|report|project "Tittel"
//	sats version
//	sats help [COMMAND]
//
// Each command has its own flags; `sats COMMAND -h` lists them. Messages are
// in Norwegian bokmål; -lang en on any command, or SATS_LANG=en in the
// environment, writes them in English.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sats/internal/diag"
	"strings"
	_ "time/tzdata" // dates mean the site's time zone whatever the machine's is
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// command is one of sats's commands: its usage, its own flags and what it
// runs.
type command struct {
	name    string
	args    string // what follows the name on the usage line
	summary string // one line, for `sats help`
	about   string // a paragraph, for `sats CMD -h`
	setup   func(fs *flag.FlagSet, f *flags)
	// run runs the command with its parsed flags and arguments.
	run func(name string, f *flags, args []string, stdout, stderr io.Writer) int
}

// commands lists the commands in the order `sats help` shows them.
func commands() []command {
	return []command{
		{
			name: "build", args: "[flags]", summary: "build the site into public/ (or -o DIR)",
			about: "Builds the site into public/ in the site's folder, or into -o DIR. A build that\nfinds a problem prints every problem, exits with status 1 and leaves the\nprevious output as it was.",
			setup: func(fs *flag.FlagSet, f *flags) {
				siteFlag(fs, f)
				fs.StringVar(&f.out, "o", "", "write the site into `DIR` (default: public/ in the site's folder)")
				filterFlags(fs, f, false)
				fs.BoolVar(&f.verbose, "v", false, "print the time of each build step")
				formatFlag(fs, f)
				fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of the build to `FILE` (go tool pprof)")
				fs.StringVar(&f.memProfile, "memprofile", "", "write a heap profile taken at the end of the build to `FILE`")
			},
			run: noArgs(runBuild),
		},
		{
			name: "check", args: "[flags]", summary: "run every check of a build, write nothing",
			about: "Runs every check of a build and writes nothing. Exits with status 1 when\nthere is a problem.",
			setup: func(fs *flag.FlagSet, f *flags) {
				siteFlag(fs, f)
				filterFlags(fs, f, false)
				formatFlag(fs, f)
			},
			run: noArgs(runBuild),
		},
		{
			name: "serve", args: "[flags]", summary: "preview the site at http://127.0.0.1:1313, rebuilding on every save",
			about: "Previews the site with live reload: every save rebuilds what it affects and\nthe page in the browser reloads. Shows drafts and scheduled posts unless told\n-drafts=false or -future=false. Ctrl+C stops it.",
			setup: func(fs *flag.FlagSet, f *flags) {
				siteFlag(fs, f)
				fs.IntVar(&f.port, "port", 1313, "listen on this `port`")
				fs.StringVar(&f.bind, "bind", "127.0.0.1", "listen on this `address` (0.0.0.0 for the local network)")
				filterFlags(fs, f, true)
			},
			run: noArgs(runServe),
		},
		{
			name: "new", args: `[flags] KIND "Tittel"`, summary: `create a draft: KIND is news, report or project`,
			about: "Creates a draft news post, report or project with the title, dated today,\nin the right place. A title that starts with '-' goes after --.",
			setup: siteFlag,
			run:   runNew,
		},
		{
			name: "version", args: "", summary: "show the version of sats and of Go it was built with",
			about: "Shows the module version, the commit and its time (when known) and the Go\nversion sats was built with.",
			setup: func(*flag.FlagSet, *flags) {},
			run:   noArgs(runVersion),
		},
		{
			name: "help", args: "[COMMAND]", summary: "show this text, or a command's flags",
			about: "Shows the commands, or what one command does and its flags.",
			setup: func(*flag.FlagSet, *flags) {},
			run:   runHelp,
		},
	}
}

func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// flags holds the values of every command's flags; each command registers
// only its own.
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

func siteFlag(fs *flag.FlagSet, f *flags) {
	fs.StringVar(&f.source, "source", ".", "read the site from `DIR`")
}

// filterFlags registers -drafts, -future and -expired; a preview shows drafts
// and scheduled pages unless told otherwise.
func filterFlags(fs *flag.FlagSet, f *flags, preview bool) {
	fs.BoolVar(&f.drafts, "drafts", preview, "include pages with draft: true")
	fs.BoolVar(&f.future, "future", preview, "include pages dated in the future")
	fs.BoolVar(&f.expired, "expired", false, "include pages whose expiryDate has passed")
}

func formatFlag(fs *flag.FlagSet, f *flags) {
	fs.StringVar(&f.format, "format", "text", "print problems as `text|github`; github writes annotations (::error file=…,line=…::…) for GitHub Actions")
}

// noArgs wraps a command that takes no arguments.
func noArgs(fn func(name string, f *flags, stdout, stderr io.Writer) int) func(string, *flags, []string, io.Writer, io.Writer) int {
	return func(name string, f *flags, args []string, stdout, stderr io.Writer) int {
		if len(args) > 0 {
			f.lang.Fprintf(stderr, "sats %s: unexpected argument %q; 'sats %s -h' shows what it takes\n", name, args[0], name)
			return 2
		}
		return fn(name, f, stdout, stderr)
	}
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr)
		return 2
	}
	name, args := args[0], args[1:]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-version", "--version":
		name = "version"
	}
	c, ok := findCommand(name)
	if !ok {
		envLang().Fprintf(stderr, "sats: unknown command %q; run 'sats help' for the commands\n", name)
		return 2
	}
	var f flags
	fs := c.flagSet(&f, io.Discard) // the flag package's own report is replaced by one line
	rest, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		c.printUsage(stdout)
		return 0
	}
	if err != nil {
		if flagName, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: "); ok {
			f.lang.Fprintf(stderr, "sats %s has no flag %s; 'sats %s -h' lists its flags\n", name, flagName, name)
		} else {
			f.lang.Fprintf(stderr, "sats %s: %v; 'sats %s -h' lists its flags\n", name, err, name)
		}
		return 2
	}
	return c.run(name, &f, rest, stdout, stderr)
}

// flagSet makes the command's flag set, writing to w.
func (c command) flagSet(f *flags, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("sats "+c.name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {} // -h is answered by run, on stdout
	c.setup(fs, f)
	f.lang = envLang()
	fs.Var(langFlag{&f.lang}, "lang", "write messages in `nb` (Norwegian, the default) or en; or set "+diag.LangEnv+"=en")
	return fs
}

// parseInterspersed parses flags before, between and after the arguments, so
// that `sats new news "Tittel" -source site` means what it says and
// `sats new news "Tittel" -drafts` is an unknown flag, not part of the title.
// Everything after -- is an argument.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		used := len(args) - fs.NArg()
		if used > 0 && args[used-1] == "--" {
			return append(rest, fs.Args()...), nil
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest, args = append(rest, args[0]), args[1:]
	}
}

// printUsage writes what `sats help` shows.
func printUsage(w io.Writer) {
	fmt.Fprint(w, "sats builds the website from content/, data/, layouts/ and static/.\n\nUsage:\n\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "\t%-32s %s\n", strings.TrimSpace("sats "+c.name+" "+c.args), c.summary)
	}
	fmt.Fprint(w, "\n'sats help COMMAND' or 'sats COMMAND -h' shows a command's flags.\n")
}

// printUsage writes a command's usage line, what it does and its flags.
func (c command) printUsage(w io.Writer) {
	fmt.Fprintf(w, "usage: sats %s\n\n%s\n", strings.TrimSpace(c.name+" "+c.args), c.about)
	fs := c.flagSet(&flags{}, w)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprint(w, "\nFlags:\n")
		fs.PrintDefaults()
	}
}

func runHelp(_ string, f *flags, args []string, stdout, stderr io.Writer) int {
	switch len(args) {
	case 0:
		printUsage(stdout)
		return 0
	case 1:
		if c, ok := findCommand(args[0]); ok {
			c.printUsage(stdout)
			return 0
		}
		f.lang.Fprintf(stderr, "sats help: unknown command %q; run 'sats help' for the commands\n", args[0])
		return 2
	}
	f.lang.Fprintf(stderr, "sats help: give at most one command, e.g. sats help build\n")
	return 2
}
