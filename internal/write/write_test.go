package write

import (
	"os"
	"path/filepath"
	"testing"
	"time"
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
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(d.tmp, old, old); err != nil {
		t.Fatal(err)
	}
	d2, err := Begin(target)
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
