// Package write owns putting a built site on disk without ever leaving a
// half-written site behind, and without touching a file sats did not write.
// It writes in one of two modes.
//
// Staging and swap (Begin): a fresh folder is made beside the target
// (public/ → .public.tmp-…); the build writes every file there; Commit swaps
// it in for the old output in one step (renameat2 RENAME_EXCHANGE where the
// system has it) and moves the old output aside (.public.old-…), for the
// next build to remove. A build that fails calls Abort, and one that is
// killed leaves only a temporary folder, which the next build removes: the
// previous output stays exactly as it was until a complete new one replaces
// it.
//
// Update in place (Update): a build after a small edit changes only the
// files that changed. Every Commit writes a manifest beside the output
// (.public.manifest): each file sats wrote, with its SHA-256, size, time and
// inode, and each folder with its time, which changes when a file is added
// to it or removed from it. Update checks the time of every folder against
// the manifest; when all match, the Dir is in update mode (Updating): a
// WriteFile whose bytes have the SHA-256 the manifest names, of a file still
// as sats wrote it (same size, time and inode), writes nothing, and Keep
// lets a caller that knows a file's sum skip making its bytes at all. The
// files that did change are written to a temporary folder, and Commit moves
// them into the output, removes the files of the last build that this one
// did not write or keep and the folders sats made that are left empty, and
// writes the new manifest. An entry that changed too close to when the
// manifest was written for its time to tell a later change is checked by
// its content (its names, for a folder). Update falls back to staging and
// swap, a full write, whenever it cannot be sure: no output or manifest yet,
// a manifest that is damaged or of another output, a folder whose time
// changed (a file added or removed by hand), a build killed while it
// committed (Commit removes the manifest first, so that one leaves none).
// A commit that fails undoes what it changed; one that finds the output
// changed by another build since Update fails, and the build is run again.
// Commits of builds of the same output never run at the same time.
//
// The output folder holds the marker file .sats-output (the folders inside
// it do not). Begin and Update refuse a target that is a symbolic link, is
// not a folder, or is a folder that holds files but no marker (sats did not
// make it); the whole of a folder with the marker is sats' to replace, but
// sats only ever removes folders that carry the marker (or are empty), and an
// update never removes or replaces a file that is not in its manifest.
// CheckPlace refuses an output folder that would hold or overwrite the
// site's own source.
package write

import (
	"crypto/sha256"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"sats/internal/diag"
)

// Marker is the name of the file written into every output folder; its
// presence tells a later build that the folder is sats' own to replace.
const Marker = ".sats-output"

const markerText = "This folder is written by sats; every build replaces it whole. Do not keep other files here.\n"

// Dir is an output folder being written.
type Dir struct {
	target string
	tmp    string
	trash  string        // the prefix of previous outputs waiting to be removed
	swept  chan struct{} // closed when the previous outputs are removed
	lock   io.Closer     // held while the build runs: tells other builds tmp is in use

	// old is, in update mode, the output as the last build left it (its
	// manifest); nil when the build writes the whole output (staging + swap).
	old   *manifest
	oldID [32]byte // the SHA-256 of the manifest old was read from

	mu    sync.Mutex
	dirs  map[string]bool  // folders already made in tmp
	files map[string]facts // every file of this build, written or kept
	kept  map[string]bool  // update mode: the files left as they are in the target
}

// Begin starts writing a new version of the folder target. It refuses a
// target that sats may not replace (see CheckTarget), and removes what
// killed builds left beside it.
func Begin(target string) (*Dir, error) {
	target = filepath.Clean(target)
	if err := CheckTarget(target); err != nil {
		return nil, err
	}
	return begin(target)
}

// begin makes the temporary folder beside target and starts removing the
// outputs earlier builds replaced.
func begin(target string) (*Dir, error) {
	parent, base := filepath.Split(target)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, diag.Msg("cannot create output folder: %w", err)
	}
	prefix := "." + base + ".tmp-"
	if old, _ := filepath.Glob(filepath.Join(parent, prefix+"*")); len(old) > 0 {
		for _, o := range old {
			// A temporary folder whose lock is free belongs to a build that
			// was killed; one still locked to a build that is running. A
			// build killed before it wrote its marker left its folder empty.
			switch {
			case !ours(o):
				_ = os.Remove(o) // fails unless empty
			case !locked(filepath.Join(o, Marker)):
				_ = os.RemoveAll(o)
			}
		}
	}
	tmp, err := os.MkdirTemp(parent, prefix)
	if err != nil {
		return nil, diag.Msg("cannot create temporary output folder: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte(markerText), 0o644); err != nil {
		_ = os.RemoveAll(tmp)
		return nil, diag.Msg("cannot create temporary output folder: %w", err)
	}
	lock, err := lockFile(filepath.Join(tmp, Marker))
	if err != nil {
		_ = os.RemoveAll(tmp)
		return nil, diag.Msg("cannot lock the temporary output folder: %w", err)
	}
	d := &Dir{target: target, tmp: tmp, trash: filepath.Join(parent, "."+base+".old-"), lock: lock,
		dirs: map[string]bool{".": true}, files: map[string]facts{}, swept: make(chan struct{})}
	// The output the last build replaced is removed while this one runs.
	go func() {
		defer close(d.swept)
		old, _ := filepath.Glob(d.trash + "*")
		for _, o := range old {
			remove(o)
		}
	}()
	return d, nil
}

