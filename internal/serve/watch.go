package serve

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"sats/internal/load"
)

// watcher reports changed files below the site's folders.
type watcher struct {
	root string
	w    *fsnotify.Watcher
}

func newWatcher(root string) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, w: fw}
	for _, dir := range []string{load.ContentDir, load.DataDir, load.LayoutDir, load.StaticDir} {
		if err := w.addTree(filepath.Join(root, dir)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			fw.Close()
			return nil, err
		}
	}
	return w, nil
}

func (w *watcher) close() { _ = w.w.Close() }

// addTree watches a folder and every folder below it.
func (w *watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && ignored(d.Name()) {
				return filepath.SkipDir
			}
			return w.w.Add(p)
		}
		return nil
	})
}

// ignored reports files editors write beside the real ones: hidden files,
// backups, swap files and Vim's write test.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") ||
		strings.HasSuffix(name, ".tmp") || name == "4913"
}

// loop collects events until none has come for debounce, then reports the
// changed paths (slash-separated, relative to the root) at once: an editor's
// save-by-rename or a git checkout of many files is one rebuild.
func (w *watcher) loop(ctx context.Context, debounce time.Duration, rebuild func([]string)) {
	pending := map[string]bool{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.w.Events:
			if !ok {
				return
			}
			if ignored(filepath.Base(ev.Name)) {
				continue
			}
			rel, err := filepath.Rel(w.root, ev.Name)
			if err != nil || strings.HasPrefix(rel, "..") {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					_ = w.addTree(ev.Name) // a new folder: watch it and what is in it
				}
			}
			if ev.Op == fsnotify.Chmod {
				continue
			}
			pending[filepath.ToSlash(rel)] = true
			timer.Reset(debounce)
		case <-w.w.Errors:
			// An overflow loses events; rebuild everything to be safe.
			pending[load.DataDir+"/site.yaml"] = true
			timer.Reset(debounce)
		case <-timer.C:
			changed := make([]string, 0, len(pending))
			for p := range pending {
				changed = append(changed, p)
			}
			slices.Sort(changed)
			pending = map[string]bool{}
			rebuild(changed)
		}
	}
}
