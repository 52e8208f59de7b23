package write

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"sats/internal/cache"
	"sats/internal/diag"
	"sats/internal/pool"
)

// Update starts writing a new version of the folder target, changing only
// what changed: in update mode, when the target is an output sats wrote,
// its manifest is whole, and no folder of it has changed since (no file was
// added or removed by hand, no build was killed while it committed). Else it
// is Begin: the build writes the whole output and Commit swaps it in. It
// refuses the same targets as Begin.
func Update(target string) (*Dir, error) {
	target = filepath.Clean(target)
	if err := CheckTarget(target); err != nil {
		return nil, err
	}
	// Read before begin starts removing replaced outputs, whose inodes the
	// manifest might otherwise name again.
	old, id := readManifest(target)
	if old != nil && !old.matches(target) {
		old = nil
	}
	d, err := begin(target)
	if err != nil {
		return nil, err
	}
	if old != nil {
		d.old, d.oldID, d.kept = old, id, map[string]bool{}
	}
	return d, nil
}

// Updating reports whether d updates the target in place (Update found it
// as the last build left it) rather than writing it whole.
func (d *Dir) Updating() bool { return d.old != nil }

// Written returns how many files this build wrote (in update mode, the ones
// that were new or changed).
func (d *Dir) Written() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.files) - len(d.kept)
}

// Kept returns how many files an update left as they were (WriteFile with
// the bytes the output held, or Keep).
func (d *Dir) Kept() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.kept)
}

// Keep tells whether the output file name may stay as the last build wrote
// it, for a caller that knows the SHA-256 sum of its bytes without making
// them: true in update mode when the output holds name with that sum,
// unchanged since; the file is then part of this build. False otherwise
// (always when the build writes the whole output): the caller writes it.
// It may be called concurrently.
func (d *Dir) Keep(name string, sum [32]byte) bool {
	return checkName(name) == nil && d.keep(name, sum)
}

// keep notes name as kept when the output holds it with sum, unchanged
// since the manifest was written: same size, time and inode, and, when the
// time alone cannot tell (racy), the same content.
func (d *Dir) keep(name string, sum [32]byte) bool {
	if d.old == nil {
		return false
	}
	f, ok := d.old.files[name]
	if !ok || f.sum != sum {
		return false
	}
	p := filepath.Join(d.target, filepath.FromSlash(name))
	info, err := os.Lstat(p)
	if err != nil || !info.Mode().IsRegular() || info.Size() != f.size || info.ModTime().UnixNano() != f.mtime || inode(info) != f.ino {
		return false
	}
	if f.racy {
		data, err := os.ReadFile(p)
		if err != nil || sha256.Sum256(data) != sum {
			return false
		}
		f.racy = time.Since(info.ModTime()) <= cache.RacyAge(info.ModTime().UnixNano())
	}
	d.note(name, f, true)
	return true
}

// matches reports whether the output target is as m describes it: the same
// marker, and every folder with the time it had (a file added or removed
// changes the time of its folder). A folder that changed too close to when
// m was written is compared by the names it holds.
func (m *manifest) matches(target string) bool {
	info, err := os.Lstat(filepath.Join(target, Marker))
	if err != nil || !info.Mode().IsRegular() || inode(info) != m.marker {
		return false
	}
	dirs := slices.Collect(maps.Keys(m.dirs))
	if !eachAtOnce(len(dirs), func(i int) bool {
		info, err := os.Lstat(filepath.Join(target, filepath.FromSlash(dirs[i])))
		return err == nil && info.IsDir() && info.ModTime().UnixNano() == m.dirs[dirs[i]].mtime
	}) {
		return false
	}
	want := map[string]map[string]bool{}
	for dir, f := range m.dirs {
		if f.racy {
			want[dir] = map[string]bool{}
		}
	}
	if len(want) == 0 {
		return true
	}
	if w, ok := want["."]; ok {
		w[Marker] = true
	}
	for _, names := range []func(func(string) bool){maps.Keys(m.files), maps.Keys(m.dirs)} {
		for p := range names {
			if w, ok := want[path.Dir(p)]; ok && p != "." {
				w[path.Base(p)] = true
			}
		}
	}
	for dir, w := range want {
		entries, err := os.ReadDir(filepath.Join(target, filepath.FromSlash(dir)))
		if err != nil || len(entries) != len(w) {
			return false
		}
		for _, e := range entries {
			if !w[e.Name()] {
				return false
			}
		}
		// Read long enough after it changed, the time will tell from now on.
		if f := m.dirs[dir]; time.Since(time.Unix(0, f.mtime)) > cache.RacyAge(f.mtime) {
			m.dirs[dir] = folder{mtime: f.mtime}
		}
	}
	return true
}

