// Package load owns reading a site's source files from an fs.FS: the settings
// in data/site.yaml, the Markdown pages in content/ with their front matter,
// the YAML records in data/, the templates in layouts/ and the list of files in
// static/.
//
// Load checks what can be checked within one file (YAML syntax, unknown or
// misspelt keys, values of the wrong type, dates that do not exist, invalid
// UTF-8), checks every data file and front matter against its JSON Schema
// (package schema: allowed values, slugs, minimums, the keys each kind of page
// needs; the schema of the pages in a section's folder is the one the model's
// table of page kinds names, given to Load), and reports every such problem at
// its file, line and column. It does
// not follow references between files: that is the model's job.
//
// A Date is read as precisely as it is written: a day, a month, a season or a
// year (2021-09-01, 2021-09, 2021-autumn or «høsten 2021», 2021), placed at
// the first day of its period.
//
// Text files may start with a UTF-8 byte order mark and use CRLF line endings;
// both are removed before parsing, so positions stay those an editor shows.
package load

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"sats/internal/cache"
	"sats/internal/diag"
	"sats/internal/schema"
)

// MaxFileSize is the largest content, data or layout file Load accepts.
const MaxFileSize = 4 << 20

// The top-level folders of a site.
const (
	ContentDir = "content"
	DataDir    = "data"
	LayoutDir  = "layouts"
	StaticDir  = "static"
)

// Input is everything read from a site's source.
type Input struct {
	FS       fs.FS
	Config   Config
	Location *time.Location // the site's time zone
	Docs     []*Document    // content/**/*.md, in path order
	Data     Data
	Layouts  []Layout // layouts/**/*.html, in path order
	Static   []string // files under static/, paths relative to static/, in order

	schemas     *schema.Set   // the schemas of data files and front matter (see schemaSet)
	compiled    chan struct{} // closed when schemas is compiled, or failed with compileErr
	compileErr  error
	frontMatter map[string]string // the schema of the pages in each section, by section key
	bySection   map[string]string // the same by the section's folder (sectionSchemas)
	store       cache.Values      // parsed documents of earlier runs (LoadStored), or nil
	now         func() time.Time  // the clock (tests set it); nil is time.Now
}

// Config is data/site.yaml.
type Config struct {
	Title       string   `yaml:"title" schema:"required,nonEmptyText" doc:"The site's name, shown in the header and in feeds." example:"Sats på Hallingdal"`
	Description string   `yaml:"description" doc:"One sentence, used in feeds and as the default meta description."`
	BaseURL     string   `yaml:"baseURL" schema:"required,absoluteURL" doc:"The absolute URL the site is served from."`
	Language    string   `yaml:"language" schema:"required,language" doc:"The language of the pages: their dates, numbers and typography, and data/i18n/<language>.yaml." example:"nb"`
	TimeZone    string   `yaml:"timeZone" schema:"pattern=^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$" doc:"The time zone of dates without a zone, from the IANA database." example:"Europe/Oslo" fix:"use a name from the time zone database such as Europe/Oslo"`
	Author      string   `yaml:"author" doc:"The publisher named in feeds."`
	Paginate    int      `yaml:"paginate" schema:"min=1" doc:"News posts per page of the news list (default 10)." example:"10" fix:"write how many news posts a page of the news list shows, e.g. 10"`
	PagePath    string   `yaml:"pagePath" schema:"slug" doc:"The folder of the news list's pages 2, 3, …: /nyheter/<pagePath>/2/ (default page)." example:"side"`
	Sections    Sections `yaml:"sections" schema:"required" doc:"The URL (and content folder) of each kind of page."`
	Menu        []Link   `yaml:"menu" doc:"The main menu, in order."`
	Footer      []Link   `yaml:"footer" doc:"The links in the footer, in order."`
	// Languages holds the settings of the site's other languages, whose pages
	// are under /<language>/: title, description, menus and section names.
	// A section left out does not exist in that language.
	Languages map[string]*Language `yaml:"languages" doc:"The site's other languages, by language code; their pages are under /<language>/."`
	Pos       diag.Pos             `yaml:"-"`
}

// Language is the settings of one of the site's other languages.
type Language struct {
	Title       string   `yaml:"title" doc:"The site's name in this language."`
	Description string   `yaml:"description"`
	PagePath    string   `yaml:"pagePath" schema:"slug" example:"page"`
	Sections    Sections `yaml:"sections" schema:"partial" doc:"The section names in this language; a section left out does not exist in it."`
	Menu        []Link   `yaml:"menu"`
	Footer      []Link   `yaml:"footer"`
	Pos         diag.Pos `yaml:"-"`
}

