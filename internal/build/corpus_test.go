package build

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"sats/internal/diag"
	"sats/internal/load"
	"sats/internal/model"
	"sats/internal/schema"
)

// corpusDir holds the corpus of bad inputs: one txtar archive per case, laid
// over the minimal site and the small data set of _base.txtar. The archive's
// -- expect -- section is the exact list of problems the build must report,
// one per line, in order, in Norwegian (the language staff read); its
// -- expect.en -- section is the same list in English (-lang en). go test
// -run Corpus -update rewrites both from what the build reports. Lines of the
// comment starting with "fs: " change the file system in ways a txtar file
// cannot express:
//
//	fs: symlink PATH             PATH is a symbolic link (to /etc/passwd); the
//	                             files of a folder PATH are removed first
//	fs: fifo PATH                PATH is a named pipe
//	fs: create "PATH"            PATH (Go string syntax, for names such as
//	                             "static/a\nb") is an empty file
//	fs: oversize PATH            PATH is larger than load.MaxFileSize
//	fs: remove PATH              PATH of the base site is removed
//	fs: replace PATH "OLD" "NEW" the first OLD in PATH becomes NEW (Go string
//	                             syntax, for bytes such as "\xff" or "\r\n")
const corpusDir = "../../testdata/bad"

type corpusCase struct {
	name   string
	file   string // the archive
	fsys   fstest.MapFS
	want   []string // in Norwegian
	wantEN []string // in English
}

var update = flag.Bool("update", false, "rewrite the expected problems of testdata/bad from what the build reports")

// lines splits a section of an archive into its lines that are not empty.
func lines(data []byte) []string {
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if line != "" {
			out = append(out, line)
		}
	}
	return out
}

