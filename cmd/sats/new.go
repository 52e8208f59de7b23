package main

import (
	"io"
	"strings"
	"time"

	"sats/internal/scaffold"
)

func runNew(_ string, f *flags, args []string, stdout, stderr io.Writer) int {
	if len(args) < 2 {
		f.lang.Fprintf(stderr, "sats new: give a kind (%s) and a title, e.g. sats new news \"Kvinnegnist er stiftet\"\n", strings.Join(scaffold.Kinds(), ", "))
		return 2
	}
	kind, title := args[0], strings.Join(args[1:], " ")
	if !siteExists(f.source, stderr, f.lang) {
		return 1
	}
	paths, err := scaffold.New(f.source, kind, title, time.Now())
	if err != nil {
		f.lang.Fprintf(stderr, "sats new: %v\n", err)
		return 1
	}
	for _, p := range paths {
		f.lang.Fprintf(stdout, "created %s (draft: true — remove that line to publish)\n", p)
	}
	return 0
}
