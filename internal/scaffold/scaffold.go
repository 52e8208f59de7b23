// Package scaffold owns `sats new`: it creates the file for a new news post,
// report or project in the right place, with the front matter or record the
// site expects, dated today in the site's time zone and marked as a draft.
// It never overwrites a file or a record that exists.
package scaffold

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"sats/internal/diag"
	"sats/internal/load"
	"sats/internal/locale"
)

// Kinds lists what New can create.
func Kinds() []string { return []string{"news", "report", "project"} }

// New creates a draft of kind with title in the site at root and returns the
// paths it created or changed, relative to root.
func New(root, kind, title string, now time.Time) ([]string, error) {
	title = strings.TrimSpace(title)
	if title == "" {
		return nil, diag.Msg("the title is empty; give it in quotes: sats new news \"Tittel på saken\"")
	}
	cfg, loc, err := load.LoadConfig(os.DirFS(root))
	if err != nil {
		return nil, err
	}
	slug := locale.Slug(title)
	if slug == "" {
		return nil, diag.Msg("cannot make a file name from %q; use letters or digits in the title", title)
	}
	today := now.In(loc).Format("2006-01-02")
	q := quote(title)
	switch kind {
	case "news":
		name := filepath.Join(load.ContentDir, cfg.Sections.News, slug+".md")
		body := fmt.Sprintf("---\ntitle: %s\ndate: %s\nsummary: \"\"\ntags: []\ndraft: true\n---\n\n", q, today)
		return []string{filepath.ToSlash(name)}, create(root, name, body)
	case "report":
		name := filepath.Join(load.ContentDir, cfg.Sections.Reports, slug+".md")
		body := fmt.Sprintf("---\ntitle: %s\ndate: %s\nsummary: \"\"\npublisher: %s\ntoc: true\ntags: []\ndraft: true\n---\n\n", q, today, quote(cfg.Author))
		return []string{filepath.ToSlash(name)}, create(root, name, body)
	case "project":
		return newProject(root, cfg, slug, q)
	}
	return nil, diag.Msg("cannot create %q; choose one of: %s", kind, strings.Join(Kinds(), ", "))
}

// quote writes s as a YAML string.
func quote(s string) string {
	b, _ := yaml.Marshal(s)
	return strings.TrimSpace(string(b))
}

// create writes a new file, refusing to replace one.
func create(root, name, content string) error {
	p := filepath.Join(root, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return diag.Msg("%s exists already; choose another title or edit that file", filepath.ToSlash(name))
	}
	if err != nil {
		return err
	}
	_, err = f.WriteString(content)
	return errors.Join(err, f.Close())
}

// newProject adds a draft record to data/projects.yaml and creates the
// project's text file.
func newProject(root string, cfg *load.Config, id, title string) ([]string, error) {
	data := filepath.Join(load.DataDir, "projects.yaml")
	src, err := os.ReadFile(filepath.Join(root, data))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if bytes.Contains(src, []byte("id: "+id+"\n")) {
		return nil, diag.Msg("%s has a project with id %s already; choose another title", filepath.ToSlash(data), id)
	}
	if len(src) == 0 {
		src = []byte("projects:\n")
	}
	if !bytes.HasSuffix(src, []byte("\n")) {
		src = append(src, '\n')
	}
	record := fmt.Sprintf("  - id: %s\n    title: %s\n    applicant: \"\"\n    focusArea: \"\"\n    support: \"\"\n    municipalities: []\n    summary: \"\"\n    draft: true\n", id, title)
	text := filepath.Join(load.ContentDir, cfg.Sections.Projects, id+".md")
	if err := create(root, text, "---\nsummary: \"\"\n---\n\n"); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(root, data), append(src, record...), 0o644); err != nil {
		return nil, err
	}
	return []string{filepath.ToSlash(data), filepath.ToSlash(text)}, nil
}
