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
	"time"

	"sats/internal/diag"
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
		f.racy = time.Since(info.ModTime()) <= racyAge
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
	want := map[string]map[string]bool{}
	for dir, f := range m.dirs {
		info, err := os.Lstat(filepath.Join(target, filepath.FromSlash(dir)))
		if err != nil || !info.IsDir() || info.ModTime().UnixNano() != f.mtime {
			return false
		}
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
		if f := m.dirs[dir]; time.Since(time.Unix(0, f.mtime)) > racyAge {
			m.dirs[dir] = folder{mtime: f.mtime}
		}
	}
	return true
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
	var gone, staged []string
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
	if len(gone) == 0 && len(staged) == 0 {
		return nil
	}
	if err := removeManifest(d.target); err != nil {
		return err
	}
	m := &manifest{marker: d.old.marker, files: d.files, dirs: map[string]folder{".": d.old.dirs["."]}}
	for name := range d.files {
		for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
			if _, ok := m.dirs[dir]; ok {
				break
			}
			m.dirs[dir] = d.old.dirs[dir]
		}
	}
	stat := map[string]bool{} // the folders whose entries changed
	slices.Sort(gone)
	for _, name := range gone {
		if err := os.Remove(d.out(name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return diag.Msg("cannot update %s: %w", d.target, err)
		}
		stat[path.Dir(name)] = true
	}
	// Folders no file needs now, deepest first; one that holds a file sats
	// did not write stays.
	exists := map[string]bool{}
	for _, dir := range slices.Backward(slices.Sorted(maps.Keys(d.old.dirs))) {
		exists[dir] = true
		if _, ok := m.dirs[dir]; !ok && os.Remove(d.out(dir)) == nil {
			exists[dir] = false
			stat[path.Dir(dir)] = true
		}
	}
	slices.Sort(staged)
	for _, name := range staged {
		if err := d.makeDir(path.Dir(name), exists, stat); err != nil {
			return diag.Msg("cannot update %s: %w", d.target, err)
		}
		src := filepath.Join(d.tmp, filepath.FromSlash(name))
		if _, ok := d.old.files[name]; ok {
			err = os.Rename(src, d.out(name))
		} else {
			err = renameNew(src, d.out(name)) // never over a file someone else put there
		}
		if err != nil {
			return diag.Msg("cannot update %s: %w", d.target, err)
		}
		stat[path.Dir(name)] = true
	}
	for dir := range m.dirs {
		if _, ok := d.old.dirs[dir]; !ok {
			stat[dir] = true
		}
	}
	d.writeManifest(m, stat)
	return nil
}

// out returns the place of the output file or folder name in the target.
func (d *Dir) out(name string) string { return filepath.Join(d.target, filepath.FromSlash(name)) }

// makeDir makes the folder dir of the output in the target, and the folders
// above it, unless they exist; the folders whose entries change are noted in
// stat.
func (d *Dir) makeDir(dir string, exists, stat map[string]bool) error {
	if dir == "." || exists[dir] {
		return nil
	}
	if err := d.makeDir(path.Dir(dir), exists, stat); err != nil {
		return err
	}
	if err := os.Mkdir(d.out(dir), 0o755); err != nil {
		if info, serr := os.Lstat(d.out(dir)); serr != nil || !info.IsDir() {
			return err
		}
	}
	exists[dir] = true
	stat[path.Dir(dir)] = true
	return nil
}

// removeManifest removes the manifest of target, if there is one.
func removeManifest(target string) error {
	if err := os.Remove(manifestPath(target)); err != nil && !errors.Is(err, fs.ErrNotExist) {
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
