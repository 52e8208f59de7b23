package load

import (
	"cmp"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"

	"sats/internal/diag"
)

// Reload returns the input with the files in changed read again; everything
// else is taken from prev. changed holds slash-separated paths relative to the
// site root (content/nyheter/a.md); a path that no longer exists is removed,
// and a folder stands for everything below it. A change to data/site.yaml, or
// a nil prev, reads the whole site again (a nil prev with no front matter
// schemas for the sections).
//
// Markdown files are read one by one, so an edit to one news post costs one
// file read however large the site is. The data files, layouts and the list of
// static files are small and are read again as a whole when any of them
// changed.
func Reload(fsys fs.FS, prev *Input, changed []string) (*Input, error) {
	if prev == nil {
		return Load(fsys, nil)
	}
	if slices.Contains(changed, DataDir+"/site.yaml") {
		return Load(fsys, prev.frontMatter)
	}
	in := *prev
	var problems diag.List
	var content []string
	reloaded := map[string]bool{}
	for _, c := range changed {
		top, _, _ := strings.Cut(c, "/")
		if reloaded[top] && top != ContentDir {
			continue
		}
		reloaded[top] = true
		switch top {
		case DataDir:
			in.Data = Data{}
			problems.Append(in.loadData())
		case LayoutDir:
			in.Layouts = nil
			problems.Append(in.loadLayouts())
		case StaticDir:
			in.Static = nil
			problems.Append(in.loadStatic())
		case ContentDir:
			content = append(content, c)
		}
	}
	if len(content) > 0 {
		problems.Append(in.reloadDocs(content))
	}
	return &in, problems.Err()
}

// reloadDocs reads the changed Markdown files again.
func (in *Input) reloadDocs(changed []string) error {
	byPath := make(map[string]*Document, len(in.Docs))
	for _, d := range in.Docs {
		byPath[d.Path] = d
	}
	var problems diag.List
	for _, c := range changed {
		info, err := fs.Stat(in.FS, c)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			// Removed (or renamed away): drop it and anything below it.
			for p := range byPath {
				if p == c || strings.HasPrefix(p, c+"/") {
					delete(byPath, p)
				}
			}
			continue
		case err != nil:
			problems.Add(diag.Pos{Path: c}, "cannot read: %v", err)
			continue
		}
		// A new or changed folder: read every file below it.
		files := []string{c}
		if info.IsDir() {
			files = nil
			problems.Append(walk(in.FS, c, func(name string) error {
				files = append(files, name)
				return nil
			}))
		}
		for _, name := range files {
			base := path.Base(name)
			if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") {
				continue
			}
			if !strings.HasSuffix(name, ".md") {
				problems.Add(diag.Pos{Path: name}, "content/ holds only Markdown (.md) pages; put images and other files in static/")
				continue
			}
			src, err := readText(in.FS, name)
			if err != nil {
				problems.Append(err)
				continue
			}
			doc, err := ParseDocument(name, src, in.Location)
			problems.Append(err)
			if doc != nil {
				byPath[name] = doc
				problems.Append(in.checkFrontMatter(doc, err))
			}
		}
	}
	in.Docs = make([]*Document, 0, len(byPath))
	for _, d := range byPath {
		in.Docs = append(in.Docs, d)
	}
	sortDocs(in.Docs)
	return problems.Err()
}

func sortDocs(docs []*Document) {
	slices.SortFunc(docs, func(a, b *Document) int { return cmp.Compare(a.Path, b.Path) })
}