// eachAtOnce reports whether ok holds for every i below n, asked on every
// core (pool.Each; a folder's time is one system call each, 14,600 of them
// for a site of 10,000 posts), and no more once one failed.
func eachAtOnce(n int, ok func(int) bool) bool {
	var failed atomic.Bool
	pool.Each(n, func(i int) {
		if !failed.Load() && !ok(i) {
			failed.Store(true)
		}
	})
	return !failed.Load()
}

// commitUpdate moves the files this build wrote into the output, and
// removes the files of the last build that this one did not write or keep,
// and the folders sats made that are left empty. While it runs, the output
// is neither the old nor the new one: the manifest is removed first, so
// that a build killed here leaves none, and the next build writes the whole
// output. A file or folder sats did not write is never replaced or removed.
func (d *Dir) commitUpdate() error {
	if err := CheckTarget(d.target); err != nil {
		return err
	}
	l, err := waitLock(filepath.Join(d.target, Marker))
	if err != nil {
		return diag.Msg("cannot lock the output folder %s: %w", d.target, err)
	}
	defer l.Close()
	if info, err := os.Lstat(filepath.Join(d.target, Marker)); err != nil || inode(info) != d.old.marker || manifestID(d.target) != d.oldID {
		return diag.Msg("output folder %s was changed by another build while this one ran; build again", d.target)
	}
	gone, staged, m := d.plan()
	if len(gone) == 0 && len(staged) == 0 {
		return nil
	}
	if err := removeManifest(d.target); err != nil {
		return err
	}
	c := d.change()
	if err := c.apply(gone, staged, m); err != nil {
		c.undo()
		return diag.Msg("cannot update %s: %w", d.target, err)
	}
	for dir := range m.dirs {
		if _, ok := d.old.dirs[dir]; !ok {
			c.stat[dir] = true
		}
	}
	d.writeManifest(m, c.stat)
	return nil
}

// plan returns what a commit changes: the files of the last build this one
// did not write or keep (gone), the files it wrote (staged), and the
// manifest of the output as it will be, with the times of the folders it
// keeps as they were.
func (d *Dir) plan() (gone, staged []string, m *manifest) {
	for name := range d.old.files {
		if _, ok := d.files[name]; !ok {
			gone = append(gone, name)
		}
	}
	for name := range d.files {
		if !d.kept[name] {
			staged = append(staged, name)
		}
	}
	m = &manifest{marker: d.old.marker, files: d.files, dirs: map[string]folder{".": d.old.dirs["."]}}
	for name := range d.files {
		for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
			if _, ok := m.dirs[dir]; ok {
				break
			}
			m.dirs[dir] = d.old.dirs[dir]
		}
	}
	return gone, staged, m
}

func (d *Dir) change() *change {
	return &change{d: d, aside: filepath.Join(d.tmp, Marker+".aside"), stat: map[string]bool{}, exists: map[string]bool{}}
}

// out returns the place of the output file or folder name in the target.
func (d *Dir) out(name string) string { return filepath.Join(d.target, filepath.FromSlash(name)) }

// change is the changes an update makes to the output, which it undoes when
// one fails: the files it replaces or removes wait in the temporary folder
// until the commit is done.
type change struct {
	d      *Dir
	aside  string // where the files replaced or removed wait
	n      int
	undos  []func()
	stat   map[string]bool // the folders whose entries changed
	exists map[string]bool // the folders of the output there are
}

