package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// snapshot reads every file and folder below dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			files[rel+"/"] = nil
			return nil
		}
		data, err := os.ReadFile(p)
		files[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sameFiles reports the first difference between two snapshots.
func sameFiles(before, after map[string][]byte) string {
	for name, data := range before {
		got, ok := after[name]
		switch {
		case !ok:
			return name + " is gone"
		case !bytes.Equal(got, data):
			return name + " changed"
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			return name + " appeared"
		}
	}
	return ""
}

// buildSats builds the command into a temporary folder.
func buildSats(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "sats")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// waitForOutput waits until the build's new output folder (.public.tmp-*
// in dir) exists and holds the pages of at least n news posts, or the build
// has ended. It looks again and again, for at most a minute.
func waitForOutput(t *testing.T, done <-chan struct{}, dir string, n int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return
		default:
		}
		tmps, _ := filepath.Glob(filepath.Join(dir, ".public.tmp-*"))
		for _, tmp := range tmps {
			if n == 0 {
				return
			}
			if entries, _ := os.ReadDir(filepath.Join(tmp, "nyheter")); len(entries) >= n {
				return
			}
		}
		runtime.Gosched()
	}
	t.Fatalf("the build wrote no pages of %d news posts within a minute", n)
}

// TestKilledBuildLeavesThePreviousOutput kills real `sats build` processes
// with SIGKILL at several moments of a build of a large site: each time the
// previous output must be there, byte for byte, with nothing added.
func TestKilledBuildLeavesThePreviousOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and a large site several times")
	}
	bin := buildSats(t)
	site := copySite(t)
	// Enough news posts that a build takes a good part of a second.
	post, err := os.ReadFile(filepath.Join(site, "content", "nyheter", "kvinnegnist-er-stiftet.md"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 600 {
		name := filepath.Join(site, "content", "nyheter", fmt.Sprintf("kopi-%03d.md", i))
		if err := os.WriteFile(name, post, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	start := time.Now()
	if b, err := exec.Command(bin, "build", "-source", site, "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, b)
	}
	full := time.Since(start)
	before := snapshot(t, out)
	t.Logf("a full build of %d files takes %v", len(before), full.Round(time.Millisecond))

	// Change every page, so that a build that got through would show.
	settings := filepath.Join(site, "data", "site.yaml")
	src, _ := os.ReadFile(settings)
	changed := strings.Replace(string(src), "\ntitle: ", "\ntitle: Ny tittel – ", 1)
	if changed == string(src) {
		t.Fatal("data/site.yaml has no title line")
	}
	if err := os.WriteFile(settings, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}

	// Each build is killed at a moment it has reached, not after a time:
	// at once; when its new output folder exists; and when it has written
	// the pages of 50 and of 300 news posts into it.
	killed, midway := 0, 0
	for _, at := range []int{-1, 0, 50, 300} {
		cmd := exec.Command(bin, "build", "-source", site, "-o", out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		if at >= 0 {
			waitForOutput(t, done, filepath.Dir(out), at)
		}
		_ = cmd.Process.Signal(syscall.SIGKILL)
		<-done
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			t.Logf("the build killed at %d news pages finished before it was killed", at)
			continue
		}
		killed++
		if diff := sameFiles(before, snapshot(t, out)); diff != "" {
			t.Fatalf("a build killed at %d news pages changed the previous output: %s", at, diff)
		}
		// The temporary folder of the killed build is left beside the
		// output (the next build removes it); it holds the marker, and more
		// when the build was killed while writing files.
		tmps, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.tmp-*"))
		for _, tmp := range tmps {
			if entries, _ := os.ReadDir(tmp); len(entries) > 1 {
				midway++
			}
		}
	}
	t.Logf("%d builds killed, %d of them while writing files", killed, midway)
	if killed < 4 {
		t.Errorf("only %d of 4 builds were killed before they finished; make the test site larger", killed)
	}
	if midway == 0 {
		t.Error("no build was killed while it was writing files; the test proves nothing")
	}

	// A build that is left alone replaces the output with the new version.
	if b, err := exec.Command(bin, "build", "-source", site, "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("last build: %v\n%s", err, b)
	}
	if tmps, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.tmp-*")); len(tmps) > 0 {
		t.Errorf("the killed builds' temporary folders are still there: %v", tmps)
	}
	index, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !bytes.Contains(index, []byte("Ny tittel")) {
		t.Error("the build after the killed ones did not replace the output")
	}
}
