package write

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// site is the files of a build: output path → content.
type site map[string]string

// build writes s into target with Update (or Begin when full) and commits.
func build(t *testing.T, target string, s site, full bool) *Dir {
	t.Helper()
	d := start(t, target, s, full)
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return d
}

// start begins a build of s into target and writes its files; the caller
// commits or aborts.
func start(t *testing.T, target string, s site, full bool) *Dir {
	t.Helper()
	begin := Update
	if full {
		begin = Begin
	}
	d, err := begin(target)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(s)) {
		if err := d.WriteFile(name, []byte(s[name])); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// snapshot lists the folders and files under dir with the files' content.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if e.IsDir() {
			fmt.Fprintf(&b, "%s/\n", rel)
			return nil
		}
		data, err := os.ReadFile(p)
		fmt.Fprintf(&b, "%s %q\n", rel, data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// fresh returns what a full build of s writes.
func fresh(t *testing.T, s site) string {
	t.Helper()
	target := filepath.Join(t.TempDir(), "public")
	build(t, target, s, true)
	return snapshot(t, target)
}

// age sets the time of every file and folder of target an hour back and
// writes its manifest again: as an output left long ago, whose times tell
// every change (no entry is racy).
func age(t *testing.T, target string) {
	t.Helper()
	m, _ := readManifest(target)
	if m == nil {
		t.Fatal("no manifest")
	}
	then := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(target, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, then, then)
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range m.files {
		f.mtime, f.racy = then.UnixNano(), false
		m.files[name] = f
	}
	if err := writeManifest(target, m, nil); err != nil {
		t.Fatal(err)
	}
	m, _ = readManifest(target)
	for dir, f := range m.dirs {
		if f.racy {
			t.Fatalf("folder %s is racy", dir)
		}
	}
}

func ino(t *testing.T, name string) uint64 {
	t.Helper()
	info, err := os.Lstat(name)
	if err != nil {
		t.Fatal(err)
	}
	return inode(info)
}

var base = site{
	"index.html":              "forside",
	"om/index.html":           "om oss",
	"nyheter/a/index.html":    "nyhet a",
	"nyheter/b/index.html":    "nyhet b",
	"nyheter/index.xml":       "feed",
	"bilder/kart/kart.png":    "png",
	"prosjekter/x/index.html": "prosjekt x",
}

func edit(s site, change site, remove ...string) site {
	n := maps.Clone(s)
	maps.Copy(n, change)
	for _, r := range remove {
		delete(n, r)
	}
	return n
}

func TestUpdateWritesOnlyWhatChanged(t *testing.T) {
	for _, aged := range []bool{false, true} {
		t.Run(fmt.Sprintf("aged=%v", aged), func(t *testing.T) {
			target := filepath.Join(t.TempDir(), "public")
			if d := build(t, target, base, false); d.Updating() || d.Written() != len(base) {
				t.Fatalf("first build: updating %v, written %d", d.Updating(), d.Written())
			}
			if aged {
				age(t, target)
			}
			before := ino(t, filepath.Join(target, "om/index.html"))
			for _, c := range []struct {
				name          string
				s             site
				written, kept int
			}{
				{"one file changed", edit(base, site{"nyheter/a/index.html": "nyhet a, rettet"}), 1, 6},
				{"nothing changed", edit(base, site{"nyheter/a/index.html": "nyhet a, rettet"}), 0, 7},
				{"a file added in a new folder", edit(base, site{"nyheter/a/index.html": "nyhet a, rettet", "nyheter/c/d/index.html": "ny"}), 1, 7},
				{"a file removed", edit(base, site{"nyheter/a/index.html": "nyhet a, rettet"}, "nyheter/b/index.html", "prosjekter/x/index.html"), 0, 5},
				{"a file where a folder was", edit(base, site{"prosjekter/x": "fil"}, "prosjekter/x/index.html"), 3, 4},
				{"a folder where a file was", edit(base, site{"prosjekter/x/index.html": "mappe", "index.html/a": "b"}, "index.html"), 2, 5},
			} {
				d := build(t, target, c.s, false)
				if !d.Updating() || d.Written() != c.written || d.Kept() != c.kept {
					t.Errorf("%s: updating %v, written %d, kept %d; want an update writing %d, keeping %d", c.name, d.Updating(), d.Written(), d.Kept(), c.written, c.kept)
				}
				if got, want := snapshot(t, target), fresh(t, c.s); got != want {
					t.Errorf("%s: the update wrote\n%s\na full build\n%s", c.name, got, want)
				}
			}
			if ino(t, filepath.Join(target, "om/index.html")) != before {
				t.Error("a file that never changed was written again")
			}
		})
	}
}

func TestKeep(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	build(t, target, base, false)
	d, err := Update(target)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, content string
		want          bool
	}{
		{"om/index.html", "om oss", true},
		{"index.html", "ny forside", false},
		{"ny/index.html", "ny", false},
		{"../om/index.html", "om oss", false},
	} {
		if got := d.Keep(c.name, sha256.Sum256([]byte(c.content))); got != c.want {
			t.Errorf("Keep(%s) = %v", c.name, got)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, want := snapshot(t, target), fresh(t, site{"om/index.html": "om oss"}); got != want {
		t.Errorf("after keeping one file the output is\n%s\nnot\n%s", got, want)
	}
	d = build(t, target, base, true)
	if d.Keep("om/index.html", sha256.Sum256([]byte("om oss"))) {
		t.Error("Keep is true in a build that writes the whole output")
	}
}

// TestUpdateNoticesChangesByHand: a file added, removed or edited in the
// output by hand is noticed, and the result is what a full build writes.
func TestUpdateNoticesChangesByHand(t *testing.T) {
	setTime := func(t *testing.T, p string, mtime time.Time) {
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	mtime := func(t *testing.T, p string) time.Time {
		info, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		return info.ModTime()
	}
	for _, c := range []struct {
		name   string
		change func(t *testing.T, target string)
		update bool // the build still updates in place (and rewrites what changed)
		aged   bool // the output was written long ago: its times tell every change
	}{
		{"file added", func(t *testing.T, target string) {
			if err := os.WriteFile(filepath.Join(target, "om/notat.txt"), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, false, true},
		{"file added and its folder's time set back", func(t *testing.T, target string) {
			dir := filepath.Join(target, "om")
			was := mtime(t, dir)
			if err := os.WriteFile(filepath.Join(dir, "notat.txt"), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			setTime(t, dir, was)
		}, false, false},
		{"folder added at the top", func(t *testing.T, target string) {
			if err := os.Mkdir(filepath.Join(target, "mitt"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, false, true},
		{"file removed", func(t *testing.T, target string) {
			if err := os.Remove(filepath.Join(target, "nyheter/a/index.html")); err != nil {
				t.Fatal(err)
			}
		}, false, true},
		{"file removed and its folder's time set back", func(t *testing.T, target string) {
			dir := filepath.Join(target, "nyheter/a")
			was := mtime(t, dir)
			if err := os.Remove(filepath.Join(dir, "index.html")); err != nil {
				t.Fatal(err)
			}
			setTime(t, dir, was)
		}, false, false},
		{"file edited", func(t *testing.T, target string) {
			p := filepath.Join(target, "om/index.html")
			if err := os.WriteFile(p, []byte("om dem"), 0o644); err != nil {
				t.Fatal(err)
			}
			setTime(t, p, time.Now().Add(-time.Minute))
		}, true, true},
		{"file edited and its time set back", func(t *testing.T, target string) {
			p := filepath.Join(target, "om/index.html")
			was := mtime(t, p)
			if err := os.WriteFile(p, []byte("om dem"), 0o644); err != nil {
				t.Fatal(err)
			}
			setTime(t, p, was)
		}, true, false},
		{"file replaced", func(t *testing.T, target string) {
			p := filepath.Join(target, "om/index.html")
			if err := os.WriteFile(p+".new", []byte("om oss"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(p+".new", p); err != nil {
				t.Fatal(err)
			}
			setTime(t, filepath.Join(target, "om"), time.Now().Add(-time.Hour))
		}, false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			target := filepath.Join(t.TempDir(), "public")
			build(t, target, base, false)
			if c.aged {
				age(t, target)
			}
			c.change(t, target)
			d := build(t, target, base, false)
			if d.Updating() != c.update {
				t.Errorf("updating = %v", d.Updating())
			}
			if c.update && d.Written() != 1 {
				t.Errorf("written = %d; want the edited file only", d.Written())
			}
			if got, want := snapshot(t, target), fresh(t, base); got != want {
				t.Errorf("the output is\n%s\nnot what a full build writes:\n%s", got, want)
			}
		})
	}
}

// TestDamagedManifestMeansAFullWrite: a manifest that is damaged, missing
// (a build killed while it committed) or of another output is none.
func TestDamagedManifestMeansAFullWrite(t *testing.T) {
	for _, c := range []struct {
		name   string
		damage func(t *testing.T, target, manifest string)
	}{
		{"missing", func(t *testing.T, _, m string) { must(t, os.Remove(m)) }},
		{"cut short", func(t *testing.T, _, m string) { must(t, os.Truncate(m, 100)) }},
		{"empty", func(t *testing.T, _, m string) { must(t, os.WriteFile(m, nil, 0o644)) }},
		{"a byte changed", func(t *testing.T, _, m string) {
			raw, err := os.ReadFile(m)
			must(t, err)
			raw[len(raw)-40] ^= 1
			must(t, os.WriteFile(m, raw, 0o644))
		}},
		{"another format", func(t *testing.T, _, m string) {
			raw, err := os.ReadFile(m)
			must(t, err)
			must(t, os.WriteFile(m, []byte(strings.Replace(string(raw), manifestFormat, "sats-manifest 0", 1)), 0o644))
		}},
		{"of another output", func(t *testing.T, target, m string) {
			other := filepath.Join(t.TempDir(), "public")
			build(t, other, base, false)
			raw, err := os.ReadFile(ManifestPath(other))
			must(t, err)
			must(t, os.WriteFile(m, raw, 0o644))
		}},
		{"sum right, content not a manifest", func(t *testing.T, _, m string) {
			body := []byte{1, 200}
			sum := sha256.Sum256(body)
			must(t, os.WriteFile(m, append([]byte(fmt.Sprintf("%s %x\n", manifestFormat, sum)), body...), 0o644))
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			target := filepath.Join(t.TempDir(), "public")
			build(t, target, base, false)
			c.damage(t, target, ManifestPath(target))
			changed := edit(base, site{"om/index.html": "om dem"})
			if d := build(t, target, changed, false); d.Updating() {
				t.Error("the build updated in place")
			}
			if got, want := snapshot(t, target), fresh(t, changed); got != want {
				t.Errorf("the output is\n%s\nnot\n%s", got, want)
			}
			if d := build(t, target, base, false); !d.Updating() {
				t.Error("the build after the full one did not update in place")
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestUpdateCopies(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	build(t, target, base, false)
	d, err := Update(target)
	must(t, err)
	s := edit(base, site{"bilder/kart/kart.png": "ny png"})
	for _, name := range slices.Sorted(maps.Keys(s)) {
		must(t, d.Copy(name, strings.NewReader(s[name])))
	}
	must(t, d.Commit())
	if !d.Updating() || d.Written() != 1 || d.Kept() != len(s)-1 {
		t.Errorf("updating %v, written %d, kept %d", d.Updating(), d.Written(), d.Kept())
	}
	if got, want := snapshot(t, target), fresh(t, s); got != want {
		t.Errorf("the update wrote\n%s\na full build\n%s", got, want)
	}
}
