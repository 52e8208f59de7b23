package write

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// state is the snapshot of target with the times and inodes of its entries
// and the manifest beside it.
func state(t *testing.T, target string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(snapshot(t, target))
	err := filepath.Walk(target, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %d %d\n", p, info.ModTime().UnixNano(), inode(info))
		return nil
	})
	must(t, err)
	raw, err := os.ReadFile(ManifestPath(target))
	must(t, err)
	b.Write(raw)
	return b.String()
}

func TestUpdateAbortLeavesTheTarget(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	build(t, target, base, false)
	before := state(t, target)
	d := start(t, target, edit(base, site{"om/index.html": "om dem", "ny/side/index.html": "ny"}, "index.html"), false)
	if !d.Updating() {
		t.Fatal("not an update")
	}
	must(t, d.Abort())
	if after := state(t, target); after != before {
		t.Errorf("an aborted update changed the output from\n%s\nto\n%s", before, after)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(target), ".public.tmp-*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
	if d := build(t, target, base, false); !d.Updating() || d.Written() != 0 {
		t.Errorf("after an abort: updating %v, written %d", d.Updating(), d.Written())
	}
}

// TestUpdateNeverRemovesForeignFiles: files put into the output while a
// build runs (after Update looked) are not removed or replaced by its commit.
func TestUpdateNeverRemovesForeignFiles(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	build(t, target, base, false)
	d := start(t, target, edit(base, nil, "prosjekter/x/index.html"), false)
	mine := filepath.Join(target, "prosjekter/x/mitt.txt")
	must(t, os.WriteFile(mine, []byte("mitt"), 0o644))
	must(t, d.Commit())
	if got := read(t, mine); got != "mitt" {
		t.Errorf("mitt.txt = %q", got)
	}
	if _, err := os.Stat(filepath.Join(target, "prosjekter/x/index.html")); !os.IsNotExist(err) {
		t.Error("the file the build no longer writes is still there")
	}

	// The next build notices the file that is not sats', and writes the
	// whole output, as a build always did.
	if d := build(t, target, base, false); d.Updating() {
		t.Error("an output with a file sats did not write was updated in place")
	}

	// A new file of the build where someone put one: the commit fails.
	// Before it fails, the commit has removed files and folders, made a
	// folder and replaced a file.
	changed := edit(base, site{"x.html": "ny", "om/index.html": "om dem", "nyheter/c/index.html": "ny"}, "index.html", "prosjekter/x/index.html")
	d = start(t, target, changed, false)
	if !d.Updating() {
		t.Fatal("not an update")
	}
	mine = filepath.Join(target, "x.html")
	must(t, os.WriteFile(mine, []byte("mitt"), 0o644))
	before := snapshot(t, target)
	if err := d.Commit(); err == nil {
		t.Error("the commit replaced a file sats did not write")
	}
	// What the commit changed before it failed is undone.
	if after := snapshot(t, target); after != before {
		t.Errorf("a failed commit left\n%s\nnot\n%s", after, before)
	}
	// Without its manifest, the next build writes the output whole.
	if d := build(t, target, base, false); d.Updating() {
		t.Error("the build after a failed commit updated in place")
	}
	if got, want := snapshot(t, target), fresh(t, base); got != want {
		t.Errorf("the output is\n%s\nnot\n%s", got, want)
	}
}

func TestUpdateRefusesWhatBeginRefuses(t *testing.T) {
	root := t.TempDir()
	target := filepath.Join(root, "public")
	build(t, target, base, false)
	link := filepath.Join(root, "link")
	must(t, os.Symlink(target, link))
	mine := filepath.Join(root, "mine")
	must(t, os.Mkdir(mine, 0o755))
	must(t, os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("mine"), 0o644))
	for dir, want := range map[string]string{link: "is a symbolic link", mine: "holds files sats did not write"} {
		d, err := Update(dir)
		if err == nil {
			_ = d.Abort()
			t.Errorf("Update(%s) succeeded", dir)
		} else if !strings.Contains(err.Error(), want) {
			t.Errorf("Update(%s): %v; want %q", dir, err, want)
		}
	}
	// The target turned into a link while the build ran.
	d := start(t, target, edit(base, site{"om/index.html": "om dem"}), false)
	moved := filepath.Join(root, "moved")
	must(t, os.Rename(target, moved))
	must(t, os.Symlink(moved, target))
	if err := d.Commit(); err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
		t.Errorf("Commit through a link: %v", err)
	}
	if got := read(t, filepath.Join(moved, "om/index.html")); got != "om oss" {
		t.Errorf("om/index.html = %q", got)
	}
}

// TestUpdatesOneAfterAnother: of two builds that ran at the same time, the
// one that commits second finds the output changed and fails, leaving the
// first one's output as it was.
func TestUpdatesOneAfterAnother(t *testing.T) {
	for _, full := range []bool{false, true} {
		target := filepath.Join(t.TempDir(), "public")
		build(t, target, base, false)
		first := edit(base, site{"om/index.html": "først"})
		d1 := start(t, target, first, full)
		d2 := start(t, target, edit(base, site{"om/index.html": "andre"}), false)
		must(t, d1.Commit())
		if err := d2.Commit(); err == nil || !strings.Contains(err.Error(), "changed by another build") {
			t.Errorf("full=%v: the second commit: %v", full, err)
		}
		if got, want := snapshot(t, target), fresh(t, first); got != want {
			t.Errorf("full=%v: the output is\n%s\nnot\n%s", full, got, want)
		}
		if d := build(t, target, first, false); !d.Updating() || d.Written() != 0 {
			t.Errorf("full=%v: the next build: updating %v, written %d", full, d.Updating(), d.Written())
		}
	}
}