// LanguageConfig returns the settings for language lang: the site's own for
// its language, else those of Languages[lang] over the site's.
func (c *Config) LanguageConfig(lang string) Config {
	out := *c
	l := c.Languages[lang]
	if lang == c.Language || l == nil {
		return out
	}
	out.Language = lang
	out.Sections = l.Sections
	out.Menu, out.Footer = l.Menu, l.Footer
	if l.Title != "" {
		out.Title = l.Title
	}
	if l.Description != "" {
		out.Description = l.Description
	}
	if l.PagePath != "" {
		out.PagePath = l.PagePath
	}
	return out
}

// Langs returns the site's languages, its own first, then the others in
// alphabetical order.
func (c *Config) Langs() []string {
	langs := []string{c.Language}
	for _, l := range slices.Sorted(maps.Keys(c.Languages)) {
		if l != c.Language {
			langs = append(langs, l)
		}
	}
	return langs
}

// Sections names the URL path (and content folder) of each kind of section.
// The yaml key of a field is what the model's table of page kinds names as a
// kind's setting (see Map).
type Sections struct {
	News           string `yaml:"news" schema:"required,slug" example:"nyheter"`
	Reports        string `yaml:"reports" schema:"required,slug" example:"rapporter"`
	Projects       string `yaml:"projects" schema:"required,slug" example:"prosjekter"`
	FocusAreas     string `yaml:"focusAreas" schema:"required,slug" example:"innsatsomrader"`
	Municipalities string `yaml:"municipalities" schema:"required,slug" example:"kommuner"`
	Results        string `yaml:"results" schema:"required,slug" example:"resultater"`
	Data           string `yaml:"data" schema:"slug" doc:"The open data: /<data>/<figure>.csv (default data)." example:"data"`
	Tags           string `yaml:"tags" schema:"required,slug" example:"emner"`
	Events         string `yaml:"events" schema:"slug" doc:"Optional: the folder of events, content/<events>/." example:"arrangementer"`
}

// The keys of Sections that the model's table of page kinds names.
const (
	SectionNews           = "news"
	SectionReports        = "reports"
	SectionProjects       = "projects"
	SectionFocusAreas     = "focusAreas"
	SectionMunicipalities = "municipalities"
	SectionResults        = "results"
	SectionData           = "data"
	SectionTags           = "tags"
	SectionEvents         = "events"
)

// Map returns the section names by their yaml key, leaving out the sections
// that are not set.
func (s Sections) Map() map[string]string {
	out := map[string]string{}
	v := reflect.ValueOf(s)
	for _, f := range schema.Fields(v.Type()) {
		if name := v.Field(f.Index).String(); name != "" {
			out[f.Key] = name
		}
	}
	return out
}

// Link is a menu entry.
type Link struct {
	Title string   `yaml:"title" schema:"required,nonEmptyText" example:"Om programmet"`
	URL   string   `yaml:"url" schema:"required,url"`
	Pos   diag.Pos `yaml:"-"`
}

// Layout is one template file.
type Layout struct {
	Path string // e.g. layouts/partials/header.html
	Name string // path below layouts/ without .html, e.g. partials/header
	Src  string
}

// Load reads the site in fsys. frontMatter names the schema (package schema)
// of the front matter of the Markdown files in each section's folder, by the
// section's key in Sections (the model's table of page kinds gives it: see
// model.FrontMatterSchemas); a section it leaves out is checked by the model
// alone. Load returns every problem it found, as a diag.List, together with
// what it could read.
func Load(fsys fs.FS, frontMatter map[string]string) (*Input, error) {
	return LoadStored(fsys, frontMatter, nil)
}

