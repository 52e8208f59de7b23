// Package write owns putting a built site on disk without ever leaving a
// half-written site behind.
//
// Begin makes a fresh folder beside the target (public/ → .public.tmp-…); the
// build writes every file there; Commit swaps it in for the old output in one
// step and removes the old files. A build that fails calls Abort, and one that
// is killed leaves only a temporary folder, which the next Begin removes: the
// previous output stays exactly as it was until a complete new one replaces it.
package write

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"sats/internal/diag"
)

// Dir is an output folder being written.
type Dir struct {
	target string
	tmp    string
	trash  string        // the prefix of previous outputs waiting to be removed
	swept  chan struct{} // closed when the previous outputs are removed

	mu   sync.Mutex
	dirs map[string]bool // folders already made
}

// staleAge is how old a temporary folder must be before Begin removes it as
// left over from a killed build (a younger one may belong to a build that is
// still running).
const staleAge = 10 * time.Minute

// Begin starts writing a new version of the folder target.
func Begin(target string) (*Dir, error) {
	target = filepath.Clean(target)
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
			if info, err := os.Stat(o); err == nil && time.Since(info.ModTime()) > staleAge {
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
	d := &Dir{target: target, tmp: tmp, trash: filepath.Join(parent, "."+base+".old-"),
		dirs: map[string]bool{".": true}, swept: make(chan struct{})}
	// The output the last build replaced is removed while this one runs.
	go func() {
		defer close(d.swept)
		old, _ := filepath.Glob(d.trash + "*")
		for _, o := range old {
			_ = os.RemoveAll(o)
		}
	}()
	return d, nil
}

// Target returns the folder the output goes to.
func (d *Dir) Target() string { return d.target }

// localPath checks that name is a clean relative path inside the output and
// returns its place in the temporary folder.
func (d *Dir) localPath(name string) (string, error) {
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, `\`) {
		return "", fmt.Errorf("output path %q is not a clean relative path inside the output folder", name)
	}
	dir := path.Dir(name)
	d.mu.Lock()
	made := d.dirs[dir]
	d.mu.Unlock()
	if !made {
		if err := os.MkdirAll(filepath.Join(d.tmp, filepath.FromSlash(dir)), 0o755); err != nil {
			return "", err
		}
		d.mu.Lock()
		d.dirs[dir] = true
		d.mu.Unlock()
	}
	return filepath.Join(d.tmp, filepath.FromSlash(name)), nil
}

// WriteFile writes one output file. It may be called concurrently.
func (d *Dir) WriteFile(name string, data []byte) error {
	p, err := d.localPath(name)
	if err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// Copy copies a file from r into the output.
func (d *Dir) Copy(name string, r io.Reader) error {
	p, err := d.localPath(name)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	return errors.Join(err, f.Close())
}

// Commit replaces the target folder with what was written. The previous
// output is moved aside (.public.old-…) and removed by the next build, in
// the background, so a build does not wait for thousands of deletions.
func (d *Dir) Commit() error {
	<-d.swept
	if _, err := os.Lstat(d.target); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(d.tmp, d.target)
	}
	if err := swap(d.tmp, d.target); err != nil {
		return diag.Msg("cannot replace %s: %w", d.target, err)
	}
	// d.tmp now holds the previous output.
	return os.Rename(d.tmp, d.trash+filepath.Base(d.tmp))
}

// Abort removes what was written; the target is left as it was.
func (d *Dir) Abort() error {
	<-d.swept
	return os.RemoveAll(d.tmp)
}
