package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sats/internal/write"
)

// listFiles returns every path under root, folders included.
func listFiles(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		out = append(out, p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOutputFolderThatWouldLoseFilesIsRefused: an -o that is the site's
// folder, holds it, lies in a folder the build reads, or holds files sats
// did not write is refused before anything moves.
func TestOutputFolderThatWouldLoseFilesIsRefused(t *testing.T) {
	dir, _ := writeCase(t, "../../testdata/bad/_base.txtar")
	if err := os.WriteFile(filepath.Join(dir, ".git"), []byte("gitdir: x"), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "mine")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(filepath.Join(dir, "public"), link); err != nil {
		t.Fatal(err)
	}
	parent := filepath.Dir(dir)
	before := listFiles(t, parent)
	otherBefore := listFiles(t, other)
	for _, c := range []struct{ out, want string }{
		{dir, "is the site's own folder"},
		{parent, "holds the site's folder"},
		{filepath.Join(dir, "static", "ut"), "is inside the site's static/ folder"},
		{filepath.Join(dir, "content"), "is inside the site's content/ folder"},
		{filepath.Join(dir, ".cache", "public"), "is inside the site's .cache/ folder"},
		{other, "holds files sats did not write (it has no " + write.Marker + " marker)"},
		{link, "is a symbolic link; give the folder it points to with -o"},
	} {
		code, stdout, stderr := sats("build", "-lang", "en", "-source", dir, "-o", c.out)
		if code != 1 || !strings.HasPrefix(stderr, "sats: output folder "+c.out+" ") || !strings.Contains(stderr, c.want) {
			t.Errorf("-o %s: exit %d, stderr %q; want %q", c.out, code, stderr, c.want)
		}
		if stdout != "" {
			t.Errorf("-o %s: stdout %q", c.out, stdout)
		}
	}
	if after := listFiles(t, parent); !slices.Equal(before, after) {
		t.Errorf("files changed:\nbefore %v\nafter  %v", before, after)
	}
	if after := listFiles(t, other); !slices.Equal(otherBefore, after) {
		t.Errorf("files changed:\nbefore %v\nafter  %v", otherBefore, after)
	}

	// The default public/ inside the site is fine, and a second build
	// replaces it (it carries the marker).
	for range 2 {
		if code, _, stderr := sats("build", "-source", dir); code != 0 {
			t.Fatalf("build into public/: exit %d\n%s", code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public", write.Marker)); err != nil {
		t.Error(err)
	}
}

// TestCheckWritesNothing: sats check on the site, with images to resize,
// leaves the site's folder exactly as it was (no .cache, no public/).
func TestCheckWritesNothing(t *testing.T) {
	site := copySite(t)
	before := listFiles(t, site)
	if code, _, stderr := sats("check", "-source", site); code != 0 {
		t.Fatalf("check: exit %d\n%s", code, stderr)
	}
	for _, p := range listFiles(t, site) {
		if !slices.Contains(before, p) {
			t.Errorf("sats check wrote %s", p)
		}
	}
}
