package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// runVersion prints the module version, the commit and its time when the
// binary was built from a git checkout, and the Go version.
func runVersion(_ string, _ *flags, stdout, _ io.Writer) int {
	version, goVersion := "(unknown)", runtime.Version()
	var revision, when, modified string
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					modified = " with uncommitted changes"
				}
			}
		}
	}
	fmt.Fprintf(stdout, "sats %s\n", version)
	if revision != "" {
		fmt.Fprintf(stdout, "commit %s", revision)
		if when != "" {
			fmt.Fprintf(stdout, " of %s", when)
		}
		fmt.Fprintf(stdout, "%s\n", modified)
	}
	fmt.Fprintf(stdout, "built with %s %s/%s\n", goVersion, runtime.GOOS, runtime.GOARCH)
	return 0
}