// LoadStored is Load taking the documents whose files did not change from
// store, and keeping there the ones it parses (nil: none).
func LoadStored(fsys fs.FS, frontMatter map[string]string, store cache.Values) (*Input, error) {
	in := &Input{FS: fsys, Location: time.UTC, frontMatter: frontMatter, store: store, compiled: make(chan struct{})}
	// The schemas compile while the files are read and decoded; the checks
	// wait for them (schemaSet).
	go func() {
		in.schemas, in.compileErr = schema.Compile()
		close(in.compiled)
	}()
	var problems diag.List

	// The data folder is checked before its settings are read from it.
	if err := checkFolder(fsys, DataDir); err != nil {
		return nil, err
	}
	// Settings come first: the time zone they name is needed to read dates.
	src, err := readText(fsys, DataDir+"/site.yaml")
	if err != nil {
		return nil, err
	}
	checkSite := decodeThenCheck(schema.Site, DataDir+"/site.yaml", src, 0, time.UTC, &in.Config)
	in.Config.fillDefaults()
	var zone diag.List
	if in.Config.TimeZone != "" {
		loc, err := time.LoadLocation(in.Config.TimeZone)
		if err != nil {
			zone.Add(in.Config.Pos, "unknown time zone %q; use a name such as Europe/Oslo", in.Config.TimeZone)
		} else {
			in.Location = loc
		}
	}
	in.bySection = in.sectionSchemas()
	// The pages are read on every core meanwhile; their problems come after
	// those of the data files, as when one was read after the other.
	var contentErr error
	contentDone := make(chan struct{})
	go func() {
		contentErr = in.loadContent()
		close(contentDone)
	}()
	problems = append(problems, checkSite(in.schemaSet())...)
	if in.compileErr != nil {
		<-contentDone
		return nil, in.compileErr
	}
	problems = append(problems, zone...)
	problems.Append(in.loadData())
	<-contentDone
	problems.Append(contentErr)
	sortDocs(in.Docs)
	problems.Append(in.loadLayouts())
	problems.Append(in.loadStatic())
	return in, problems.Err()
}

// LoadConfig reads only data/site.yaml, for tools that need the settings of
// a site whose other files may be broken.
func LoadConfig(fsys fs.FS) (*Config, *time.Location, error) {
	src, err := readText(fsys, DataDir+"/site.yaml")
	if err != nil {
		return nil, nil, err
	}
	schemas, err := schema.Compile()
	if err != nil {
		return nil, nil, err
	}
	var c Config
	problems := decodeChecked(schemas, schema.Site, DataDir+"/site.yaml", src, 0, time.UTC, &c)
	c.fillDefaults()
	loc := time.UTC
	if c.TimeZone != "" {
		if l, err := time.LoadLocation(c.TimeZone); err == nil {
			loc = l
		}
	}
	return &c, loc, problems.Err()
}

// fillDefaults fills in the settings left out. The languages, the baseURL
// and the section names are checked by the schema of data/site.yaml, at
// their own lines.
func (c *Config) fillDefaults() {
	if !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	if c.Paginate <= 0 {
		c.Paginate = 10
	}
	if c.PagePath == "" {
		c.PagePath = "page"
	}
	if c.Sections.Data == "" {
		c.Sections.Data = "data"
	}
}

// readText reads a text file, refusing files that are too large or not UTF-8,
// and removes a byte order mark and CR characters of CRLF line endings.
func readText(fsys fs.FS, name string) ([]byte, error) {
	src, _, err := readTextInfo(fsys, name)
	return src, err
}

// readTextInfo is readText, also returning what the file system said of
// the file before it was read.
func readTextInfo(fsys fs.FS, name string) ([]byte, fs.FileInfo, error) {
	info, err := fs.Lstat(fsys, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, diag.Errorf(diag.Pos{Path: name}, "file is missing; create it (see docs/content-model.md)")
		}
		return nil, nil, diag.Errorf(diag.Pos{Path: name}, "cannot read: %w", err)
	}
	src, err := readChecked(fsys, name, info)
	return src, info, err
}

// readChecked reads a text file whose facts are info.
func readChecked(fsys fs.FS, name string, info fs.FileInfo) ([]byte, error) {
	if err := notRegular(name, info.Mode()); err != nil {
		return nil, err
	}
	if info.Size() > MaxFileSize {
		mb := float64((info.Size()*10+(1<<20)-1)>>20) / 10 // rounded up: never "4 MB, more than 4 MB"
		return nil, diag.Errorf(diag.Pos{Path: name}, "file is %.1f MB, more than the %d MB allowed; split it or put large files in static/", mb, MaxFileSize>>20)
	}
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, diag.Errorf(diag.Pos{Path: name}, "cannot read: %w", err)
	}
	return cleanText(name, b)
}