// ours reports whether dir is a folder sats wrote: it holds the marker.
func ours(dir string) bool {
	info, err := os.Lstat(filepath.Join(dir, Marker))
	return err == nil && info.Mode().IsRegular()
}

// remove removes dir when sats wrote it, or when it is empty; anything else
// stays.
func remove(dir string) {
	if ours(dir) {
		_ = os.RemoveAll(dir)
		return
	}
	_ = os.Remove(dir) // fails unless empty
}

// CheckTarget reports why target may not be an output folder: it is a
// symbolic link (sats does not follow it: give the folder it points to),
// it is not a folder, or it holds files without the marker of a sats output.
// A missing or empty folder is fine.
func CheckTarget(target string) error {
	info, err := os.Lstat(target)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return diag.Msg("cannot use output folder %s: %w", target, err)
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		return diag.Msg("output folder %s is a symbolic link; give the folder it points to with -o", target)
	}
	if !info.IsDir() {
		return diag.Msg("output folder %s is a file, not a folder; give another -o", target)
	}
	if ours(target) {
		return nil
	}
	entries, err := os.ReadDir(target)
	if err != nil {
		return diag.Msg("cannot use output folder %s: %w", target, err)
	}
	if len(entries) > 0 {
		return diag.Msg("output folder %s holds files sats did not write (it has no %s marker), and a build replaces the whole folder; give an empty or new folder with -o, or move those files away", target, Marker)
	}
	return nil
}

// CheckPlace reports why target may not be the output folder of the site in
// source: it is the site's folder, holds it, or lies inside one of the
// site's folders named in inside (relative to source), e.g. content/ or
// static/. Both paths are compared after resolving symbolic links.
func CheckPlace(target, source string, inside ...string) error {
	t, err := resolve(target)
	if err != nil {
		return diag.Msg("cannot use output folder %s: %w", target, err)
	}
	s, err := resolve(source)
	if err != nil {
		return diag.Msg("cannot use source folder %s: %w", source, err)
	}
	if within(s, t) {
		if t == s {
			return diag.Msg("output folder %s is the site's own folder, and a build replaces the whole output folder; give a folder of its own with -o, e.g. %s", target, filepath.Join(source, "public"))
		}
		return diag.Msg("output folder %s holds the site's folder %s, and a build replaces the whole output folder; give a folder of its own with -o, e.g. %s", target, source, filepath.Join(source, "public"))
	}
	for _, dir := range inside {
		if within(t, filepath.Join(s, dir)) {
			return diag.Msg("output folder %s is inside the site's %s/ folder, which the build reads; give a folder outside it with -o, e.g. %s", target, dir, filepath.Join(source, "public"))
		}
	}
	return nil
}

