package write

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func setup(t *testing.T) (target string) {
	t.Helper()
	target = filepath.Join(t.TempDir(), "public")
	d, err := Begin(target)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("index.html", []byte("gammel")); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("om/index.html", []byte("gammel om")); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return target
}

func TestCommitReplacesTheWholeOutput(t *testing.T) {
	target := setup(t)
	d, err := Begin(target)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("index.html", []byte("ny")); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(target, "index.html")); got != "ny" {
		t.Errorf("index.html = %q", got)
	}
	if _, err := os.Stat(filepath.Join(target, "om")); !os.IsNotExist(err) {
		t.Error("a file of the old output survived the swap")
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(target), ".public.tmp-*"))
	if len(left) > 0 {
		t.Errorf("temporary folders left behind: %v", left)
	}
}

func TestAbortLeavesThePreviousOutput(t *testing.T) {
	target := setup(t)
	d, err := Begin(target)
	if err != nil {
		t.Fatal(err)
	}
	_ = d.WriteFile("index.html", []byte("halvferdig"))
	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(target, "index.html")); got != "gammel" {
		t.Errorf("index.html = %q after an aborted build", got)
	}
}

func TestKilledBuildLeavesThePreviousOutputAndIsCleanedUp(t *testing.T) {
	target := setup(t)
	d, err := Begin(target)
	if err != nil {
		t.Fatal(err)
	}
	_ = d.WriteFile("index.html", []byte("halvferdig"))
	// The process dies here: neither Commit nor Abort runs.
	if got := read(t, filepath.Join(target, "index.html")); got != "gammel" {
		t.Fatalf("index.html = %q while a build is under way", got)
	}
	// A running build's temporary folder is left alone …
	d2, err := Begin(target)
	if err != nil {
		t.Fatal(err)
	}
	_ = d2.Abort()
	if _, err := os.Stat(d.tmp); err != nil {
		t.Fatal("the temporary folder of a build still running was removed")
	}
	// … and when its process dies, the lock it held goes with it.
	d.lock.Close()
	d2, err = Begin(target)
	if err != nil {
		t.Fatal(err)
	}
	defer d2.Abort()
	if _, err := os.Stat(d.tmp); !os.IsNotExist(err) {
		t.Error("the killed build's temporary folder was not removed")
	}
}

func TestPathsOutsideTheOutputAreRefused(t *testing.T) {
	d, err := Begin(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for _, name := range []string{"../ut.html", "/etc/passwd", "a/../../b", `a\..\b`, ""} {
		if err := d.WriteFile(name, []byte("x")); err == nil {
			t.Errorf("WriteFile(%q) succeeded", name)
		}
	}
}

func TestFoldersSatsDidNotWriteAreRefused(t *testing.T) {
	root := t.TempDir()
	mine := filepath.Join(root, "mine")
	if err := os.MkdirAll(mine, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(root, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, "link")
	if err := os.Symlink(mine, link); err != nil {
		t.Fatal(err)
	}
	for target, want := range map[string]string{
		mine: "holds files sats did not write",
		file: "is a file, not a folder",
		link: "is a symbolic link",
	} {
		d, err := Begin(target)
		if err == nil {
			_ = d.Abort()
			t.Errorf("Begin(%s) succeeded", target)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Begin(%s): %v; want %q", target, err, want)
		}
	}
	if got := read(t, filepath.Join(mine, "notes.txt")); got != "mine" {
		t.Errorf("notes.txt = %q", got)
	}
	if left, _ := filepath.Glob(filepath.Join(root, ".*")); len(left) > 0 {
		t.Errorf("a refused build left %v", left)
	}

	// An empty folder is fine, and becomes sats' own.
	empty := filepath.Join(root, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	d, err := Begin(empty)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(empty, Marker)); err != nil {
		t.Errorf("the output has no marker: %v", err)
	}
}

// TestOnlyFoldersWithTheMarkerAreRemoved: a folder named like a temporary
// or replaced output but without the marker stays as it is.
// A build killed after it made its temporary folder but before it wrote the
// marker leaves an empty folder; the next build removes it.
func TestKilledBuildBeforeItsMarkerIsCleanedUp(t *testing.T) {
	target := setup(t)
	empty := filepath.Join(filepath.Dir(target), ".public.tmp-123456")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	d, err := Begin(target)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	if _, err := os.Stat(empty); !os.IsNotExist(err) {
		t.Error("the empty temporary folder of a killed build was not removed")
	}
}

func TestOnlyFoldersWithTheMarkerAreRemoved(t *testing.T) {
	target := setup(t)
	parent := filepath.Dir(target)
	var kept []string
	for _, name := range []string{".public.tmp-user", ".public.old-user", "public.old"} {
		p := filepath.Join(parent, name)
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "keep"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		kept = append(kept, filepath.Join(p, "keep"))
	}
	for range 2 {
		d, err := Begin(target)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	// Without an atomic exchange, a public.old of the user's stops the swap.
	if err := swapByRename(filepath.Join(parent, ".public.tmp-user"), target); err == nil {
		t.Error("swapByRename replaced public.old")
	}
	for _, p := range kept {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed", p)
		}
	}
}

func TestCheckPlace(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	for _, dir := range []string{"content", "static"} {
		if err := os.MkdirAll(filepath.Join(site, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	alias := filepath.Join(root, "alias")
	if err := os.Symlink(site, alias); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ target, want string }{
		{site, "is the site's own folder"},
		{root, "holds the site's folder"},
		{alias, "is the site's own folder"},
		{filepath.Join(site, "static", "public"), "inside the site's static/ folder"},
		{filepath.Join(alias, "content", "a", "b"), "inside the site's content/ folder"},
		{filepath.Join(site, "public"), ""},
		{filepath.Join(root, "public"), ""},
		{filepath.Join(site, "static-out"), ""},
	} {
		err := CheckPlace(c.target, site, "content", "static")
		switch {
		case c.want == "" && err != nil:
			t.Errorf("CheckPlace(%s): %v", c.target, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("CheckPlace(%s) = %v; want %q", c.target, err, c.want)
		}
	}
}