func cleanText(name string, b []byte) ([]byte, error) {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	if bytes.IndexByte(b, '\r') >= 0 {
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	}
	if !utf8.Valid(b) {
		line, col := 1, 1
		for i := 0; i < len(b); {
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			if r == '\n' {
				line, col = line+1, 0
			}
			col++
			i += size
		}
		return nil, diag.Errorf(diag.Pos{Path: name, Line: line, Col: col}, "the file is not valid UTF-8; save it with UTF-8 encoding")
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return nil, diag.Errorf(diag.Pos{Path: name, Line: bytes.Count(b[:i], []byte("\n")) + 1}, "the file contains a NUL byte; it is not a text file")
	}
	return b, nil
}

// walk lists the regular files under dir in lexical order. It refuses
// symbolic links (a link could point outside the site), dir itself included,
// special files (named pipes, devices, sockets: never opened, as opening a
// pipe waits for a writer) and names with control characters or invalid
// UTF-8, naming the file with %q so that no name reaches a terminal or a CI
// log as it is.
func walk(fsys fs.FS, dir string, fn func(name string) error) error {
	if err := checkFolder(fsys, dir); err != nil {
		return err
	}
	var problems diag.List
	err := fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			problems.Add(diag.Pos{Path: name}, "cannot read: %v", err)
			return nil
		}
		base := path.Base(name)
		if err := badName(path.Dir(name), base); err != nil {
			problems.Append(err)
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if name != dir && (strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil // editor backups and hidden files
		}
		if d.IsDir() {
			return nil
		}
		if err := notRegular(name, d.Type()); err != nil {
			problems.Append(err)
			return nil
		}
		problems.Append(fn(name))
		return nil
	})
	if err != nil {
		problems.Append(err)
	}
	return problems.Err()
}

// checkFolder refuses a top-level folder that is a symbolic link or not a
// folder (fs.WalkDir would follow the link). A missing folder is fine.
func checkFolder(fsys fs.FS, dir string) error {
	info, err := fs.Lstat(fsys, dir)
	switch {
	case err != nil || info.IsDir():
		return nil
	case info.Mode()&fs.ModeSymlink != 0:
		return diag.Errorf(diag.Pos{Path: dir}, "symbolic links are not allowed in the site; make %s/ a folder of the site and copy the files into it", dir)
	}
	return diag.Errorf(diag.Pos{Path: dir}, "%s is not a folder; the site's %s/ must be a folder", dir, dir)
}

// notRegular refuses a file that is a symbolic link or a special file.
func notRegular(name string, mode fs.FileMode) error {
	switch {
	case mode&fs.ModeSymlink != 0:
		return diag.Errorf(diag.Pos{Path: name}, "symbolic links are not allowed in the site; copy the file instead")
	case !mode.IsRegular():
		return diag.Errorf(diag.Pos{Path: name}, "%s is not a regular file (a named pipe, device or socket); remove it from the site", path.Base(name))
	}
	return nil
}

// MaxNameLength is the longest file or folder name, in bytes, that the
// site may have (most file systems allow 255).
const MaxNameLength = 200

// badName reports what is wrong with the name of a file in the folder dir,
// or returns nil. The problem is at the folder, and the name is quoted.
func badName(dir, name string) error {
	pos := diag.Pos{Path: dir}
	switch {
	case !utf8.ValidString(name):
		return diag.Errorf(pos, "file name %q is not valid UTF-8; rename it with letters, digits, '-' and '.'", name)
	case strings.ContainsFunc(name, unicode.IsControl):
		return diag.Errorf(pos, "file name %q has a control character (a line break, tab or the like); rename it with letters, digits, '-' and '.'", name)
	case len(name) > MaxNameLength:
		return diag.Errorf(pos, "file name %q is %d bytes long, more than the %d allowed; rename it with letters, digits, '-' and '.'", name, len(name), MaxNameLength)
	}
	return nil
}

func (in *Input) loadLayouts() error {
	return walk(in.FS, LayoutDir, func(name string) error {
		if !strings.HasSuffix(name, ".html") {
			return diag.Errorf(diag.Pos{Path: name}, "layouts/ holds only .html templates; move this file to static/")
		}
		src, err := readText(in.FS, name)
		if err != nil {
			return err
		}
		in.Layouts = append(in.Layouts, Layout{
			Path: name,
			Name: strings.TrimSuffix(strings.TrimPrefix(name, LayoutDir+"/"), ".html"),
			Src:  string(src),
		})
		return nil
	})
}

func (in *Input) loadStatic() error {
	return walk(in.FS, StaticDir, func(name string) error {
		in.Static = append(in.Static, strings.TrimPrefix(name, StaticDir+"/"))
		return nil
	})
}