func readCorpus(t *testing.T) []corpusCase {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(corpusDir, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	base := siteFS("")
	data, err := txtar.ParseFile(filepath.Join(corpusDir, "_base.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range data.Files {
		base[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	var cases []corpusCase
	for _, name := range names {
		if strings.HasPrefix(filepath.Base(name), "_") {
			continue
		}
		a, err := txtar.ParseFile(name)
		if err != nil {
			t.Fatal(err)
		}
		c := corpusCase{name: strings.TrimSuffix(filepath.Base(name), ".txtar"), file: name, fsys: fstest.MapFS{}}
		for k, v := range base {
			c.fsys[k] = &fstest.MapFile{Data: v.Data, Mode: v.Mode}
		}
		for _, f := range a.Files {
			switch f.Name {
			case "expect":
				c.want = lines(f.Data)
				continue
			case "expect.en":
				c.wantEN = lines(f.Data)
				continue
			}
			c.fsys[f.Name] = &fstest.MapFile{Data: f.Data}
		}
		if err := applyDirectives(c.fsys, string(a.Comment)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(c.want) == 0 && !*update {
			t.Fatalf("%s has no -- expect -- section", name)
		}
		cases = append(cases, c)
	}
	return cases
}

func applyDirectives(fsys fstest.MapFS, comment string) error {
	for _, line := range strings.Split(comment, "\n") {
		rest, ok := strings.CutPrefix(line, "fs: ")
		if !ok {
			continue
		}
		verb, arg, _ := strings.Cut(rest, " ")
		switch verb {
		case "symlink":
			for name := range fsys {
				if strings.HasPrefix(name, arg+"/") {
					delete(fsys, name)
				}
			}
			fsys[arg] = &fstest.MapFile{Data: []byte("/etc/passwd"), Mode: fs.ModeSymlink | 0o777}
		case "fifo":
			fsys[arg] = &fstest.MapFile{Mode: fs.ModeNamedPipe | 0o644}
		case "create":
			name, err := strconv.Unquote(arg)
			if err != nil {
				return fmt.Errorf("fs: create %s: %v", arg, err)
			}
			fsys[name] = &fstest.MapFile{}
		case "oversize":
			fsys[arg] = &fstest.MapFile{Data: bytes.Repeat([]byte("a\n"), load.MaxFileSize/2+1)}
		case "remove":
			if fsys[arg] == nil {
				return fmt.Errorf("fs: remove %s: no such file", arg)
			}
			delete(fsys, arg)
		case "replace":
			path, quoted, _ := strings.Cut(arg, " ")
			var old, repl string
			if _, err := fmt.Sscanf(quoted, "%q %q", &old, &repl); err != nil {
				return fmt.Errorf("fs: replace %s: %v", arg, err)
			}
			f := fsys[path]
			if f == nil || !bytes.Contains(f.Data, []byte(old)) {
				return fmt.Errorf("fs: replace: %s has no %s", path, strconv.Quote(old))
			}
			f.Data = bytes.Replace(f.Data, []byte(old), []byte(repl), 1)
		default:
			return fmt.Errorf("unknown directive %q", line)
		}
	}
	return nil
}

// TestCorpusOfBadInputs builds every case of testdata/bad in memory: each
// must fail, write nothing, and report exactly the expected problems in order,
// in Norwegian and in English.
func TestCorpusOfBadInputs(t *testing.T) {
	cases := readCorpus(t)
	if len(cases) < 30 {
		t.Errorf("the corpus has %d cases, want at least 30", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := &Memory{}
			_, err := Build(c.fsys, out, Options{Model: model.Options{Now: testNow}})
			if err == nil {
				t.Fatal("the build succeeded; want it to fail")
			}
			if out.Committed || !out.Aborted {
				t.Errorf("committed=%v aborted=%v; a failed build must abort and commit nothing", out.Committed, out.Aborted)
			}
			var got, gotEN []string
			for _, p := range diag.Problems(err) {
				got = append(got, p.In(diag.Norwegian))
				gotEN = append(gotEN, p.Error())
			}
			if *update {
				updateExpect(t, c.file, got, gotEN)
				return
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			if c.wantEN != nil && !slices.Equal(gotEN, c.wantEN) {
				t.Errorf("problems in English:\n%s\nwant:\n%s", strings.Join(gotEN, "\n"), strings.Join(c.wantEN, "\n"))
			}
		})
	}
}

// updateExpect rewrites the expect and expect.en sections of an archive.
func updateExpect(t *testing.T, file string, nb, en []string) {
	t.Helper()
	a, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var files []txtar.File
	for _, f := range a.Files {
		switch f.Name {
		case "expect":
			files = append(files, txtar.File{Name: "expect", Data: []byte(strings.Join(nb, "\n") + "\n")},
				txtar.File{Name: "expect.en", Data: []byte(strings.Join(en, "\n") + "\n")})
		case "expect.en":
		default:
			files = append(files, f)
		}
	}
	a.Files = files
	if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCorpusBaseBuilds makes sure the cases fail for their own reason: the
// base they are laid over builds without a problem.
func TestCorpusBaseBuilds(t *testing.T) {
	fsys := siteFS("")
	data, err := txtar.ParseFile(filepath.Join(corpusDir, "_base.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range data.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	if _, err := Build(fsys, &Memory{}, Options{Model: model.Options{Now: testNow}}); err != nil {
		t.Fatalf("the corpus base does not build:\n%v", err)
	}
}

// TestEveryComputeTheSchemaAllowsIsComputed keeps the schema's list of
// computed figures in step with the model: each value it allows builds.
func TestEveryComputeTheSchemaAllowsIsComputed(t *testing.T) {
	raw, err := fs.ReadFile(schema.Files(), "results.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Defs map[string]struct {
			Properties map[string]struct {
				Enum []string `json:"enum"`
			} `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	kinds := doc.Defs["figure"].Properties["compute"].Enum
	if len(kinds) == 0 {
		t.Fatal("results.schema.json lists no compute values at $defs/figure/properties/compute/enum")
	}
	for _, kind := range kinds {
		archive := "-- data/results.yaml --\nfigures:\n  - {id: f, title: F, compute: " + kind + "}\n"
		b := buildSite(t, archive)
		if b.err != nil {
			t.Errorf("compute %s, allowed by the schema, does not build:\n%v", kind, b.err)
		}
	}
}