// apply removes the files gone (sats wrote them, and this build did not)
// and the folders sats made that no file needs now, and moves the files
// staged into the output.
func (c *change) apply(gone, staged []string, m *manifest) error {
	d := c.d
	if err := os.Mkdir(c.aside, 0o755); err != nil {
		return err
	}
	slices.Sort(gone)
	for _, name := range gone {
		if err := c.putAside(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		c.stat[path.Dir(name)] = true
	}
	// Deepest first; a folder that holds a file sats did not write stays.
	for _, dir := range slices.Backward(slices.Sorted(maps.Keys(d.old.dirs))) {
		c.exists[dir] = true
		if _, ok := m.dirs[dir]; !ok && os.Remove(d.out(dir)) == nil {
			c.exists[dir] = false
			c.stat[path.Dir(dir)] = true
			c.undos = append(c.undos, func() { _ = os.Mkdir(d.out(dir), 0o755) })
		}
	}
	slices.Sort(staged)
	for _, name := range staged {
		if err := c.makeDir(path.Dir(name)); err != nil {
			return err
		}
		src, dst := filepath.Join(d.tmp, filepath.FromSlash(name)), d.out(name)
		if _, ok := d.old.files[name]; ok {
			if err := c.replace(src, dst); err != nil {
				return err
			}
		} else {
			// Never over a file someone else put there.
			if err := renameNew(src, dst); err != nil {
				return err
			}
			c.undos = append(c.undos, func() { _ = os.Remove(dst) })
		}
		c.stat[path.Dir(name)] = true
	}
	return nil
}

// replace puts the file src in the place of the file dst sats wrote, in one
// step: the old file stays linked aside until the commit is done.
func (c *change) replace(src, dst string) error {
	c.n++
	a := filepath.Join(c.aside, strconv.Itoa(c.n))
	if err := os.Link(dst, a); err != nil {
		// A file system without links: the file is missing for a moment.
		if err := c.putAside(dst); err != nil {
			return err
		}
		if err := os.Rename(src, dst); err != nil {
			return err
		}
		c.undos = append(c.undos, func() { _ = os.Remove(dst) })
		return nil
	}
	if err := os.Rename(src, dst); err != nil {
		return err
	}
	c.undos = append(c.undos, func() { _ = os.Rename(a, dst) })
	return nil
}

// putAside moves the output file name (or path) aside.
func (c *change) putAside(name string) error {
	p := name
	if !filepath.IsAbs(p) {
		p = c.d.out(name)
	}
	c.n++
	a := filepath.Join(c.aside, strconv.Itoa(c.n))
	if err := os.Rename(p, a); err != nil {
		return err
	}
	c.undos = append(c.undos, func() { _ = os.Rename(a, p) })
	return nil
}

// undo takes back the changes made, last first.
func (c *change) undo() {
	for _, u := range slices.Backward(c.undos) {
		u()
	}
}

// makeDir makes the folder dir of the output and the folders above it,
// unless they exist.
func (c *change) makeDir(dir string) error {
	if dir == "." || c.exists[dir] {
		return nil
	}
	if err := c.makeDir(path.Dir(dir)); err != nil {
		return err
	}
	p := c.d.out(dir)
	if err := os.Mkdir(p, 0o755); err != nil {
		if info, serr := os.Lstat(p); serr != nil || !info.IsDir() {
			return err
		}
	} else {
		c.undos = append(c.undos, func() { _ = os.Remove(p) })
	}
	c.exists[dir] = true
	c.stat[path.Dir(dir)] = true
	return nil
}

// removeManifest removes the manifest of target, if there is one.
func removeManifest(target string) error {
	if err := os.Remove(ManifestPath(target)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return diag.Msg("cannot update %s: %w", target, err)
	}
	return nil
}

// writeManifest writes the manifest of the output d committed, with the
// marker it holds now. A manifest that cannot be written only makes the
// next build write the whole output, so the error is not the build's.
func (d *Dir) writeManifest(m *manifest, stat map[string]bool) {
	info, err := os.Lstat(filepath.Join(d.target, Marker))
	if err != nil {
		return
	}
	m.marker = inode(info)
	_ = writeManifest(d.target, m, stat)
}
