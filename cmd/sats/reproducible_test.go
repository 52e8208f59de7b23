package main

import (
	"path/filepath"
	"testing"
)

// TestTwoBuildsOfTheRepositorySiteAreByteIdentical builds the repository's
// own site twice through the command, into two folders, and compares every
// file: no map order, no build time, no machine-dependent value may differ.
func TestTwoBuildsOfTheRepositorySiteAreByteIdentical(t *testing.T) {
	site := copySite(t) // a copy: edits to the repository between the builds do not count
	var outs [2]map[string][]byte
	for i := range outs {
		out := filepath.Join(t.TempDir(), "public")
		if code, _, stderr := sats("build", "-source", site, "-o", out); code != 0 {
			t.Fatalf("build %d exited %d:\n%s", i+1, code, stderr)
		}
		outs[i] = snapshot(t, out)
	}
	if len(outs[0]) < 100 {
		t.Fatalf("the build wrote %d files and folders; the repository's site has more", len(outs[0]))
	}
	if diff := sameFiles(outs[0], outs[1]); diff != "" {
		t.Errorf("two builds of the same input differ: %s", diff)
	}
}