// within reports whether p is dir or lies below it.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// resolve returns the absolute path of p with the symbolic links of its
// existing part resolved; the part that does not exist yet is kept as given.
func resolve(p string) (string, error) {
	p, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var rest []string
	for {
		r, err := filepath.EvalSymlinks(p)
		if err == nil {
			return filepath.Join(append([]string{r}, rest...)...), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(p)
		if parent == p {
			return "", err
		}
		rest = append([]string{filepath.Base(p)}, rest...)
		p = parent
	}
}

// Target returns the folder the output goes to.
func (d *Dir) Target() string { return d.target }

// checkName reports why name may not be the path of an output file.
func checkName(name string) error {
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, `\`) {
		return diag.Msg("output path %q is not a clean relative path inside the output folder", name)
	}
	if first, _, _ := strings.Cut(name, "/"); first == Marker || strings.HasPrefix(first, Marker+".") {
		return diag.Msg("output path %q is the marker sats keeps in every output folder; rename the file", name)
	}
	return nil
}

// localPath returns the place of the output file name in the temporary
// folder, making the folders it goes in.
func (d *Dir) localPath(name string) (string, error) {
	if err := d.mkdir(path.Dir(name)); err != nil {
		return "", err
	}
	return filepath.Join(d.tmp, filepath.FromSlash(name)), nil
}

// mkdir makes the folder dir of the output and the folders above it that
// were not made yet, with one system call each: the temporary folder starts
// empty, so what this Dir has not made does not exist (os.MkdirAll would ask
// for every folder first, which costs a call per folder of every page).
func (d *Dir) mkdir(dir string) error {
	d.mu.Lock()
	made := d.dirs[dir]
	d.mu.Unlock()
	if made {
		return nil
	}
	if err := d.mkdir(path.Dir(dir)); err != nil {
		return err
	}
	// Another goroutine may make the same folder at the same time.
	if err := os.Mkdir(filepath.Join(d.tmp, filepath.FromSlash(dir)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	d.mu.Lock()
	d.dirs[dir] = true
	d.mu.Unlock()
	return nil
}

// WriteFile writes one output file. In update mode, a file the output
// already holds with these bytes is kept as it is instead. It may be called
// concurrently.
func (d *Dir) WriteFile(name string, data []byte) error {
	return d.WriteSum(name, data, sha256.Sum256(data))
}

// WriteSum is WriteFile for a caller that has the SHA-256 sum of data at
// hand (the manifest records every file's), so that it is not made twice.
func (d *Dir) WriteSum(name string, data []byte, sum [32]byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	if d.keep(name, sum) {
		return nil
	}
	return d.stage(name, func(w io.Writer) ([32]byte, error) {
		_, err := w.Write(data)
		return sum, err
	})
}

// Copy copies a file from r into the output as a stream, never holding it
// whole. In update mode, a file the output already holds with these bytes
// is kept as it is (the copy made to learn that is removed).
func (d *Dir) Copy(name string, r io.Reader) error {
	if err := checkName(name); err != nil {
		return err
	}
	var sum [32]byte
	err := d.stage(name, func(w io.Writer) ([32]byte, error) {
		h := sha256.New()
		_, err := io.Copy(io.MultiWriter(w, h), r)
		h.Sum(sum[:0])
		return sum, err
	})
	if err == nil && d.keep(name, sum) {
		return os.Remove(filepath.Join(d.tmp, filepath.FromSlash(name)))
	}
	return err
}

// stage writes the output file name into the temporary folder with write,
// which returns the SHA-256 of what it wrote, and notes it.
func (d *Dir) stage(name string, write func(io.Writer) ([32]byte, error)) error {
	p, err := d.localPath(name)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	sum, err := write(f)
	info, serr := f.Stat()
	if err := errors.Join(err, serr, f.Close()); err != nil {
		return err
	}
	d.note(name, facts{sum: sum, size: info.Size(), mtime: info.ModTime().UnixNano(), ino: inode(info)}, false)
	return nil
}

// note records a file of this build, as written into tmp or kept.
func (d *Dir) note(name string, f facts, kept bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.files[name] = f
	switch {
	case kept:
		d.kept[name] = true
	case d.kept != nil:
		delete(d.kept, name)
	}
}

// Commit puts what was written in place: in update mode file by file (see
// commitUpdate), else by replacing the target folder whole. The previous
// output is moved aside (.public.old-…) and removed by the next build, in
// the background, so a build does not wait for thousands of deletions.
// Then the manifest of the new output is written.
func (d *Dir) Commit() error {
	<-d.swept
	defer d.lock.Close()
	if d.old != nil {
		defer os.RemoveAll(d.tmp) // what is left there was not moved in
		return d.commitUpdate()
	}
	// The target is checked again: it may have changed while the build ran.
	if err := CheckTarget(d.target); err != nil {
		_ = os.RemoveAll(d.tmp)
		return err
	}
	m := &manifest{files: d.files, dirs: map[string]folder{}}
	for dir := range d.dirs {
		m.dirs[dir] = folder{}
	}
	if _, err := os.Lstat(d.target); errors.Is(err, fs.ErrNotExist) {
		if err := removeManifest(d.target); err != nil {
			_ = os.RemoveAll(d.tmp)
			return err
		}
		if err := os.Rename(d.tmp, d.target); err != nil {
			return err
		}
		d.writeManifest(m, nil)
		return nil
	}
	if ours(d.target) {
		// An update of the same output commits before or after this swap,
		// not during it.
		if l, err := waitLock(filepath.Join(d.target, Marker)); err == nil {
			defer l.Close()
		}
	}
	// The manifest goes first: a build killed before the new one is written
	// leaves none, and the next build writes the whole output.
	if err := removeManifest(d.target); err != nil {
		_ = os.RemoveAll(d.tmp)
		return err
	}
	if err := swap(d.tmp, d.target); err != nil {
		return diag.Msg("cannot replace %s: %w", d.target, err)
	}
	d.writeManifest(m, nil)
	// d.tmp now holds the previous output.
	return os.Rename(d.tmp, d.trash+filepath.Base(d.tmp))
}

// Abort removes what was written; the target is left as it was.
func (d *Dir) Abort() error {
	<-d.swept
	defer d.lock.Close()
	return os.RemoveAll(d.tmp)
}