// TestUpdateEqualsAFullBuild edits a site at random, build after build, and
// also changes the output by hand now and then: every update leaves what a
// full build of the same files writes.
func TestUpdateEqualsAFullBuild(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 2026))
	target := filepath.Join(t.TempDir(), "public")
	s := site{}
	folders := []string{"", "nyheter/", "nyheter/2024/", "om/", "bilder/a/b/", "x/"}
	randomName := func() string {
		return fmt.Sprintf("%s%c%c.html", folders[r.IntN(len(folders))], 'a'+r.IntN(4), 'a'+r.IntN(3))
	}
	updates := 0
	for round := range 60 {
		for range 1 + r.IntN(4) {
			switch names := slices.Sorted(maps.Keys(s)); {
			case len(names) > 0 && r.IntN(3) == 0:
				delete(s, names[r.IntN(len(names))])
			case len(names) > 0 && r.IntN(2) == 0:
				s[names[r.IntN(len(names))]] = fmt.Sprintf("endret %d", round)
			default:
				s[randomName()] = fmt.Sprintf("ny %d", round)
			}
		}
		byHand := round > 0 && r.IntN(8) == 0
		if byHand {
			must(t, os.WriteFile(filepath.Join(target, "for-hand.txt"), []byte("x"), 0o644))
		}
		if round%10 == 5 {
			age(t, target)
		}
		d, err := Update(target)
		must(t, err)
		if round > 0 && d.Updating() == byHand {
			t.Errorf("round %d: updating %v with a change by hand %v", round, d.Updating(), byHand)
		}
		if d.Updating() {
			updates++
		}
		for _, name := range slices.Sorted(maps.Keys(s)) {
			sum := sha256.Sum256([]byte(s[name]))
			switch r.IntN(3) {
			case 0:
				if !d.Keep(name, sum) {
					must(t, d.WriteSum(name, []byte(s[name]), sum))
				}
			case 1:
				must(t, d.WriteSum(name, []byte(s[name]), sum))
			default:
				must(t, d.WriteFile(name, []byte(s[name])))
			}
		}
		must(t, d.Commit())
		if got, want := snapshot(t, target), fresh(t, s); got != want {
			t.Fatalf("round %d: the update wrote\n%s\na full build\n%s", round, got, want)
		}
	}
	if updates < 40 {
		t.Errorf("only %d of 60 builds updated in place", updates)
	}
}

// TestUpdateFromManyGoroutines: a build writes and keeps files from many
// goroutines at once.
func TestUpdateFromManyGoroutines(t *testing.T) {
	s := site{}
	for i := range 200 {
		s[fmt.Sprintf("n/%d/%d/index.html", i%7, i)] = fmt.Sprint(i)
	}
	target := filepath.Join(t.TempDir(), "public")
	build(t, target, s, false)
	for i := range 200 {
		if i%3 == 0 {
			s[fmt.Sprintf("n/%d/%d/index.html", i%7, i)] = "endret"
		}
	}
	d, err := Update(target)
	must(t, err)
	names := slices.Sorted(maps.Keys(s))
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			var err error
			for i := g; i < len(names) && err == nil; i += 8 {
				if g%2 == 1 && d.Keep(names[i], sha256.Sum256([]byte(s[names[i]]))) {
					continue
				}
				err = d.WriteFile(names[i], []byte(s[names[i]]))
			}
			errs <- err
		}()
	}
	for range 8 {
		must(t, <-errs)
	}
	must(t, d.Commit())
	if d.Written() != 67 || d.Kept() != 133 {
		t.Errorf("written %d, kept %d", d.Written(), d.Kept())
	}
	if got, want := snapshot(t, target), fresh(t, s); got != want {
		t.Errorf("the update wrote\n%s\na full build\n%s", got, want)
	}
}

// TestUpdateKilledWhileItCommits: a build killed after it changed part of
// the output (it removed the manifest first) makes the next build write
// the whole output.
func TestUpdateKilledWhileItCommits(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	build(t, target, base, false)
	changed := edit(base, site{"om/index.html": "om dem", "nyheter/c/index.html": "ny"}, "index.html", "prosjekter/x/index.html")
	d := start(t, target, changed, false)
	gone, staged, m := d.plan()
	must(t, removeManifest(target))
	// Killed half way, after a file was removed and a folder made.
	must(t, d.change().apply(gone, staged[:1], m))
	d.lock.Close()
	if got := snapshot(t, target); got == fresh(t, base) || got == fresh(t, changed) {
		t.Fatal("the output is not half-written: the test tests nothing")
	}
	if d := build(t, target, changed, false); d.Updating() {
		t.Error("the build after a killed commit updated in place")
	}
	if got, want := snapshot(t, target), fresh(t, changed); got != want {
		t.Errorf("the output is\n%s\nnot\n%s", got, want)
	}
	if _, err := os.Stat(d.tmp); !os.IsNotExist(err) {
		t.Error("the killed build's temporary folder was not removed")
	}
}
